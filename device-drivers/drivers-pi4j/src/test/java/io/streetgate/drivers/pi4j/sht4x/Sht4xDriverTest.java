package io.streetgate.drivers.pi4j.sht4x;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.QualityFlag;
import io.streetgate.driver.SelfTestResult;
import io.streetgate.drivers.pi4j.FaultDrill;
import io.streetgate.drivers.pi4j.StreetFixture;
import io.streetgate.sim.SimFault;
import io.streetgate.sim.chip.sht4x.Sht4xChip;
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

class Sht4xDriverTest {

    StreetFixture fixture;

    Sht4xDriver driver(Map<String, String> options) throws DriverException {
        fixture = new StreetFixture(device("air", "sht4x", I2C_1, 0x44, options));
        return fixture.driver("air");
    }

    Sht4xChip chip() {
        return fixture.street.chip("air", Sht4xChip.class).orElseThrow();
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theDatasheetConversions() {
        // T = -45 + 175 S/65535; RH = -6 + 125 S/65535, clamped to 0..100
        assertEquals(-45, Sht4xDriver.celsius(0), 1e-9);
        assertEquals(130, Sht4xDriver.celsius(0xFFFF), 1e-9);
        assertEquals(25.0, Sht4xDriver.celsius(0x6666), 0.002);
        assertEquals(0, Sht4xDriver.percentRh(0));
        assertEquals(100, Sht4xDriver.percentRh(0xFFFF));
        assertEquals(56.5, Sht4xDriver.percentRh(0x8000), 0.002);
        assertEquals(0, Sht4xDriver.percentRh(0x0C49), 0.002); // exactly -6 + 125·3145/65535 = 0.0
    }

    @Test
    void readsTheStreetsTemperatureAndHumidityAtEachPrecision() throws DriverException {
        for (String precision : List.of("high", "medium", "low")) {
            Sht4xDriver sht = driver(Map.of("precision", precision));
            assertTrue(sht.init().identity().startsWith("serial "), precision);
            fixture.scenario.temperature = 21.3;
            fixture.scenario.humidity = 48.2;

            List<Measurement> readings = sht.read();

            assertEquals(List.of(Quantity.TEMPERATURE, Quantity.HUMIDITY), readings.stream().map(Measurement::quantity).toList());
            assertEquals(21.3, readings.get(0).value(), 175.0 / 65535);
            assertEquals(48.2, readings.get(1).value(), 125.0 / 65535);
            assertEquals(StreetFixture.START, readings.get(0).timestamp());
            fixture.close();
        }
        fixture = null;
    }

    @Test
    void theSerialNumberIsReadWithItsCrcs() throws DriverException {
        Sht4xDriver sht = driver(Map.of());
        sht.init();

        assertTrue(sht.serialNumber() > 0);
        assertEquals(String.format("serial %08X at I2C bus 1 address 0x44", sht.serialNumber()), sht.init().identity());
    }

    @Test
    void aHumidReadingIsFollowedByOneHeaterPulseAndTheNextReadingsAreFlaggedWhileTheSensorSettles()
            throws DriverException {
        Sht4xDriver sht = driver(Map.of("heater", "20mW-0.1s", "heater_above", "90"));
        sht.init();
        fixture.scenario.humidity = 97;

        assertTrue(sht.read().get(0).quality().isGood());
        assertEquals(1, chip().heaterPulses());
        fixture.clock.advance(Duration.ofMillis(500)); // within ten pulse lengths (1 s) and the 10 % duty rest (0.9 s)
        List<Measurement> settling = sht.read();
        assertTrue(settling.get(0).quality().has(QualityFlag.WARMING_UP));
        assertEquals(1, chip().heaterPulses(), "no second pulse within the duty-cycle rest");
        fixture.clock.advance(Duration.ofSeconds(2));
        assertTrue(sht.read().get(1).quality().isGood());
        assertEquals(2, chip().heaterPulses());
        fixture.scenario.humidity = 60;
        fixture.clock.advance(Duration.ofSeconds(5));
        sht.read();
        assertEquals(2, chip().heaterPulses(), "dry air: no pulse");
    }

    @Test
    void everyBusFaultDropsTheReadingAndTheSensorRecovers() throws DriverException {
        Sht4xDriver sht = driver(Map.of());
        sht.init();

        FaultDrill.everyI2cFault(fixture, "air", sht, sht::read, DriverFault.CHECKSUM);
    }

    @Test
    void aStuckSensorRepeatsItsLastValues() throws DriverException {
        Sht4xDriver sht = driver(Map.of());
        sht.init();
        double before = sht.read().get(0).value();
        fixture.street.injectFault("air", SimFault.STUCK);
        fixture.scenario.temperature = 30;

        assertEquals(before, sht.read().get(0).value());
        fixture.street.clearFault("air");
        assertEquals(30, sht.read().get(0).value(), 0.003);
    }

    @Test
    void theSentinelRawZeroIsImplausible() throws DriverException {
        Sht4xDriver sht = driver(Map.of());
        sht.init();
        fixture.scenario.temperature = -60; // below the raw range: the chip sends 0, i.e. -45 Cel

        assertEquals(DriverFault.IMPLAUSIBLE, assertThrows(DriverException.class, sht::read).fault());
    }

    @Test
    void selfTestChecksSerialRangeAndHeater() throws DriverException {
        Sht4xDriver sht = driver(Map.of());
        SelfTestResult ok = sht.selfTest();
        fixture.street.injectFault("air", SimFault.CRC_ERROR);
        SelfTestResult damaged = sht.selfTest();

        assertTrue(ok.passed(), ok.toString());
        assertEquals(List.of("serial number (CRC)", "temperature", "humidity", "heater"),
                ok.checks().stream().map(SelfTestResult.Check::name).toList());
        assertFalse(damaged.passed());
        assertEquals("CRC", damaged.checks().get(0).name());
    }

    @Test
    void badOptionsNameTheKeyAndTheValidValues() {
        fixture = new StreetFixture(device("air", "sht4x", I2C_1, 0x47, Map.of()),
                device("hot", "sht4x", I2C_1, 0x44, Map.of("heater", "300mW")));

        assertEquals("device 'air' (sht4x): address='0x47' is not valid; use 0x44 or 0x45 or 0x46",
                assertThrows(DriverException.class, () -> fixture.driver("air")).getMessage());
        assertTrue(assertThrows(DriverException.class, () -> fixture.driver("hot")).getMessage()
                .startsWith("device 'hot' (sht4x): heater='300mW' is not one of off, 200mW-1s"));
    }
}
