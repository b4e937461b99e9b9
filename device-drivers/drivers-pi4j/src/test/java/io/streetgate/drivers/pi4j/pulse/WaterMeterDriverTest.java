package io.streetgate.drivers.pi4j.pulse;

import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.SelfTestResult;
import io.streetgate.drivers.pi4j.Pi4jDriverFactory;
import io.streetgate.drivers.pi4j.ScriptedScenario;
import io.streetgate.drivers.pi4j.StreetFixture;
import io.streetgate.drivers.pi4j.support.CounterStore;
import io.streetgate.sim.SimFault;
import io.streetgate.sim.chip.watermeter.PulseMeterModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.streetgate.drivers.pi4j.StreetFixture.GPIO;
import static io.streetgate.drivers.pi4j.StreetFixture.device;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A pulse water meter on a simulated contact that bounces; the clock is stepped, so every run is the same. */
class WaterMeterDriverTest {

    @TempDir
    Path state;

    StreetFixture fixture;

    /**
     * A meter with 0.2 l/s flowing (one 10-litre pulse every 50 s from the start), counting into the temp state
     * directory. The tests read at 10 s past whole minutes, never at the instant of a pulse.
     */
    WaterMeterDriver meter(Map<String, String> options) throws DriverException {
        DeviceConfig config = device("water", "water_meter", GPIO, 22, options);
        fixture = new StreetFixture(new ScriptedScenario().set(Quantity.FLOW, 0.2 / 1000), config);
        return driver(config);
    }

    void advanceToTenPast(Duration sinceStart) {
        fixture.clock.advanceTo(StreetFixture.START.plus(sinceStart).plusSeconds(10));
    }

    WaterMeterDriver driver(DeviceConfig config) throws DriverException {
        return (WaterMeterDriver) new Pi4jDriverFactory(fixture.pi4j, fixture.time, state).create(config);
    }

    PulseMeterModel model() {
        return fixture.street.chip("water", PulseMeterModel.class).orElseThrow();
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void everyPulseIsCountedOnceDespiteBounceAndVolumeAndFlowFollow() throws DriverException {
        WaterMeterDriver meter = meter(Map.of("initial_m3", "123.45"));
        meter.init();
        List<Measurement> first = meter.read();
        assertEquals(List.of(Quantity.VOLUME), first.stream().map(Measurement::quantity).toList(), "no flow without an interval");
        assertEquals(123.45, first.get(0).value(), 1e-9);

        advanceToTenPast(Duration.ofMinutes(60));
        List<Measurement> hour = meter.read();

        assertEquals(72, model().pulses(), "0.2 l/s for an hour is 720 l: 72 pulses of 10 l");
        assertEquals(72, meter.pulses());
        assertEquals(123.45 + 0.72, hour.get(0).value(), 1e-9);
        assertEquals("m3", hour.get(0).unit().senml());
        assertEquals(0.72 / 3610, hour.get(1).value(), 1e-12, "mean flow since the last reading, m3/s");
        assertEquals("m3/s", hour.get(1).unit().senml());
    }

    @Test
    void aRestartLosesNoVolumeAndAPowerCutAtMostThePersistInterval() throws DriverException {
        Map<String, String> options = Map.of("persist_every", "10m");
        WaterMeterDriver meter = meter(options);
        meter.init();
        advanceToTenPast(Duration.ofMinutes(30));
        meter.read(); // 36 pulses, saved
        meter.close(); // a clean stop saves as well
        WaterMeterDriver restarted = driver(device("water", "water_meter", GPIO, 22, options));
        restarted.init();
        assertEquals(36, restarted.pulses(), "a restart loses nothing");

        advanceToTenPast(Duration.ofMinutes(60));
        restarted.read(); // 72, saved
        advanceToTenPast(Duration.ofMinutes(65));
        assertEquals(78, restarted.read().get(0).value() * 100, 1e-9, "78 pulses counted");
        // the power is cut here: no close. What a new start finds:
        assertEquals(72, CounterStore.of(state, "water").load(),
                "the last save: the 6 pulses since it, within one persist interval, are the bounded loss");
    }

    @Test
    void interferenceGlitchesAreShorterThanTheDebounceAndNotCounted() throws DriverException {
        WaterMeterDriver meter = meter(Map.of());
        meter.init();
        fixture.street.injectFault("water", SimFault.CRC_ERROR);
        advanceToTenPast(Duration.ofMinutes(10));

        assertEquals(12, model().pulses());
        assertEquals(12, meter.pulses(), "60 glitches of 1 ms between the pulses, none counted");
    }

    @Test
    void aCutCableOrAWeldedContactStopTheCountWithoutInventingPulses() throws DriverException {
        WaterMeterDriver meter = meter(Map.of());
        meter.init();
        advanceToTenPast(Duration.ofMinutes(10));
        assertEquals(12, meter.pulses());

        fixture.street.injectFault("water", SimFault.NACK);
        advanceToTenPast(Duration.ofMinutes(20));
        assertEquals(12, meter.pulses());
        fixture.street.injectFault("water", SimFault.STUCK);
        advanceToTenPast(Duration.ofMinutes(30));
        assertEquals(13, meter.pulses(), "the contact closing for good is one closure");
        fixture.street.clearFault("water");
        advanceToTenPast(Duration.ofMinutes(40));
        assertEquals(13 + 12, meter.pulses());
        assertEquals(48, model().pulses(), "the register went on turning");
        assertThrows(IllegalArgumentException.class, () -> fixture.street.injectFault("water", SimFault.TIMEOUT));
    }

    @Test
    void aDamagedStateFileStopsTheMeterInsteadOfRestartingItsCount() throws Exception {
        WaterMeterDriver meter = meter(Map.of());
        Files.writeString(state.resolve("water.count"), "garbage");

        DriverException e = assertThrows(DriverException.class, meter::init);
        assertEquals(DriverFault.IMPLAUSIBLE, e.fault());
        SelfTestResult test = meter.selfTest();
        assertFalse(test.passed());
    }

    @Test
    void withoutAStateDirectoryTheCountLivesInMemory() throws DriverException {
        DeviceConfig config = device("water", "water_meter", GPIO, 22, Map.of());
        fixture = new StreetFixture(new ScriptedScenario().set(Quantity.FLOW, 0.2 / 1000), config);
        WaterMeterDriver meter = fixture.driver("water");

        assertTrue(meter.init().identity().endsWith("kept in memory only (no state directory)"));
    }

    @Test
    void selfTestSavesAndReloadsTheCount() throws DriverException {
        WaterMeterDriver meter = meter(Map.of());
        meter.init();
        advanceToTenPast(Duration.ofMinutes(5));

        SelfTestResult ok = meter.selfTest();

        assertTrue(ok.passed(), ok.toString());
        assertEquals(List.of("input", "state file", "volume"), ok.checks().stream().map(SelfTestResult.Check::name).toList());
    }
}
