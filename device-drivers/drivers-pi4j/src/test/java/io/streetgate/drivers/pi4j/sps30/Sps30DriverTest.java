package io.streetgate.drivers.pi4j.sps30;

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
import io.streetgate.sim.StreetScenario;
import io.streetgate.sim.chip.sps30.Sps30Chip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.streetgate.drivers.pi4j.StreetFixture.I2C_1;
import static io.streetgate.drivers.pi4j.StreetFixture.device;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Sps30DriverTest {

    StreetFixture fixture;

    Sps30Driver driver(Map<String, String> options) throws DriverException {
        ScriptedScenario air = new ScriptedScenario().set(Quantity.PM1, 6).set(Quantity.PM2_5, 8.5)
                .set(StreetScenario.PM4, 11).set(Quantity.PM10, 14.25);
        fixture = new StreetFixture(air, device("pm", "sps30", I2C_1, 0x69, options));
        return fixture.driver("pm");
    }

    Sps30Chip chip() {
        return fixture.street.chip("pm", Sps30Chip.class).orElseThrow();
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    List<Measurement> nextReading(Sps30Driver sps) throws DriverException {
        fixture.clock.advance(Duration.ofSeconds(1));
        return sps.read();
    }

    @Test
    void readsTheTenValuesAsFloatsWithTheirCrcs() throws DriverException {
        Sps30Driver sps = driver(Map.of("warm_up", "0s"));
        sps.init();

        List<Measurement> readings = nextReading(sps);

        assertEquals(Sps30Driver.VALUES, readings.stream().map(Measurement::quantity).toList());
        float[] expected = Sps30Chip.values(new Sps30Chip.Particulates(6, 8.5, 11, 14.25));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], readings.get(i).value(), 0.0, readings.get(i).quantity().name());
            assertTrue(readings.get(i).quality().isGood());
        }
        assertEquals(8.5, readings.get(1).value());
        assertEquals("ug/m3", readings.get(1).unit().senml());
        assertEquals("/cm3", readings.get(4).unit().senml());
        assertEquals("um", readings.get(9).unit().senml());
        assertSame(StreetScenario.PM4, Sps30Driver.PM4, "one interned pm4 quantity for driver and simulator");
    }

    @Test
    void readingsAfterTheStartAreFlaggedForTheWarmUpTime() throws DriverException {
        Sps30Driver sps = driver(Map.of("warm_up", "30s"));
        sps.init();

        assertTrue(nextReading(sps).get(1).quality().has(QualityFlag.WARMING_UP));
        fixture.clock.advance(Duration.ofSeconds(29));
        assertTrue(sps.read().get(1).quality().isGood());
    }

    @Test
    void aSleepingSensorIsWokenWithTwoWakeUpsAndPutBackToSleepOnClose() throws DriverException {
        Sps30Driver sps = driver(Map.of());
        sps.init();
        assertTrue(chip().measuring());
        assertEquals(604_800, chip().autoCleaningSeconds());

        sps.close();
        assertTrue(chip().asleep());
        fixture.clock.advance(Duration.ofMinutes(1));
        assertTrue(sps.init().identity().startsWith("serial "));
        assertTrue(chip().measuring());
    }

    @Test
    void fanCleaningIsStartedAndReadingsDuringItAreFlagged() throws DriverException {
        Sps30Driver sps = driver(Map.of("warm_up", "0s", "auto_clean", "4d"));
        sps.init();
        assertEquals(4 * 86_400, chip().autoCleaningSeconds());

        sps.startFanCleaning();

        assertEquals(1, chip().fanCleanings());
        assertTrue(nextReading(sps).get(0).quality().has(QualityFlag.DEVICE_WARNING));
        fixture.clock.advance(Duration.ofSeconds(10));
        assertTrue(sps.read().get(0).quality().isGood());
    }

    @Test
    void massAboveTheSpecifiedRangeIsFlagged() throws DriverException {
        Sps30Driver sps = driver(Map.of("warm_up", "0s"));
        sps.init();
        fixture.scenario.set(Quantity.PM10, 1400);

        Measurement pm10 = nextReading(sps).get(3);
        assertEquals(1400, pm10.value());
        assertTrue(pm10.quality().has(QualityFlag.OUT_OF_RANGE));
    }

    @Test
    void everyBusFaultDropsTheReadingAndTheSensorRecovers() throws DriverException {
        Sps30Driver sps = driver(Map.of());
        sps.init();

        FaultDrill.everyI2cFault(fixture, "pm", sps, () -> nextReading(sps), DriverFault.CHECKSUM);
    }

    @Test
    void aSensorThatLostPowerIsNoticedAndReinitialised() throws DriverException {
        Sps30Driver sps = driver(Map.of());
        sps.init();
        chip().powerCycle();

        assertEquals(DriverFault.NOT_READY, assertThrows(DriverException.class, () -> nextReading(sps)).fault());
        fixture.clock.advance(Duration.ofSeconds(3));
        assertEquals(DriverFault.TIMEOUT, assertThrows(DriverException.class, sps::read).fault());
        sps.init();
        assertEquals(8.5, nextReading(sps).get(1).value());
    }

    @Test
    void aStuckSensorRepeatsItsLastValues() throws DriverException {
        Sps30Driver sps = driver(Map.of());
        sps.init();
        nextReading(sps);
        fixture.street.injectFault("pm", SimFault.STUCK);
        fixture.scenario.set(Quantity.PM2_5, 40);

        assertEquals(8.5, nextReading(sps).get(1).value());
        fixture.street.clearFault("pm");
        assertEquals(40, nextReading(sps).get(1).value());
    }

    @Test
    void selfTestReadsTheStatusRegister() throws DriverException {
        fixture = StreetFixture.accelerated(new ScriptedScenario().set(Quantity.PM2_5, 12), 100,
                device("pm", "sps30", I2C_1, 0x69, Map.of()));
        Sps30Driver sps = fixture.driver("pm");

        SelfTestResult ok = sps.selfTest();
        chip().status(Sps30Chip.STATUS_LASER_FAILURE);
        SelfTestResult laser = sps.selfTest();

        assertTrue(ok.passed(), ok.toString());
        assertEquals(List.of("serial number (CRC)", "fan", "laser", "pm2_5"),
                ok.checks().stream().map(SelfTestResult.Check::name).toList());
        assertFalse(laser.passed());
        assertEquals("laser failure", laser.checks().get(2).detail());
    }
}
