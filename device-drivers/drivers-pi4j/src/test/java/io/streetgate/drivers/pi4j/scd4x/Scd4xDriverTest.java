package io.streetgate.drivers.pi4j.scd4x;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.QualityFlag;
import io.streetgate.driver.SelfTestResult;
import io.streetgate.drivers.pi4j.FaultDrill;
import io.streetgate.drivers.pi4j.ScriptedScenario;
import io.streetgate.drivers.pi4j.StreetFixture;
import io.streetgate.sim.SimFault;
import io.streetgate.sim.chip.scd4x.Scd4xChip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.streetgate.drivers.pi4j.StreetFixture.I2C_1;
import static io.streetgate.drivers.pi4j.StreetFixture.device;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Scd4xDriverTest {

    StreetFixture fixture;

    Scd4xDriver driver(Map<String, String> options) throws DriverException {
        fixture = new StreetFixture(new ScriptedScenario().set(Quantity.CO2, 612), device("co2", "scd4x", I2C_1, 0x62, options));
        return fixture.driver("co2");
    }

    Scd4xChip chip() {
        return fixture.street.chip("co2", Scd4xChip.class).orElseThrow();
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** The next periodic result is due 5 s on. */
    List<Measurement> nextReading(Scd4xDriver scd) throws DriverException {
        fixture.clock.advance(Duration.ofSeconds(5));
        return scd.read();
    }

    @Test
    void theDatasheetConversions() {
        assertEquals(-45, Scd4xDriver.celsius(0), 1e-9);
        assertEquals(130, Scd4xDriver.celsius(0xFFFF), 1e-9);
        assertEquals(50, Scd4xDriver.percentRh(0x8000), 0.001);
        // set_temperature_offset: 4 Cel is 0x05DA (4 · 65535 / 175 = 1497.9)
        assertEquals(0x05DA, Scd4xDriver.offsetWord(4.0));
    }

    @Test
    void initStopsConfiguresAndStartsPeriodicMeasurement() throws DriverException {
        Scd4xDriver scd = driver(Map.of("temperature_offset", "5.5", "altitude", "420", "asc", "false"));

        assertTrue(scd.init().identity().startsWith("serial "));

        assertTrue(chip().measuringPeriodically());
        assertEquals(5.5, chip().temperatureOffset(), 175.0 / 65535);
        assertEquals(420, chip().altitude());
        assertFalse(chip().automaticSelfCalibration());
        assertEquals(0, chip().persistCount(), "settings are not written to EEPROM on every start");
    }

    @Test
    void aSensorLeftMeasuringByAnEarlierRunIsStoppedBeforeItIsConfigured() throws DriverException {
        Scd4xDriver scd = driver(Map.of("altitude", "80"));
        chip().onWrite(new byte[] {0x21, (byte) 0xB1}); // start_periodic_measurement, sent by a run that crashed
        assertTrue(chip().measuringPeriodically());

        scd.init();

        assertEquals(80, chip().altitude(), "configured: refused while measuring, so the driver stopped it first");
        assertTrue(chip().measuringPeriodically());
    }

    @Test
    void readsCo2TemperatureAndHumidityEveryFiveSeconds() throws DriverException {
        Scd4xDriver scd = driver(Map.of());
        scd.init();
        fixture.scenario.temperature = 19.0;
        fixture.scenario.humidity = 62.0;

        DriverException early = assertThrows(DriverException.class, scd::read);
        assertEquals(DriverFault.NOT_READY, early.fault());
        List<Measurement> readings = nextReading(scd);

        assertEquals(List.of(Quantity.CO2, Quantity.TEMPERATURE, Quantity.HUMIDITY),
                readings.stream().map(Measurement::quantity).toList());
        assertEquals(612, readings.get(0).value());
        // the element runs 4 K warm; the default offset of 4 Cel takes it off again
        assertEquals(19.0, readings.get(1).value(), 0.01);
        assertEquals(62.0, readings.get(2).value(), 0.002);
        assertEquals(DriverFault.NOT_READY, assertThrows(DriverException.class, scd::read).fault(), "one result, read once");
    }

    @Test
    void co2OutsideTheAccuracyRangeIsFlaggedAndZeroIsASentinel() throws DriverException {
        Scd4xDriver scd = driver(Map.of());
        scd.init();
        fixture.scenario.set(Quantity.CO2, 6500);
        Measurement high = nextReading(scd).get(0);
        fixture.scenario.set(Quantity.CO2, 0);

        assertEquals(6500, high.value());
        assertTrue(high.quality().has(QualityFlag.OUT_OF_RANGE));
        assertEquals(DriverFault.IMPLAUSIBLE, assertThrows(DriverException.class, () -> nextReading(scd)).fault());
    }

    @Test
    void lowPowerModeGivesAResultEveryThirtySeconds() throws DriverException {
        Scd4xDriver scd = driver(Map.of("mode", "low-power"));
        scd.init();

        assertEquals(DriverFault.NOT_READY, assertThrows(DriverException.class, () -> nextReading(scd)).fault());
        fixture.clock.advance(Duration.ofSeconds(25));
        assertEquals(612, scd.read().get(0).value());
    }

    @Test
    void everyBusFaultDropsTheReadingAndTheSensorRecovers() throws DriverException {
        Scd4xDriver scd = driver(Map.of());
        scd.init();

        FaultDrill.everyI2cFault(fixture, "co2", scd, () -> nextReading(scd), DriverFault.CHECKSUM);
    }

    @Test
    void aSensorThatLostPowerStopsGivingResultsAndIsReinitialised() throws DriverException {
        Scd4xDriver scd = driver(Map.of());
        scd.init();
        chip().powerCycle(); // a brown-out: back idle, measuring nothing

        assertEquals(DriverFault.NOT_READY, assertThrows(DriverException.class, () -> nextReading(scd)).fault());
        fixture.clock.advance(Duration.ofSeconds(11));
        assertEquals(DriverFault.TIMEOUT, assertThrows(DriverException.class, scd::read).fault(), "three results overdue");
        scd.init();
        assertEquals(612, nextReading(scd).get(0).value());
    }

    @Test
    void aStuckSensorRepeatsItsLastResult() throws DriverException {
        Scd4xDriver scd = driver(Map.of());
        scd.init();
        nextReading(scd);
        fixture.street.injectFault("co2", SimFault.STUCK);
        fixture.scenario.set(Quantity.CO2, 900);

        assertEquals(612, nextReading(scd).get(0).value());
        fixture.street.clearFault("co2");
        assertEquals(900, nextReading(scd).get(0).value());
    }

    @Test
    void selfTestRunsTheSensorsOwnSelfTest() throws DriverException {
        fixture = StreetFixture.accelerated(new ScriptedScenario().set(Quantity.CO2, 480), 1000,
                device("co2", "scd4x", I2C_1, 0x62, Map.of()));
        Scd4xDriver scd = fixture.driver("co2");

        SelfTestResult ok = scd.selfTest();
        chip().failSelfTest(true);
        SelfTestResult broken = scd.selfTest();

        assertTrue(ok.passed(), ok.toString());
        assertEquals(List.of("serial number (CRC)", "self-test command", "co2", "temperature", "humidity"),
                ok.checks().stream().map(SelfTestResult.Check::name).toList());
        assertFalse(broken.passed());
        assertEquals("malfunction word 0x0001", broken.checks().get(1).detail());
        assertTrue(chip().measuringPeriodically(), "measuring again after the self-test");
    }
}
