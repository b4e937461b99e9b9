package io.streetgate.drivers.pi4j.veml7700;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.QualityFlag;
import io.streetgate.driver.SelfTestResult;
import io.streetgate.drivers.pi4j.FaultDrill;
import io.streetgate.drivers.pi4j.ScriptedScenario;
import io.streetgate.drivers.pi4j.StreetFixture;
import io.streetgate.sim.SimFault;
import io.streetgate.sim.chip.ads1115.Ads1115Chip;
import io.streetgate.sim.chip.veml7700.Veml7700Chip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.streetgate.drivers.pi4j.StreetFixture.I2C_1;
import static io.streetgate.drivers.pi4j.StreetFixture.device;
import static io.streetgate.drivers.pi4j.StreetFixture.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Veml7700DriverTest {

    StreetFixture fixture;

    Veml7700Driver driver(double lux, Map<String, String> options) throws DriverException {
        ScriptedScenario street = new ScriptedScenario();
        street.lux = lux;
        // gateway time at 50 times the wall clock: the darkest setting integrates for 800 ms
        fixture = StreetFixture.accelerated(street, 50, device("light", "veml7700", I2C_1, 0x10, options));
        return fixture.driver("light");
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }


    @Test
    void theApplicationNotesCorrectionAppliesAbove1000Lux() {
        assertEquals(1000, Veml7700Driver.corrected(1000));
        assertEquals(250, Veml7700Driver.corrected(250));
        // 6.0135e-13·2000^4 − 9.3924e-9·2000^3 + 8.1488e-5·2000^2 + 1.0023·2000
        assertEquals(2265.0344, Veml7700Driver.corrected(2000), 1e-3);
        // the simulated sensor reads low by exactly what the correction puts back
        assertEquals(30_000, Veml7700Driver.corrected(Veml7700Chip.uncorrected(30_000)), 1e-6);
    }

    @Test
    void aDayLightLevelIsReadAtTheStartingSetting() throws DriverException {
        Veml7700Driver veml = driver(250, Map.of());
        assertTrue(veml.init().identity().startsWith("id 0xC481"));

        Measurement m = only(veml.read());

        assertEquals(new Setting(Gain.X1_8, IntegrationTime.MS100), veml.setting());
        assertEquals(250, m.value(), 0.4608); // one count at x1/8, 100 ms
        assertTrue(m.quality().isGood());
    }

    @Test
    void nightRaisesGainThenIntegrationTimeToTheDarkestSetting() throws DriverException {
        Veml7700Driver veml = driver(0.5, Map.of());
        veml.init();

        Measurement m = only(veml.read());

        assertEquals(new Setting(Gain.X2, IntegrationTime.MS800), veml.setting());
        assertEquals(0.5, m.value(), 0.0036);
    }

    @Test
    void sunlightShortensTheIntegrationTimeAndIsCorrectedForNonLinearity() throws DriverException {
        Veml7700Driver veml = driver(50_000, Map.of());
        veml.init();

        Measurement m = only(veml.read());

        assertEquals(new Setting(Gain.X1_8, IntegrationTime.MS25), veml.setting());
        assertEquals(50_000, m.value(), 5);
        assertTrue(m.quality().isGood());
    }

    @Test
    void aFixedSettingThatSaturatesIsFlagged() throws DriverException {
        Veml7700Driver veml = driver(5_000, Map.of("gain", "x2", "integration_time", "800ms"));
        veml.init();

        Measurement m = only(veml.read());

        assertEquals(new Setting(Gain.X2, IntegrationTime.MS800), veml.setting());
        assertTrue(m.quality().has(QualityFlag.OUT_OF_RANGE));
    }

    @Test
    void theNewerResolutionCanBeConfigured() throws DriverException {
        Veml7700Driver veml = driver(300, Map.of("gain", "x1", "integration_time", "100ms", "lux_per_count", "0.0672"));
        veml.init();

        assertEquals(300, only(veml.read()).value(), 0.0672);
    }

    @Test
    void everyBusFaultDropsTheReadingAndTheSensorRecovers() throws DriverException {
        Veml7700Driver veml = driver(250, Map.of());
        veml.init();

        // without a checksum, damaged reads show as reserved bits set in ALS_CONF
        FaultDrill.everyI2cFault(fixture, "light", veml, veml::read, DriverFault.IMPLAUSIBLE);
    }

    @Test
    void aSensorThatLostPowerComesBackShutDownAndIsConfiguredAgain() throws DriverException {
        Veml7700Driver veml = driver(250, Map.of());
        veml.init();
        fixture.street.chip("light", Veml7700Chip.class).orElseThrow().powerCycle();

        assertEquals(250, only(veml.read()).value(), 0.4608);
    }

    @Test
    void aStuckSensorKeepsItsCount() throws DriverException {
        Veml7700Driver veml = driver(250, Map.of());
        veml.init();
        double before = only(veml.read()).value();
        fixture.street.injectFault("light", SimFault.STUCK);
        fixture.scenario.lux = 400;

        assertEquals(before, only(veml.read()).value());
    }

    @Test
    void anotherChipAtTheAddressIsTheWrongDevice() throws DriverException {
        Veml7700Driver veml = driver(250, Map.of());
        fixture.street.board().attach(1, 0x10, new Ads1115Chip(fixture.street.board().time()));

        DriverException e = assertThrows(DriverException.class, veml::init);
        assertEquals(DriverFault.WRONG_DEVICE, e.fault());
        SelfTestResult test = veml.selfTest();
        assertFalse(test.passed());
        assertEquals("device id", test.checks().get(0).name());
    }

    @Test
    void selfTestChecksTheIdTheConfigurationAndAReading() throws DriverException {
        SelfTestResult ok = driver(250, Map.of()).selfTest();

        assertTrue(ok.passed(), ok.toString());
        assertEquals(3, ok.checks().size());
    }

    @Test
    void gainAndIntegrationTimeAreBothAutoOrBothFixed() {
        fixture = new StreetFixture(device("light", "veml7700", I2C_1, 0x10, Map.of("gain", "x2")));

        DriverException e = assertThrows(DriverException.class, () -> fixture.driver("light"));
        assertEquals(DriverFault.CONFIGURATION, e.fault());
        assertEquals("device 'light' (veml7700): gain='x2' and integration_time='auto' do not go together: set both to "
                + "auto, or both to fixed values", e.getMessage());
    }
}
