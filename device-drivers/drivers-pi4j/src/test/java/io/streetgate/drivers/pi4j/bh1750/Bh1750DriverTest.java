package io.streetgate.drivers.pi4j.bh1750;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.QualityFlag;
import io.streetgate.driver.SelfTestResult;
import io.streetgate.drivers.pi4j.StreetFixture;
import io.streetgate.sim.SimFault;
import io.streetgate.sim.chip.bh1750.Bh1750Chip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.streetgate.drivers.pi4j.StreetFixture.I2C_1;
import static io.streetgate.drivers.pi4j.StreetFixture.device;
import static io.streetgate.drivers.pi4j.StreetFixture.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Bh1750DriverTest {

    StreetFixture fixture;

    Bh1750Driver driver(Map<String, String> options) throws DriverException {
        fixture = new StreetFixture(device("light", "bh1750", I2C_1, 0x23, options));
        return fixture.driver("light");
    }

    Bh1750Chip chip() {
        return fixture.street.chip("light", Bh1750Chip.class).orElseThrow();
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }


    @Test
    void readsTheStreetsLightInOneTimeMode() throws DriverException {
        Bh1750Driver bh = driver(Map.of());
        assertEquals("I2C bus 1 address 0x23", bh.init().identity());
        fixture.scenario.lux = 321.5;

        Measurement m = only(bh.read());

        assertEquals(Quantity.ILLUMINANCE, m.quantity());
        assertEquals("lx", m.unit().senml());
        assertEquals(Math.round(321.5 * 1.2) / 1.2, m.value(), 1e-9);
        assertEquals(StreetFixture.START, m.timestamp());
    }

    @Test
    void theSmallestAndLargestCountsGiveTheirDatasheetValues() throws DriverException {
        Bh1750Driver bh = driver(Map.of());
        bh.init();

        chip().holdRaw(0x0001);
        assertEquals(1 / 1.2, only(bh.read()).value(), 1e-9);
        chip().holdRaw(0x0000);
        assertEquals(0, only(bh.read()).value());
        chip().holdRaw(0xFFFE);
        assertTrue(only(bh.read()).quality().isGood());
        chip().holdRaw(0xFFFF);
        Measurement saturated = only(bh.read());
        assertEquals(54612.5, saturated.value(), 1e-9);
        assertEquals(java.util.Set.of(QualityFlag.OUT_OF_RANGE), saturated.quality().flags());
    }

    @Test
    void mtregAndHighResolution2AreAppliedOnTheChipAndInTheConversion() throws DriverException {
        Bh1750Driver bh = driver(Map.of("mtreg", "138", "resolution", "high2"));
        bh.init();
        fixture.scenario.lux = 10;

        // 10 lx · 1.2 · 138/69 · 2 = 48 counts; 48 / 1.2 · 69/138 / 2 = 10 lx
        assertEquals(10, only(bh.read()).value(), 1e-9);
    }

    @Test
    void continuousModeReadsTheLatestResult() throws DriverException {
        Bh1750Driver bh = driver(Map.of("mode", "continuous", "resolution", "low"));
        fixture.scenario.lux = 1000;
        bh.init();

        assertEquals(1000, only(bh.read()).value(), 4);
    }

    @Test
    void aChipThatIsGoneIsNoDeviceAndComesBackAfterInit() throws DriverException {
        Bh1750Driver bh = driver(Map.of("mtreg", "100", "resolution", "low"));
        bh.init();
        fixture.street.injectFault("light", SimFault.NACK);

        assertEquals(DriverFault.NO_DEVICE, assertThrows(DriverException.class, bh::read).fault());
        fixture.street.clearFault("light");
        // power-cycled: one-time mode sets the MTreg again before measuring
        assertEquals(250, only(bh.read()).value(), 4); // low resolution: 4 lx
    }

    @Test
    void aBusTimeoutIsATimeout() throws DriverException {
        Bh1750Driver bh = driver(Map.of("resolution", "low"));
        bh.init();
        fixture.street.board().timeoutBlock(Duration.ofMillis(1));
        fixture.street.injectFault("light", SimFault.TIMEOUT);

        assertEquals(DriverFault.TIMEOUT, assertThrows(DriverException.class, bh::read).fault());
    }

    @Test
    void garbageReadsFullScaleWhichIsFlagged() throws DriverException {
        Bh1750Driver bh = driver(Map.of("resolution", "low"));
        bh.init();
        fixture.street.injectFault("light", SimFault.CRC_ERROR);

        // the BH1750 has no checksum: the driver can only see the rail value
        assertTrue(only(bh.read()).quality().has(QualityFlag.OUT_OF_RANGE));
    }

    @Test
    void aStuckChipKeepsItsLastResult() throws DriverException {
        Bh1750Driver bh = driver(Map.of("resolution", "low"));
        bh.init();
        double before = only(bh.read()).value();
        fixture.street.injectFault("light", SimFault.STUCK);
        fixture.scenario.lux = 5000;

        assertEquals(before, only(bh.read()).value());
        fixture.street.clearFault("light");
        assertEquals(5000, only(bh.read()).value(), 4);
    }

    @Test
    void selfTestPassesOnAWorkingChipAndFailsOnAMissingOne() throws DriverException {
        Bh1750Driver bh = driver(Map.of("resolution", "low"));
        SelfTestResult ok = bh.selfTest();
        fixture.street.injectFault("light", SimFault.NACK);
        SelfTestResult missing = bh.selfTest();

        assertTrue(ok.passed(), ok.toString());
        assertFalse(missing.passed());
    }

    @Test
    void badOptionsNameTheKeyAndTheValidValues() {
        fixture = new StreetFixture(device("light", "bh1750", I2C_1, 0x23, Map.of("mtreg", "300")));

        DriverException e = assertThrows(DriverException.class, () -> fixture.driver("light"));

        assertEquals(DriverFault.CONFIGURATION, e.fault());
        assertEquals("device 'light' (bh1750): mtreg='300' is outside 31..254", e.getMessage());
    }
}
