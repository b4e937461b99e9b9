package io.streetgate.drivers.pi4j.bme280;

import io.streetgate.driver.DeviceInfo;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.SelfTestResult;
import io.streetgate.drivers.pi4j.StreetFixture;
import io.streetgate.sim.SimFault;
import io.streetgate.sim.chip.bme280.Bme280Chip;
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

class Bme280DriverTest {

    StreetFixture fixture;

    Bme280Driver driver(Map<String, String> options) throws DriverException {
        fixture = new StreetFixture(device("env", "bme280", I2C_1, 0x76, options));
        return fixture.driver("env");
    }

    Bme280Chip chip() {
        return fixture.street.chip("env", Bme280Chip.class).orElseThrow();
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    static double value(List<Measurement> readings, Quantity quantity) {
        return readings.stream().filter(m -> m.quantity() == quantity).findFirst().orElseThrow().value();
    }

    @Test
    void initFindsTheChipAndReportsItsQuantities() throws DriverException {
        DeviceInfo info = driver(Map.of()).init();

        assertEquals("BME280", info.model());
        assertEquals("chip id 0x60 at I2C bus 1 address 0x76", info.identity());
        assertEquals(List.of(Quantity.TEMPERATURE, Quantity.HUMIDITY, Quantity.PRESSURE), info.quantities());
    }

    @Test
    void theDatasheetsRawValuesGiveItsTemperatureAndPressure() throws DriverException {
        Bme280Driver bme = driver(Map.of());
        bme.init();
        chip().holdRaw(519888, 415148, 0x6FF0);

        List<Measurement> readings = bme.read();

        assertEquals(25.08, value(readings, Quantity.TEMPERATURE), 1e-9);
        // 100653.27 Pa in the datasheet's table, which carries t_fine unrounded; the integer routine gives 100653.254
        assertEquals(100653.27, value(readings, Quantity.PRESSURE), 0.02);
        assertEquals(List.of("Cel", "%RH", "Pa"), readings.stream().map(m -> m.unit().senml()).toList());
        assertTrue(readings.stream().allMatch(m -> m.timestamp().equals(StreetFixture.START) && m.quality().isGood()));
    }

    @Test
    void readingsFollowTheStreetWithinTheChipsResolution() throws DriverException {
        Bme280Driver bme = driver(Map.of("oversampling", "x16"));
        bme.init();
        fixture.scenario.temperature = -12.34;
        fixture.scenario.humidity = 93.2;
        fixture.scenario.pressure = 98_765;
        fixture.clock.advance(Duration.ofMinutes(5));

        List<Measurement> readings = bme.read();

        assertEquals(-12.34, value(readings, Quantity.TEMPERATURE), 0.011);
        assertEquals(93.2, value(readings, Quantity.HUMIDITY), 0.01);
        assertEquals(98_765, value(readings, Quantity.PRESSURE), 0.2);
        assertEquals(StreetFixture.START.plus(Duration.ofMinutes(5)), readings.get(0).timestamp());
    }

    @Test
    void aSkippedHumidityIsNotReported() throws DriverException {
        Bme280Driver bme = driver(Map.of("oversampling_humidity", "skip"));

        assertEquals(List.of(Quantity.TEMPERATURE, Quantity.PRESSURE), bme.init().quantities());
        assertEquals(2, bme.read().size());
    }

    @Test
    void aBmp280IsRefusedAsTheWrongDevice() throws DriverException {
        Bme280Driver bme = driver(Map.of());
        chip().variant(Bme280Chip.Variant.BMP280);

        DriverException e = assertThrows(DriverException.class, bme::init);

        assertEquals(DriverFault.WRONG_DEVICE, e.fault());
        assertTrue(e.getMessage().contains("BMP280 (chip id 0x58)"), e.getMessage());
    }

    @Test
    void somethingElseAtTheAddressIsRefusedWithItsId() throws DriverException {
        Bme280Driver bme = driver(Map.of());
        fixture.street.board().attach(1, 0x76, new io.streetgate.sim.bus.I2cChip() {
            @Override
            public void onWrite(byte[] data) {
            }

            @Override
            public void onRead(byte[] reply) {
                java.util.Arrays.fill(reply, (byte) 0x55);
            }

            @Override
            public void powerCycle() {
            }

            @Override
            public void setStuck(boolean stuck) {
            }
        });

        DriverException e = assertThrows(DriverException.class, bme::init);

        assertEquals(DriverFault.WRONG_DEVICE, e.fault());
        assertEquals("I2C bus 1 address 0x76 answers with chip id 0x55, not a BME280's 0x60", e.getMessage());
    }

    @Test
    void aChipThatIsGoneIsNoDeviceAndReadsAgainWhenItIsBack() throws DriverException {
        Bme280Driver bme = driver(Map.of());
        bme.init();
        fixture.street.injectFault("env", SimFault.NACK);

        assertEquals(DriverFault.NO_DEVICE, assertThrows(DriverException.class, bme::read).fault());
        assertEquals(DriverFault.NO_DEVICE, assertThrows(DriverException.class, bme::init).fault());

        fixture.street.clearFault("env"); // it comes back power-cycled
        bme.init();
        assertEquals(18.5, value(bme.read(), Quantity.TEMPERATURE), 0.011);
    }

    @Test
    void aChipThatCameBackFromAPowerLossReadsWithoutAnotherInit() throws DriverException {
        Bme280Driver bme = driver(Map.of());
        bme.init();
        fixture.street.injectFault("env", SimFault.NACK);
        fixture.street.clearFault("env");

        assertEquals(55, value(bme.read(), Quantity.HUMIDITY), 0.01);
    }

    @Test
    void aBusTimeoutIsATimeout() throws DriverException {
        Bme280Driver bme = driver(Map.of());
        bme.init();
        fixture.street.board().timeoutBlock(Duration.ofMillis(1));
        fixture.street.injectFault("env", SimFault.TIMEOUT);

        DriverException e = assertThrows(DriverException.class, bme::read);

        assertEquals(DriverFault.TIMEOUT, e.fault());
        fixture.street.clearFault("env");
        assertEquals(3, bme.read().size());
    }

    @Test
    void garbageOnTheBusIsImplausibleOrTheWrongChip() throws DriverException {
        Bme280Driver bme = driver(Map.of());
        bme.init();
        fixture.street.injectFault("env", SimFault.CRC_ERROR);

        DriverException read = assertThrows(DriverException.class, bme::read);
        DriverException init = assertThrows(DriverException.class, bme::init);

        assertEquals(DriverFault.IMPLAUSIBLE, read.fault());
        assertEquals("I2C bus 1 address 0x76 reads status 0xFF with unused bits set: the bus returns garbage (SDA held high?)",
                read.getMessage());
        assertEquals(DriverFault.WRONG_DEVICE, init.fault());
    }

    @Test
    void rawValuesOutsideTheChipsRangeAreImplausible() throws DriverException {
        Bme280Driver bme = driver(Map.of());
        bme.init();
        chip().holdRaw(0xFFFFF, 415148, 0x6FF0);

        DriverException e = assertThrows(DriverException.class, bme::read);

        assertEquals(DriverFault.IMPLAUSIBLE, e.fault());
        assertTrue(e.getMessage().contains("temperature 187.55 Cel (raw 0xFFFFF), outside the chip's range -40..85 Cel"),
                e.getMessage());
    }

    @Test
    void aStuckChipKeepsReportingTheSameValues() throws DriverException {
        Bme280Driver bme = driver(Map.of());
        bme.init();
        List<Measurement> before = bme.read();
        fixture.street.injectFault("env", SimFault.STUCK);
        fixture.scenario.temperature = 30;
        fixture.clock.advance(Duration.ofMinutes(10));

        List<Measurement> stuck = bme.read();

        assertEquals(value(before, Quantity.TEMPERATURE), value(stuck, Quantity.TEMPERATURE));
        fixture.street.clearFault("env");
        assertEquals(30, value(bme.read(), Quantity.TEMPERATURE), 0.011);
    }

    @Test
    void aTemperatureWhoseRawValueEqualsTheResetValueIsAReadingNotASkippedMeasurement() throws DriverException {
        Bme280Driver bme = driver(Map.of());
        bme.init();
        chip().holdRaw(0x80000, 415148, 0x6FF0); // a genuine 16-bit temperature that happens to be 0x80000

        assertTrue(value(bme.read(), Quantity.TEMPERATURE) > 25);
        chip().holdRaw(0x80000, 0x80000, 0x8000); // everything at its reset value: the chip was reset
        assertEquals(DriverFault.NOT_READY, assertThrows(DriverException.class, bme::read).fault());
    }

    @Test
    void readBeforeInitIsNotReady() throws DriverException {
        assertEquals(DriverFault.NOT_READY, assertThrows(DriverException.class, driver(Map.of())::read).fault());
    }

    @Test
    void selfTestChecksIdTrimmingValuesAndSleep() throws DriverException {
        SelfTestResult result = driver(Map.of()).selfTest();

        assertTrue(result.passed(), result.toString());
        assertEquals(List.of("chip id", "trimming", "temperature", "humidity", "pressure", "back to sleep"),
                result.checks().stream().map(SelfTestResult.Check::name).toList());
    }

    @Test
    void selfTestFailsOnAMissingChip() throws DriverException {
        Bme280Driver bme = driver(Map.of());
        fixture.street.injectFault("env", SimFault.NACK);

        SelfTestResult result = bme.selfTest();

        assertFalse(result.passed());
        assertEquals("reachable", result.checks().get(0).name());
    }

    @Test
    void badOptionsAreConfigurationErrorsNamingKeyAndValue() {
        fixture = new StreetFixture(device("env", "bme280", I2C_1, 0x76, Map.of("oversampling", "3")),
                device("far", "bme280", I2C_1, 0x40, Map.of()));

        DriverException option = assertThrows(DriverException.class, () -> fixture.driver("env"));
        DriverException address = assertThrows(DriverException.class, () -> fixture.driver("far"));

        assertEquals(DriverFault.CONFIGURATION, option.fault());
        assertEquals("device 'env' (bme280): oversampling='3' is not one of x1, x2, x4, x8, x16", option.getMessage());
        assertEquals("device 'far' (bme280): address='0x40' is not valid; use 0x76 or 0x77", address.getMessage());
    }
}
