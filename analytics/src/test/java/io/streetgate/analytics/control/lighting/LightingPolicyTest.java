package io.streetgate.analytics.control.lighting;

import io.streetgate.analytics.control.ActuatorLimits;
import io.streetgate.analytics.control.ManualOverride;
import io.streetgate.analytics.control.Overrides;
import io.streetgate.analytics.control.Reason;
import io.streetgate.analytics.control.Setting;
import io.streetgate.analytics.light.AmbientLight;
import io.streetgate.driver.sun.SolarPosition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.streetgate.analytics.control.lighting.StreetLights.BERLIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole nights on Harbour Street, Hamburg, stepped every second of simulated time. */
class LightingPolicyTest {

    static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(BERLIN).toInstant();
    }

    /** Runs the policy from {@code from} to {@code to}, one step a second, and records lamp-1's settings. */
    static final class Run {
        final LightingPolicy policy;
        final Map<Instant, Map<String, Setting>> steps = new HashMap<>();
        Map<String, ManualOverride> overrides = Map.of();

        Run(LightingConfig config) {
            this.policy = new LightingPolicy(config);
        }

        Run until(Instant from, Instant to) {
            for (Instant t = from; !t.isAfter(to); t = t.plusSeconds(1)) {
                steps.put(t, policy.step(t, Optional.of(StreetLights.ambient(t)), false, overrides));
            }
            return this;
        }

        Setting at(Instant t, String lamp) {
            return steps.get(t).get(lamp);
        }
    }

    @Test
    void theDimmingCurveFollowsTheProfileThroughAWinterNight() {
        Run run = new Run(StreetLights.config()).until(local("2026-12-01T12:00:00"), local("2026-12-02T12:00:00"));
        assertEquals(new Setting(0, Reason.SCHEDULE, ""), strip(run.at(local("2026-12-01T13:00:00"), "lamp-1")));
        // Hamburg on 1 December: sunset about 16:00 local; lit well before civil dusk (about 16:45)
        assertEquals(1.0, run.at(local("2026-12-01T16:45:00"), "lamp-1").level());
        assertEquals(1.0, run.at(local("2026-12-01T21:59:59"), "lamp-1").level());
        assertEquals(0.7, run.at(local("2026-12-01T22:00:00"), "lamp-1").level());
        assertEquals(0.4, run.at(local("2026-12-02T00:00:00"), "lamp-1").level());
        assertEquals(0.4, run.at(local("2026-12-02T04:59:59"), "lamp-2").level());
        assertEquals(1.0, run.at(local("2026-12-02T05:00:00"), "lamp-2").level());
        Setting afterSunrise = run.at(local("2026-12-02T09:30:00"), "lamp-1");
        assertEquals(0, afterSunrise.level());
        assertTrue(afterSunrise.detail().startsWith("daylight"), afterSunrise.detail());
        Setting midnight = run.at(local("2026-12-02T01:00:00"), "lamp-1");
        assertEquals(Reason.SCHEDULE, midnight.reason());
        assertTrue(midnight.detail().startsWith("period from 00:00 at 40 %; night"), midnight.detail());
    }

    @Test
    void lampsFollowTheLightSensorInTwilightAndTheSunOutsideIt() {
        LightingPolicy policy = new LightingPolicy(StreetLights.config());
        SolarPosition sun = new SolarPosition(StreetLights.LAT, StreetLights.LON);
        Instant sunset = sun.nextSunset(local("2026-12-01T12:00:00")).orElseThrow();
        // at sunset a dark sky (a storm) lights the lamps, a bright one does not
        AmbientLight dark = new AmbientLight("light-1", sunset, 5, 5, true);
        AmbientLight bright = new AmbientLight("light-1", sunset, 300, 300, false);
        assertEquals(1.0, policy.step(sunset, Optional.of(dark), false, Map.of()).get("lamp-1").level());
        assertEquals(0.0, policy.step(sunset, Optional.of(bright), false, Map.of()).get("lamp-1").level());
        // after civil dusk the lamps are lit even if the sensor still says light (a dirty or lit photocell)
        Instant dusk = sun.nextCrossing(sunset, SolarPosition.CIVIL_TWILIGHT_ELEVATION, false, Duration.ofDays(1)).orElseThrow();
        AmbientLight stillBright = new AmbientLight("light-1", dusk.plusSeconds(60), 300, 300, false);
        assertEquals(1.0, policy.step(dusk.plusSeconds(60), Optional.of(stillBright), false, Map.of()).get("lamp-1").level());
        // at noon a dark reading (a bird on the sensor) does not light them
        Instant noon = local("2026-12-02T12:00:00");
        assertEquals(0.0, policy.step(noon, Optional.of(new AmbientLight("light-1", noon, 1, 1, true)), false, Map.of())
                .get("lamp-1").level());
    }

    @Test
    void presenceRampsUpHoldsAndFadesBackAndRaisesTheNeighbour() {
        Run run = new Run(StreetLights.config());
        Instant t0 = local("2026-12-02T01:00:00");
        run.until(t0.minusSeconds(10), t0.minusSeconds(1));
        assertEquals(0.4, run.at(t0.minusSeconds(1), "lamp-1").level());
        run.policy.presence("pir-1", t0);
        run.until(t0, t0.plusSeconds(200));
        // typical presence: up in 2 s, held 60 s after the detection, faded over 30 s
        assertEquals(0.4, run.at(t0, "lamp-1").level(), 1e-9, "the ramp starts at the detection");
        assertEquals(0.7, run.at(t0.plusSeconds(1), "lamp-1").level(), 1e-9, "half way up the 2 s ramp");
        assertEquals(new Setting(1.0, Reason.PRESENCE, ""), strip(run.at(t0.plusSeconds(2), "lamp-1")));
        run.policy.step(t0.plusSeconds(2), Optional.of(StreetLights.ambient(t0.plusSeconds(2))), false, Map.of());
        assertEquals(new Setting(0.4, Reason.SCHEDULE, ""), strip(run.policy.base().get("lamp-1")),
                "without the raise: what is saved and what leaves the node");
        assertEquals(1.0, run.at(t0.plusSeconds(59), "lamp-1").level());
        assertEquals(0.7, run.at(t0.plusSeconds(75), "lamp-1").level(), 1e-9, "half way down the 30 s fade");
        assertEquals(new Setting(0.4, Reason.SCHEDULE, ""), strip(run.at(t0.plusSeconds(90), "lamp-1")));
        // the neighbour went to its neighbour level and back
        assertEquals(0.7, run.at(t0.plusSeconds(30), "lamp-2").level(), 1e-9);
        assertTrue(run.at(t0.plusSeconds(30), "lamp-2").detail().contains("neighbour lamp-1"));
        assertEquals(0.4, run.at(t0.plusSeconds(90), "lamp-2").level());
    }

    @Test
    void presenceBelowTheBaseLevelChangesNothing() {
        Run run = new Run(StreetLights.config());
        Instant evening = local("2026-12-01T20:00:00");
        run.until(evening.minusSeconds(5), evening.minusSeconds(1));
        run.policy.presence("pir-1", evening);
        run.until(evening, evening.plusSeconds(10));
        assertEquals(new Setting(1.0, Reason.SCHEDULE, ""), strip(run.at(evening.plusSeconds(5), "lamp-1")));
    }

    @Test
    void aFaultyOrSilentLightSensorPutsLitLampsAtTheSafeLevelAndLeavesThemOffByDay() {
        LightingPolicy policy = new LightingPolicy(StreetLights.config());
        Instant night = local("2026-12-02T01:00:00");
        Optional<AmbientLight> fresh = Optional.of(StreetLights.ambient(night));
        Setting faulty = policy.step(night, fresh, true, Map.of()).get("lamp-1");
        assertEquals(new Setting(0.8, Reason.FAIL_SAFE, ""), strip(faulty));
        assertTrue(faulty.detail().startsWith("light sensor light-1 is faulty"), faulty.detail());
        Setting silent = policy.step(night.plus(Duration.ofMinutes(3)), fresh, false, Map.of()).get("lamp-1");
        assertEquals(Reason.FAIL_SAFE, silent.reason());
        assertTrue(silent.detail().contains("silent for 180 s"), silent.detail());
        Setting none = policy.step(night, Optional.empty(), false, Map.of()).get("lamp-1");
        assertEquals(Reason.FAIL_SAFE, none.reason());
        // by day the sun is up: off, whatever the sensor
        Instant day = local("2026-12-02T12:00:00");
        assertEquals(0.0, policy.step(day, Optional.empty(), true, Map.of()).get("lamp-1").level());
        // and it recovers as soon as the sensor reports again
        assertEquals(Reason.SCHEDULE, policy.step(night.plusSeconds(400),
                Optional.of(StreetLights.ambient(night.plusSeconds(400))), false, Map.of()).get("lamp-1").reason());
    }

    @Test
    void anOverrideHoldsUntilItExpiresThenTheScheduleResumes() {
        LightingConfig config = StreetLights.config();
        Overrides overrides = new Overrides(Map.of("lamp-1", ActuatorLimits.lamp(StreetLights.FLOOR, "the M4 floor"),
                "lamp-2", ActuatorLimits.lamp(StreetLights.FLOOR, "the M4 floor")), Duration.ofHours(4));
        Run run = new Run(config);
        Instant t0 = local("2026-12-02T01:00:00");
        overrides.request("c-7", "lamp-1", Map.of("level", 1.0, "for", "20m"), "mqtt:ops", t0);
        for (Instant t = t0; t.isBefore(t0.plus(Duration.ofMinutes(30))); t = t.plusSeconds(1)) {
            overrides.expire(t);
            run.overrides = overrides.all();
            run.steps.put(t, run.policy.step(t, Optional.of(StreetLights.ambient(t)), false, run.overrides));
        }
        assertEquals(new Setting(1.0, Reason.OVERRIDE, ""), strip(run.at(t0.plusSeconds(1199), "lamp-1")));
        assertEquals(new Setting(0.4, Reason.SCHEDULE, ""), strip(run.at(t0.plusSeconds(1200), "lamp-1")));
        assertEquals(0.4, run.at(t0.plusSeconds(600), "lamp-2").level());
    }

    @Test
    void withoutALightSensorTheAstronomicalSunsetDecides() {
        LightingConfig withSensor = StreetLights.config();
        LightingConfig astro = withSensor.toBuilder().lightSensor(Optional.empty()).build();
        LightingPolicy policy = new LightingPolicy(astro);
        Instant sunset = new SolarPosition(StreetLights.LAT, StreetLights.LON).nextSunset(local("2026-12-01T12:00:00"))
                .orElseThrow();
        assertFalse(policy.schedule(sunset.minusSeconds(60), Optional.empty(), false).lit());
        LightingPolicy.Schedule after = policy.schedule(sunset.plusSeconds(60), Optional.empty(), false);
        assertTrue(after.lit());
        assertFalse(after.sensorFailed());
        assertEquals(Reason.SCHEDULE, policy.step(sunset.plusSeconds(60), Optional.empty(), false, Map.of())
                .get("lamp-1").reason());
    }

    @Test
    void aProfileBelowALampsFloorIsRefusedNamingTheClass() {
        DimmingProfile tooLow = new DimmingProfile(List.of(DimmingProfile.Period.atDusk(1.0),
                new DimmingProfile.Period(java.time.LocalTime.of(1, 0), 0.2)));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> StreetLights.config(tooLow, PresenceConfig.typical()));
        assertTrue(e.getMessage().contains("period from 01:00 at 0.2 is below the M4 (0.75 cd/m²) floor of lamp-1"),
                e.getMessage());
    }

    /** The setting without its detail, to compare level and reason. */
    static Setting strip(Setting s) {
        return new Setting(s.level(), s.reason(), "");
    }

    @Test
    void theLightingBuildersToBuilderKeepsEverySettingAndTheRecordsChecksRun() {
        LightingConfig street = StreetLights.config();
        assertEquals(street, street.toBuilder().build());
        assertEquals(0.9, street.toBuilder().safeLevel(0.9).build().safeLevel());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> street.toBuilder().schedule(3, -20).build());
        assertTrue(e.getMessage().startsWith("control.lighting.schedule.night-below = -20.0 is not valid"),
                e.getMessage());
    }
}
