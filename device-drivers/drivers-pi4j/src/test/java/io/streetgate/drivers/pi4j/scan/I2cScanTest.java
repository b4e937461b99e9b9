package io.streetgate.drivers.pi4j.scan;

import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.drivers.pi4j.StreetFixture;
import io.streetgate.sim.SimFault;
import io.streetgate.sim.chip.bh1750.Bh1750Chip;
import io.streetgate.sim.chip.bme280.Bme280Chip;
import io.streetgate.sim.chip.scd4x.Scd4xChip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.streetgate.drivers.pi4j.StreetFixture.I2C_1;
import static io.streetgate.drivers.pi4j.StreetFixture.device;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scan on a simulated bus with one of each chip, some of them in awkward states. */
class I2cScanTest {

    StreetFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    StreetFixture street() {
        return new StreetFixture(device("env", "bme280", I2C_1, 0x76, Map.of()),
                device("old", "bme280", I2C_1, 0x77, Map.of()),
                device("light", "bh1750", I2C_1, 0x23, Map.of()), device("air", "sht4x", I2C_1, 0x44, Map.of()),
                device("co2", "scd4x", I2C_1, 0x62, Map.of()), device("pm", "sps30", I2C_1, 0x69, Map.of()),
                device("light2", "veml7700", I2C_1, 0x10, Map.of()), device("noise", "sound_level", I2C_1, 0x48, Map.of()),
                device("gone", "sht4x", I2C_1, 0x45, Map.of()));
    }

    Map<Integer, I2cScan.Found> byAddress(List<I2cScan.Found> found) {
        return found.stream().collect(Collectors.toMap(I2cScan.Found::address, f -> f));
    }

    @Test
    void everyChipThatAnswersIsListedWithWhatItsIdentityConfirms() throws DriverException {
        fixture = street();
        fixture.street.chip("old", Bme280Chip.class).orElseThrow().variant(Bme280Chip.Variant.BMP280);
        fixture.street.injectFault("gone", SimFault.NACK);
        fixture.street.board().attach(1, 0x3C, new Bh1750Chip(fixture.street.board().time(), at -> 1.0)); // a stranger

        Map<Integer, I2cScan.Found> found = byAddress(I2cScan.scan(fixture.pi4j, 1));

        assertEquals(List.of(0x10, 0x23, 0x3C, 0x44, 0x48, 0x62, 0x69, 0x76, 0x77),
                found.keySet().stream().sorted().toList());
        assertEquals("BME280", found.get(0x76).confirmed());
        assertEquals("BMP280", found.get(0x77).confirmed());
        assertEquals("VEML7700", found.get(0x10).confirmed());
        assertEquals("ADS1115", found.get(0x48).confirmed());
        assertEquals("SHT4x", found.get(0x44).confirmed());
        assertTrue(found.get(0x44).detail().startsWith("serial "), found.get(0x44).detail());
        assertEquals("SCD4x", found.get(0x62).confirmed());
        assertEquals("SPS30", found.get(0x69).confirmed());
        assertEquals("", found.get(0x23).confirmed(), "the BH1750 has nothing to identify it by");
        assertEquals(List.of("BH1750"), found.get(0x23).likely());
        assertEquals(List.of("SSD1306 display"), found.get(0x3C).likely());
        assertEquals("0x3C", found.get(0x3C).hex());
    }

    @Test
    void aMeasuringScd4xADamagedSerialAndAHeldBusAreReportedNotHidden() throws DriverException {
        fixture = street();
        fixture.street.chip("co2", Scd4xChip.class).orElseThrow().onWrite(new byte[] {0x21, (byte) 0xB1});
        fixture.street.injectFault("air", SimFault.CRC_ERROR);
        fixture.street.board().timeoutBlock(java.time.Duration.ofMillis(1));
        fixture.street.injectFault("pm", SimFault.TIMEOUT);

        Map<Integer, I2cScan.Found> found = byAddress(I2cScan.scan(fixture.pi4j, 1));

        assertEquals("", found.get(0x62).confirmed());
        assertTrue(found.get(0x62).detail().contains("an SCD4x measuring periodically"), found.get(0x62).detail());
        assertEquals("", found.get(0x44).confirmed());
        assertTrue(found.get(0x44).detail().startsWith("answers, but its serial number fails its CRC"));
        assertTrue(found.get(0x69).detail().startsWith("holds the bus"), found.get(0x69).detail());
    }

    @Test
    void aMissingBusIsABusFault() {
        fixture = new StreetFixture(device("env", "bme280", new BusConfig("i2c-1", "i2c", Map.of()), 0x76, Map.of()));

        assertEquals(DriverFault.BUS, assertThrows(DriverException.class, () -> I2cScan.scan(fixture.pi4j, 4)).fault());
    }
}
