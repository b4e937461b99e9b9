package io.streetgate.drivers.pi4j;

import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DeviceCatalog;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DeviceType;
import io.streetgate.driver.OptionSpec;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.SensorDriver;
import io.streetgate.sim.SimulatedStreet;
import io.streetgate.sim.StreetScenario;
import io.streetgate.driver.time.TimeBase;
import com.pi4j.context.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.streetgate.drivers.pi4j.StreetFixture.GPIO;
import static io.streetgate.drivers.pi4j.StreetFixture.I2C_1;
import static io.streetgate.drivers.pi4j.StreetFixture.device;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Pi4jDriverFactoryTest {

    StreetFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** One device of every sensor type the factory makes, as a site file would list them. */
    static final List<DeviceConfig> EVERY_SENSOR = List.of(device("env", "bme280", I2C_1, 0x77, Map.of()),
            device("light", "BH1750", I2C_1, 0x5C, Map.of()), device("pir", "pir", GPIO, 4, Map.of()),
            device("air", "sht4x", I2C_1, 0x44, Map.of()), device("co2", "scd4x", I2C_1, 0x62, Map.of()),
            device("pm", "sps30", I2C_1, 0x69, Map.of()), device("light2", "veml7700", I2C_1, 0x10, Map.of()),
            device("noise", "sound_level", I2C_1, 0x48, Map.of()), device("volts", "analog", I2C_1, 0x49, Map.of()),
            device("pm-uart", "pms5003", new BusConfig("u0", "serial", Map.of("port", "/dev/ttyAMA0")), -1, Map.of()),
            device("radar", "ld2410", new BusConfig("u1", "serial", Map.of("port", "/dev/ttyUSB0")), -1, Map.of()),
            device("water", "water_meter", GPIO, 22, Map.of()));

    @Test
    void makesEverySensorTypeAndEachPassesItsSelfTestOnItsTwin() throws DriverException {
        // gateway time at 200 times the wall clock: the SCD4x self-test takes 10 s of it
        fixture = StreetFixture.accelerated(new ScriptedScenario(), 200, EVERY_SENSOR.toArray(new DeviceConfig[0]));

        Set<String> all = new java.util.HashSet<>(fixture.factory.types());
        all.addAll(fixture.factory.actuatorTypes());
        assertEquals(Set.copyOf(Pi4jDriverFactory.catalog().names()), all, "the catalog: sensors and actuators");
        assertEquals(fixture.factory.types(), EVERY_SENSOR.stream().map(d -> d.type().toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toSet()), "every type is exercised here");
        for (DeviceConfig config : EVERY_SENSOR) {
            SensorDriver driver = fixture.driver(config.id());
            assertEquals(config.id(), driver.id());
            io.streetgate.driver.SelfTestResult result = driver.selfTest();
            assertTrue(result.passed(), () -> config.id() + ": " + result);
        }
    }

    @Test
    void publishesItsDeviceTypesForSiteFileValidation() {
        DeviceCatalog catalog = Pi4jDriverFactory.catalog();

        assertEquals(List.of("bme280", "bh1750", "pir", "sht4x", "scd4x", "sps30", "veml7700", "sound_level", "analog",
                "pms5003", "ld2410", "water_meter", "pwm_dimmer", "relay"), List.copyOf(catalog.names()));
        assertEquals("channel", catalog.type("pwm_dimmer").orElseThrow().addressing().key());
        assertEquals(DeviceType.Addressing.none(), catalog.type("pms5003").orElseThrow().addressing());
        DeviceType pir = catalog.type("pir").orElseThrow();
        assertEquals(List.of("gpio"), pir.busKinds());
        assertEquals("pin", pir.addressing().key());
        assertEquals("50ms", pir.option("debounce").orElseThrow().defaultValue());
        assertEquals("2h", pir.option("stuck_high").orElseThrow().defaultValue());
        assertEquals("0x76 or 0x77", catalog.type("bme280").orElseThrow().addressing().describeValid());
        // every default passes its own check, as the validator will apply it
        for (DeviceType type : catalog.types()) {
            for (OptionSpec option : type.options()) {
                assertTrue(option.check(option.defaultValue(), problem -> { }).isPresent(), type.name() + " " + option.name());
            }
        }
    }

    @Test
    void refusesDevicesOnTheWrongKindOfBusOrAnUnknownType() {
        fixture = new StreetFixture(device("env", "bme280", GPIO, 0x76, Map.of()),
                device("pir", "pir", I2C_1, 4, Map.of()), device("kettle", "teapot", I2C_1, 0x62, Map.of()),
                device("odd", "bme280", new BusConfig("i2c-x", "i2c", Map.of("number", "one")), 0x76, Map.of()));

        DriverException wrongBus = assertThrows(DriverException.class, () -> fixture.driver("env"));
        assertEquals(DriverFault.CONFIGURATION, wrongBus.fault());
        assertEquals("device 'env' (bme280) is on bus 'gpio' of kind 'gpio'; it needs a i2c bus", wrongBus.getMessage());
        assertEquals(DriverFault.CONFIGURATION, assertThrows(DriverException.class, () -> fixture.driver("pir")).fault());
        DriverException unknown = assertThrows(DriverException.class, () -> fixture.driver("kettle"));
        assertTrue(unknown.getMessage().startsWith("device 'kettle': type 'teapot' is not a Pi4J driver type"));
        DriverException badNumber = assertThrows(DriverException.class, () -> fixture.driver("odd"));
        assertEquals("bus 'i2c-x': setting number='one' is not an I2C bus number; use e.g. 1 for /dev/i2c-1",
                badNumber.getMessage());
    }

    @Test
    void aDeviceOnABusTheBoardDoesNotHaveFailsAtInitAsABusFault() throws DriverException {
        fixture = new StreetFixture(device("env", "bme280", new BusConfig("i2c-9", "i2c", Map.of("number", "9")), 0x76, Map.of()));
        fixture.street.board().detach(9, 0x76);
        // bus 9 exists because the street put a chip on it; a bus nobody configured does not
        SensorDriver onMissingBus = fixture.factory.create(device("ghost", "bh1750",
                new BusConfig("i2c-5", "i2c", Map.of("number", "5")), 0x23, Map.of()));

        assertEquals(DriverFault.BUS, assertThrows(DriverException.class, onMissingBus::init).fault());
        assertEquals(DriverFault.NO_DEVICE, assertThrows(DriverException.class, fixture.driver("env")::init).fault());
    }

    @Test
    void onAnAcceleratedStreetLightIsReadAndPassersByShowUpAsMotion() throws Exception {
        // as `streetgate run --simulate` wires it: a street scenario, gateway time 1000 times the wall clock
        TimeBase fast = TimeBase.accelerated(Instant.parse("2024-06-21T10:00:00Z"), 1000);
        List<DeviceConfig> devices = List.of(device("light", "bh1750", I2C_1, 0x23, Map.of()),
                device("pir", "pir", GPIO, 4, Map.of()));
        StreetScenario paris = new StreetScenario(48.85, 2.35, 3).withFootfall(600, 600);
        try (SimulatedStreet street = SimulatedStreet.create(devices, paris, fast.clock())) {
            Context pi4j = street.newPi4jContext();
            try {
                Pi4jDriverFactory factory = new Pi4jDriverFactory(pi4j, fast);
                SensorDriver light = factory.create(devices.get(0));
                SensorDriver pir = factory.create(devices.get(1));
                light.init();
                pir.init();

                Measurement morning = light.read().get(0);
                assertTrue(morning.value() > 1000, "daylight in Paris: " + morning.value());
                assertFalse(morning.timestamp().isBefore(Instant.parse("2024-06-21T10:00:00Z")));
                double events = 0;
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (events == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                    events += pir.read().get(1).value();
                }
                assertTrue(events > 0, "10 people a minute pass by");
                light.close();
                pir.close();
            } finally {
                pi4j.shutdown();
            }
        }
    }
}
