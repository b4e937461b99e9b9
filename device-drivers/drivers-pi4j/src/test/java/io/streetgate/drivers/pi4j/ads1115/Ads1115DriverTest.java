package io.streetgate.drivers.pi4j.ads1115;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.QualityFlag;
import io.streetgate.driver.SelfTestResult;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.drivers.pi4j.FaultDrill;
import io.streetgate.drivers.pi4j.ScriptedScenario;
import io.streetgate.drivers.pi4j.StreetFixture;
import io.streetgate.sim.SimFault;
import io.streetgate.sim.chip.ads1115.Ads1115Chip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.streetgate.drivers.pi4j.StreetFixture.I2C_1;
import static io.streetgate.drivers.pi4j.StreetFixture.device;
import static io.streetgate.drivers.pi4j.StreetFixture.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ads1115DriverTest {

    StreetFixture fixture;

    <D> D driver(ScriptedScenario street, String id, DeviceConfig... devices) throws DriverException {
        fixture = new StreetFixture(street, devices);
        return fixture.driver(id);
    }

    Ads1115Driver soundMeter(double dba, Map<String, String> options) throws DriverException {
        return driver(new ScriptedScenario().set(Quantity.SOUND_LEVEL, dba), "noise",
                device("noise", "sound_level", I2C_1, 0x48, options));
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }


    @Test
    void resultsAreTwosComplementWithOneLsbOfFullScaleOver32768() {
        assertEquals(62.5e-6, Pga.FSR_2_048.volts(1), 1e-12); // LSB at ±2.048 V
        assertEquals(2.048 * 32767 / 32768, Pga.FSR_2_048.volts(0x7FFF), 1e-12);
        assertEquals(-2.048, Pga.FSR_2_048.volts(0x8000), 1e-12);
        assertEquals(-6.144 / 32768, Pga.FSR_6_144.volts(0xFFFF), 1e-12);
    }

    @Test
    void theConfigWordOfASingleShotConversion() throws DriverException {
        // OS=1, MUX=100 (AIN0-GND), PGA=010 (±2.048 V), MODE=1, DR=100 (128 SPS), COMP_QUE=11: the reset
        // value 0x8583 with AIN0 against GND instead of AIN0-AIN1
        assertEquals(0xC583, soundMeter(60, Map.of()).startWord());
    }

    @Test
    void aSoundLevelMetersVoltsBecomeDecibels() throws DriverException {
        Ads1115Driver noise = soundMeter(65, Map.of());
        assertEquals("AIN 0 at I2C bus 1 address 0x48", noise.init().identity());

        Measurement m = only(noise.read());

        // 0-2 V = 30-130 dBA: 65 dBA is 0.7 V, 11 200 codes of 62.5 µV
        assertSame(Quantity.SOUND_LEVEL, m.quantity());
        assertEquals("dBA", m.unit().senml());
        assertEquals(65, m.value(), 0.003);
        assertTrue(m.quality().isGood());
    }

    @Test
    void theMetersOwnScaleIsConfigured() throws DriverException {
        Ads1115Driver noise = soundMeter(72.5, Map.of("volts_min", "0.5", "volts_max", "4.5", "value_min", "20",
                "value_max", "120", "range", "6.144", "channel", "2", "data_rate", "860"));
        noise.init();

        assertEquals(72.5, only(noise.read()).value(), 0.01);
    }

    @Test
    void aLevelBeyondTheRangeIsFlagged() throws DriverException {
        Ads1115Driver noise = soundMeter(140, Map.of()); // 2.2 V: above the ±2.048 V range, clipped
        noise.init();

        Measurement m = only(noise.read());
        assertTrue(m.quality().has(QualityFlag.OUT_OF_RANGE));
        assertEquals(130, m.value(), 3);
    }

    @Test
    void anyLinearOutputCanBeReadAsItsOwnQuantity() throws DriverException {
        ScriptedScenario street = new ScriptedScenario();
        Ads1115Driver soil = driver(street, "soil", device("soil", "analog", I2C_1, 0x49, Map.of("quantity",
                "soil_moisture", "unit", "%", "volts_max", "3.0", "value_max", "100", "channel", "1")));
        soil.init();

        Measurement m = only(soil.read());

        assertEquals("soil_moisture", m.quantity().name());
        assertEquals("%", m.unit().senml());
        assertEquals(50, m.value(), 0.01, "the simulated input sits mid-range: the scenario does not model it");
    }

    @Test
    void twoInputsOfOneChipAreReadInTurn() throws DriverException {
        ScriptedScenario street = new ScriptedScenario().set(Quantity.SOUND_LEVEL, 55).set(Quantity.VOLTAGE, 1.25);
        Ads1115Driver noise = driver(street, "noise", device("noise", "sound_level", I2C_1, 0x48, Map.of()),
                device("supply", "analog", I2C_1, 0x48, Map.of("channel", "3")));
        Ads1115Driver supply = fixture.driver("supply");
        noise.init();
        supply.init();

        assertEquals(55, only(noise.read()).value(), 0.003);
        assertEquals(1.25, only(supply.read()).value(), 0.0002);
        assertEquals(2, fixture.street.chip("noise", Ads1115Chip.class).orElseThrow().conversions());
        assertSame(fixture.street.chip("noise", Ads1115Chip.class).orElseThrow(),
                fixture.street.chip("supply", Ads1115Chip.class).orElseThrow());
    }

    @Test
    void everyBusFaultDropsTheReadingAndTheAdcRecovers() throws DriverException {
        Ads1115Driver noise = soundMeter(60, Map.of());
        noise.init();

        // no checksum: damaged reads show as a config register that does not hold what was written
        FaultDrill.everyI2cFault(fixture, "noise", noise, noise::read, DriverFault.IMPLAUSIBLE);
    }

    @Test
    void aStuckConverterRepeatsItsResult() throws DriverException {
        Ads1115Driver noise = soundMeter(60, Map.of());
        noise.init();
        double before = only(noise.read()).value();
        fixture.street.injectFault("noise", SimFault.STUCK);
        fixture.scenario.set(Quantity.SOUND_LEVEL, 80);

        assertEquals(before, only(noise.read()).value());
        fixture.street.clearFault("noise");
        assertEquals(80, only(noise.read()).value(), 0.003);
    }

    @Test
    void selfTestChecksTheConfigRegisterAndTheInputRange() throws DriverException {
        SelfTestResult ok = soundMeter(60, Map.of()).selfTest();
        fixture.close();
        SelfTestResult belowScale = soundMeter(10, Map.of()).selfTest(); // -0.4 V: a miswired or misconfigured meter

        assertTrue(ok.passed(), ok.toString());
        assertEquals("input in range", ok.checks().get(1).name());
        assertFalse(belowScale.passed());
        assertTrue(belowScale.checks().get(1).detail().endsWith("V (expected 0.000..2.000 V, full scale ±2.048 V)"),
                belowScale.toString());
    }

    @Test
    void badScalesUnitsAndQuantitiesAreRefusedWithTheFix() {
        fixture = new StreetFixture(device("a", "analog", I2C_1, 0x48, Map.of("volts_min", "2", "volts_max", "1")),
                device("b", "analog", I2C_1, 0x4A, Map.of("unit", "furlong")),
                device("c", "analog", I2C_1, 0x4B, Map.of("quantity", "temperature", "unit", "V")));

        assertEquals("device 'a' (analog): volts_max 1.0 must be above volts_min 2.0; swap them or fix the meter's scale",
                assertThrows(DriverException.class, () -> fixture.driver("a")).getMessage());
        assertTrue(assertThrows(DriverException.class, () -> fixture.driver("b")).getMessage()
                .startsWith("device 'b' (analog): unit='furlong' is not a SenML unit this gateway knows; use one of [Cel, %RH"));
        assertEquals("device 'c' (analog): quantity='temperature' quantity 'temperature' is measured in Cel, not V",
                assertThrows(DriverException.class, () -> fixture.driver("c")).getMessage());
    }
}
