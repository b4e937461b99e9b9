package io.streetgate.drivers.pi4j.output;

import io.streetgate.driver.ActuatorDriver;
import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.drivers.pi4j.StreetFixture;
import io.streetgate.sim.SimFault;
import io.streetgate.sim.bus.RecordedOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.streetgate.drivers.pi4j.StreetFixture.GPIO;
import static io.streetgate.drivers.pi4j.StreetFixture.device;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PWM dimmer and the relay on the simulated board, whose outputs record every setting. */
class ActuatorDriversTest {

    static final BusConfig PWM = new BusConfig("pwm", "pwm", Map.of());

    StreetFixture fixture;
    ActuatorDriver driver;

    ActuatorDriver actuator(DeviceConfig config) throws DriverException {
        fixture = new StreetFixture(config);
        driver = fixture.factory.createActuator(config);
        driver.init();
        return driver;
    }

    RecordedOutput.Setting lampNow() {
        return fixture.street.board().pwm(0).orElseThrow().current().orElseThrow();
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aLevelBecomesADutyCycleAtTheConfiguredFrequencyAndIsReadBack() throws DriverException {
        ActuatorDriver lamp = actuator(device("lamp", "pwm_dimmer", PWM, 0, Map.of("frequency", "2000", "min_duty", "10")));
        assertTrue(fixture.street.board().pwm(0).orElseThrow().history().isEmpty(), "init leaves the lamp as it is");

        lamp.apply(0.5);

        assertEquals(55.0, lampNow().dutyCycle(), 1e-4);
        assertEquals(2000, lampNow().frequency());
        assertTrue(lampNow().on());
        assertEquals(0.5, lamp.readBack(), 1e-6);
        lamp.apply(0);
        assertFalse(lampNow().on());
        assertEquals(0, lamp.readBack());
    }

    @Test
    void anInvertedStageGetsTheComplementAndFullLevelTurnsItsOutputFullyOff() throws DriverException {
        ActuatorDriver lamp = actuator(device("lamp", "pwm_dimmer", GPIO, 0, Map.of("inverted", "true", "max_duty", "80")));

        lamp.apply(1);
        assertEquals(20.0, lampNow().dutyCycle(), 1e-4);
        assertEquals(1, lamp.readBack(), 1e-6);
        lamp.apply(0);
        assertEquals(100.0, lampNow().dutyCycle(), 1e-4, "level 0 on an inverted stage: the pin high all the time");
        assertEquals(0, lamp.readBack());
    }

    @Test
    void levelsOutside0To1AreRefused() throws DriverException {
        ActuatorDriver lamp = actuator(device("lamp", "pwm_dimmer", PWM, 0, Map.of()));

        assertThrows(IllegalArgumentException.class, () -> lamp.apply(1.2));
        assertThrows(IllegalArgumentException.class, () -> lamp.apply(Double.NaN));
    }

    @Test
    void aChannelThatIsGoneOrIgnoresSettingsIsAFaultAndCloseLeavesTheLampLit() throws DriverException {
        ActuatorDriver lamp = actuator(device("lamp", "pwm_dimmer", PWM, 0, Map.of()));
        lamp.apply(0.3);

        fixture.street.injectFault("lamp", SimFault.STUCK);
        DriverException stuck = assertThrows(DriverException.class, () -> lamp.apply(0.9));
        assertEquals(DriverFault.IMPLAUSIBLE, stuck.fault());
        assertEquals(0.3, lamp.readBack(), 1e-6, "what the output really does");
        fixture.street.injectFault("lamp", SimFault.NACK);
        assertEquals(DriverFault.NO_DEVICE, assertThrows(DriverException.class, () -> lamp.apply(0.9)).fault());
        fixture.street.clearFault("lamp");
        lamp.apply(0.9);
        lamp.close();
        driver = null;

        assertEquals(90.0, lampNow().dutyCycle(), 1e-4);
        assertTrue(lampNow().on());
    }

    @Test
    void aRelaySwitchesOnAndOffAndAnActiveLowBoardGetsTheOppositeLevel() throws DriverException {
        ActuatorDriver fan = actuator(device("fan", "relay", GPIO, 23, Map.of("active", "low")));
        RecordedOutput line = fixture.street.board().digitalOutput(23).orElseThrow();
        assertEquals(List.of(true), line.history().stream().map(RecordedOutput.Setting::on).toList(),
                "claimed at the off level: high on an active-low board");

        fan.apply(1);
        assertFalse(line.current().orElseThrow().on(), "on: the pin low");
        assertEquals(1, fan.readBack());
        fixture.clock.advance(Duration.ofMinutes(5));
        fan.apply(0);
        assertTrue(line.current().orElseThrow().on());
        assertEquals(0, fan.readBack());
        assertThrows(IllegalArgumentException.class, () -> fan.apply(0.5), "a relay has no middle");
    }

    @Test
    void aRelayLineThatIsGoneOrStuckIsAFault() throws DriverException {
        ActuatorDriver heater = actuator(device("heater", "relay", GPIO, 24, Map.of()));
        heater.apply(1);

        fixture.street.injectFault("heater", SimFault.STUCK);
        assertEquals(DriverFault.IMPLAUSIBLE, assertThrows(DriverException.class, () -> heater.apply(0)).fault());
        assertEquals(1, heater.readBack(), "still on, and saying so");
        fixture.street.injectFault("heater", SimFault.NACK);
        assertEquals(DriverFault.NO_DEVICE, assertThrows(DriverException.class, () -> heater.apply(0)).fault());
        fixture.street.clearFault("heater");
        heater.apply(0);
        assertEquals(0, heater.readBack());
    }

    @Test
    void theFactoryMakesActuatorsOnlyThroughCreateActuatorAndChecksTheirOptions() {
        DeviceConfig relay = device("fan", "relay", GPIO, 23, Map.of());
        DeviceConfig badCurve = device("lamp", "pwm_dimmer", PWM, 0, Map.of("min_duty", "70", "max_duty", "20"));
        DeviceConfig onI2c = device("lamp2", "pwm_dimmer", StreetFixture.I2C_1, 0, Map.of());
        fixture = new StreetFixture(relay);

        assertEquals(java.util.Set.of("pwm_dimmer", "relay"), fixture.factory.actuatorTypes());
        assertFalse(fixture.factory.types().contains("relay"));
        DriverException asSensor = assertThrows(DriverException.class, () -> fixture.factory.create(relay));
        assertTrue(asSensor.getMessage().contains("it is an actuator: createActuator"), asSensor.getMessage());
        assertEquals("device 'lamp' (pwm_dimmer): min_duty 70.0 and max_duty 20.0 must satisfy 0 <= min_duty <= max_duty <= 100",
                assertThrows(DriverException.class, () -> fixture.factory.createActuator(badCurve)).getMessage());
        assertEquals(DriverFault.CONFIGURATION, assertThrows(DriverException.class,
                () -> fixture.factory.createActuator(onI2c)).fault());
        assertTrue(assertThrows(DriverException.class, () -> fixture.factory.createActuator(
                device("x", "bme280", StreetFixture.I2C_1, 0x76, Map.of()))).getMessage()
                .startsWith("actuator 'x': type 'bme280' is not a Pi4J actuator type"));
    }
}
