package io.streetgate.analytics.control.hvac;

import io.streetgate.analytics.control.ManualOverride;
import io.streetgate.analytics.control.Reason;
import io.streetgate.analytics.control.Setting;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One cabinet: thermostat with deadband, minimum times, interlock, CO2 ventilation, fail-safe. */
class HvacPolicyTest {

    final Instant start = Instant.parse("2026-01-15T00:00:00Z");

    Map<String, Setting> step(HvacPolicy p, Instant t, Double temperature, Double co2) {
        return p.step(t, HvacInputs.of(temperature, co2, t), Map.of());
    }

    @Test
    void heatingSwitchesAtTheEdgesOfTheDeadbandAroundItsSetpoint() {
        HvacPolicy p = new HvacPolicy(Cabinets.cabinet(), start.minus(Duration.ofHours(1)));
        Instant t = start;
        assertEquals(0.0, step(p, t, 4.6, 600.0).get("heater").level(), "4.6 °C is inside the band 4.5..5.5");
        t = t.plusSeconds(10);
        Setting on = step(p, t, 4.5, 600.0).get("heater");
        assertEquals(1.0, on.level(), "on at setpoint - deadband/2");
        assertEquals(Reason.THERMOSTAT, on.reason());
        t = t.plus(Duration.ofMinutes(10));
        assertEquals(1.0, step(p, t, 5.4, 600.0).get("heater").level(), "stays on inside the band");
        t = t.plusSeconds(10);
        assertEquals(0.0, step(p, t, 5.5, 600.0).get("heater").level(), "off at setpoint + deadband/2");
        assertEquals(0.0, step(p, t, 5.5, 600.0).get("cooler").level());
    }

    @Test
    void theMinimumOnAndOffTimesHoldEvenWhenTheTemperatureSaysOtherwise() {
        HvacPolicy p = new HvacPolicy(Cabinets.cabinet(), start);
        // just started: every output counts as off since start, so heating waits the 5 minute minimum off time
        Setting waiting = step(p, start.plusSeconds(60), 2.0, 600.0).get("heater");
        assertEquals(0.0, waiting.level());
        assertTrue(waiting.detail().contains("held off until 2026-01-15T00:05:00Z (minimum off time)"), waiting.detail());
        assertEquals(1.0, step(p, start.plus(Duration.ofMinutes(5)), 2.0, 600.0).get("heater").level());
        // warm at once: held on for the 3 minute minimum on time
        assertEquals(1.0, step(p, start.plus(Duration.ofMinutes(6)), 20.0, 600.0).get("heater").level());
        assertEquals(0.0, step(p, start.plus(Duration.ofMinutes(8)), 20.0, 600.0).get("heater").level());
    }

    @Test
    void ventilationFollowsCo2BetweenTheMinimumAndFull() {
        HvacPolicy p = new HvacPolicy(Cabinets.cabinet(), start);
        assertEquals(0.2, step(p, start, 20.0, 600.0).get("fan").level(), 1e-9);
        assertEquals(0.2, step(p, start, 20.0, 800.0).get("fan").level(), 1e-9);
        assertEquals(0.6, step(p, start, 20.0, 1000.0).get("fan").level(), 1e-9);
        Setting full = step(p, start, 20.0, 1500.0).get("fan");
        assertEquals(1.0, full.level(), 1e-9);
        assertEquals(Reason.VENTILATION, full.reason());
    }

    @Test
    void onSensorLossHeatingAndCoolingStopAndTheFanRunsAtTheFailSafeLevel() {
        HvacPolicy p = new HvacPolicy(Cabinets.cabinet(), start.minus(Duration.ofHours(1)));
        assertEquals(1.0, step(p, start, 2.0, 600.0).get("heater").level());
        Instant later = start.plus(Duration.ofMinutes(10));
        // no reading for 10 minutes (the timeout is 2): the sensor is lost
        Map<String, Setting> lost = p.step(later, new HvacInputs(Optional.of(new HvacInputs.Reading(2.0, start)), false,
                Optional.empty(), false, Optional.empty()), Map.of());
        assertEquals(0.0, lost.get("heater").level());
        assertEquals(Reason.FAIL_SAFE, lost.get("heater").reason());
        assertTrue(lost.get("heater").detail().contains("no fallback sensor"), lost.get("heater").detail());
        assertEquals(new Setting(0.5, Reason.FAIL_SAFE, lost.get("fan").detail()), lost.get("fan"));
    }

    @Test
    void onSensorLossTheFallbackSensorKeepsTheSafeBand() {
        HvacPolicy p = new HvacPolicy(Cabinets.cabinet(false, Optional.of("outdoor")), start.minus(Duration.ofHours(1)));
        Map<String, Setting> frost = p.step(start, new HvacInputs(Optional.empty(), true, Optional.empty(), false,
                Optional.of(new HvacInputs.Reading(-3.0, start))), Map.of());
        assertEquals(1.0, frost.get("heater").level(), "below the safe band's low end (0 °C) on the fallback");
        assertEquals(Reason.FAIL_SAFE, frost.get("heater").reason());
        Map<String, Setting> mild = p.step(start.plus(Duration.ofMinutes(4)), new HvacInputs(Optional.empty(), true,
                Optional.empty(), false, Optional.of(new HvacInputs.Reading(12.0, start))), Map.of());
        assertEquals(0.0, mild.get("heater").level());
    }

    @Test
    void aHeatingOverrideSwitchesCoolingOffFirst() {
        HvacPolicy p = new HvacPolicy(Cabinets.cabinet(), start.minus(Duration.ofHours(1)));
        assertEquals(1.0, step(p, start, 40.0, 600.0).get("cooler").level());
        ManualOverride heat = new ManualOverride("heater", 1, start.plusSeconds(10), start.plus(Duration.ofHours(1)),
                "local:cli", "c-1", "test");
        // cooling must stay on for its minimum on time; heating waits for it (interlock)
        Map<String, Setting> s = p.step(start.plusSeconds(10), HvacInputs.of(40.0, 600.0, start.plusSeconds(10)),
                Map.of("heater", heat));
        assertEquals(1.0, s.get("cooler").level());
        assertEquals(0.0, s.get("heater").level());
        assertEquals(Reason.OVERRIDE, s.get("heater").reason());
        Instant later = start.plus(Duration.ofMinutes(3));
        s = p.step(later, HvacInputs.of(40.0, 600.0, later), Map.of("heater", heat));
        assertEquals(0.0, s.get("cooler").level());
        assertEquals(1.0, s.get("heater").level());
    }

    @Test
    void aRestartKeepsTheMinimumTimesOfTheSavedState() {
        HvacPolicy p = new HvacPolicy(Cabinets.cabinet(), start,
                Map.of("heater", new HvacPolicy.Switched(true, start.minusSeconds(60))));
        assertEquals(1.0, step(p, start, 20.0, 600.0).get("heater").level(), "on for only a minute");
        assertEquals(0.0, step(p, start.plusSeconds(120), 20.0, 600.0).get("heater").level());
        HvacPolicy both = new HvacPolicy(Cabinets.cabinet(), start, Map.of(
                "heater", new HvacPolicy.Switched(true, start.minusSeconds(600)),
                "cooler", new HvacPolicy.Switched(true, start.minusSeconds(600))));
        assertEquals(0.0, both.switched().get("cooler").on() ? 1.0 : 0.0, "never both on after a restart");
    }

    @Test
    void setpointsCloserThanTheDeadbandAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HvacConfig.builder("kiosk", "t")
                .heater(Optional.of("h")).cooler(Optional.of("c")).setpoints(21, 21.5).deadband(1).build());
        assertTrue(e.getMessage().startsWith("control.hvac.kiosk.heating-setpoint 21.0 and cooling-setpoint 21.5"),
                e.getMessage());
    }

    @Test
    void toBuilderChangesOneSettingAndKeepsTheRest() {
        HvacConfig cabinet = Cabinets.cabinet(true, Optional.of("air-temp"));
        assertEquals(cabinet, cabinet.toBuilder().build(), "every setting carried over");
        HvacConfig wider = cabinet.toBuilder().deadband(2).build();
        assertEquals(2.0, wider.deadband());
        assertEquals(cabinet, wider.toBuilder().deadband(cabinet.deadband()).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cabinet.toBuilder().co2(300, 400).build(), "the record's checks run");
        assertTrue(e.getMessage().startsWith("control.hvac.cabinet.co2-setpoint = 300.0 is not valid"), e.getMessage());
    }
}
