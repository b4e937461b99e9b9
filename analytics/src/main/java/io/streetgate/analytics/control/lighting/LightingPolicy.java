package io.streetgate.analytics.control.lighting;

import io.streetgate.analytics.control.ManualOverride;
import io.streetgate.analytics.control.Reason;
import io.streetgate.analytics.control.Setting;
import io.streetgate.analytics.light.AmbientLight;
import io.streetgate.driver.sun.SolarPosition;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides every lamp's level at each step of the control loop (see {@link LightingConfig} for when lamps are
 * lit). While lit, a lamp's base level is its profile period's level, never below its class floor; presence
 * raises it (ramp-up, hold after the last detection, fade back); an override replaces it until it expires;
 * when the light sensor fails, lit lamps go to the safe level. Presence detections arrive between steps
 * through {@link #presence}. Not thread-safe: the control loop's thread owns it.
 */
public final class LightingPolicy {

    /** Steps further apart than this (a stalled loop) ramp and fade as if this much time had passed. */
    private static final Duration MAX_STEP = Duration.ofMinutes(5);

    private final LightingConfig config;
    private final SolarPosition sun;
    private final Map<String, Boost> boosts = new HashMap<>();
    private final Map<String, List<String>> lampsBySensor = new HashMap<>();
    private Map<String, Setting> base = Map.of();
    private Instant lastStep;

    public LightingPolicy(LightingConfig config) {
        this.config = config;
        this.sun = new SolarPosition(config.latitude(), config.longitude());
        for (LampConfig lamp : config.lamps()) {
            boosts.put(lamp.id(), new Boost());
            for (String sensor : lamp.presenceSensors()) {
                lampsBySensor.computeIfAbsent(sensor, s -> new java.util.ArrayList<>()).add(lamp.id());
            }
        }
    }

    public LightingConfig config() {
        return config;
    }

    /** Whether readings of this sensor are presence detections for some lamp. */
    public boolean watches(String sensorId) {
        return lampsBySensor.containsKey(sensorId);
    }

    /**
     * Someone was detected by a presence sensor at {@code at}: its lamps are raised, and their neighbours.
     *
     * @return the lamps raised as neighbours (to announce to other nodes)
     */
    public List<String> presence(String sensorId, Instant at) {
        List<String> lamps = lampsBySensor.getOrDefault(sensorId, List.of());
        List<String> neighbours = new java.util.ArrayList<>();
        for (String id : lamps) {
            boosts.get(id).detected(at, at.plus(config.presence().hold()), sensorId);
            if (config.presence().neighbourLevel() > 0) {
                for (String n : config.lamp(id).orElseThrow().neighbours()) {
                    boosts.get(n).neighbour(at, at.plus(config.presence().hold()), id);
                    neighbours.add(n);
                }
            }
        }
        return neighbours;
    }

    /** A neighbouring node announced presence next to this lamp (raised to the neighbour level). */
    public boolean neighbourPresence(String lampId, Instant at, String from) {
        Boost b = boosts.get(lampId);
        if (b == null || config.presence().neighbourLevel() <= 0) {
            return false;
        }
        b.neighbour(at, at.plus(config.presence().hold()), from);
        return true;
    }

    /**
     * Moves the presence raises' times (the ramp's start, the hold's end) and the last step by a step of the
     * wall clock (time sync setting it), so that a raise keeps the hold and fade it had left.
     */
    public void shift(Duration step) {
        boosts.values().forEach(b -> b.shift(step));
        if (lastStep != null) {
            lastStep = lastStep.plus(step);
        }
    }

    /**
     * What the schedule says now.
     *
     * @param lit          whether lamps are lit (by the schedule, or at the safe level)
     * @param sensorFailed the light sensor is configured but failed or silent
     * @param elevation    the sun's elevation, degrees
     * @param detail       one line for people
     */
    public record Schedule(boolean lit, boolean sensorFailed, double elevation, String detail) {
    }

    /**
     * One step: every lamp's setting.
     *
     * @param ambient      the light sensor's smoothed state (empty before its first reading or without one)
     * @param sensorFaulty the light sensor's health says faulty
     * @param overrides    the overrides in force, by lamp
     */
    public Map<String, Setting> step(Instant now, Optional<AmbientLight> ambient, boolean sensorFaulty,
                                     Map<String, ManualOverride> overrides) {
        Schedule schedule = schedule(now, ambient, sensorFaulty);
        Duration dt = lastStep == null || now.isBefore(lastStep) ? Duration.ZERO : Duration.between(lastStep, now);
        if (dt.compareTo(MAX_STEP) > 0) {
            dt = MAX_STEP;
        }
        lastStep = now;
        LocalTime local = now.atZone(config.zone()).toLocalTime();
        DimmingProfile.Period period = config.profile().periodAt(local);
        Map<String, Setting> settings = new LinkedHashMap<>();
        Map<String, Setting> bases = new LinkedHashMap<>();
        for (LampConfig lamp : config.lamps()) {
            Boost boost = boosts.get(lamp.id());
            ManualOverride override = overrides.get(lamp.id());
            if (!schedule.lit()) {
                boost.reset();
                Setting off = new Setting(0, Reason.SCHEDULE, schedule.detail());
                bases.put(lamp.id(), off);
                settings.put(lamp.id(), override != null && override.activeAt(now) ? override.setting() : off);
                continue;
            }
            double base = Math.max(lamp.floor(), period.level());
            double level = boost.step(now, dt, base, config.presence());
            Setting scheduled = schedule.sensorFailed()
                    ? new Setting(Math.max(config.safeLevel(), lamp.floor()), Reason.FAIL_SAFE, schedule.detail())
                    : new Setting(base, Reason.SCHEDULE, "period from " + (period.atDusk() ? "dusk" : period.from())
                    + " at " + Math.round(period.level() * 100) + " %" + (base > period.level()
                    ? ", raised to " + lamp.floorName() : "") + "; " + schedule.detail());
            bases.put(lamp.id(), scheduled);
            Setting automatic = !schedule.sensorFailed() && level > base + 1e-9
                    ? new Setting(level, Reason.PRESENCE, boost.describe(now)) : scheduled;
            settings.put(lamp.id(), override != null && override.activeAt(now) ? override.setting() : automatic);
        }
        this.base = bases;
        return settings;
    }

    /**
     * The settings of the last step without presence and overrides: what the schedule (or the fail-safe) gives
     * each lamp. Saved across restarts as the lamps' last safe state, and what leaves the node: a lamp raised
     * for one passer-by is an occupancy count of one (DESIGN.md principle 8).
     */
    public Map<String, Setting> base() {
        return base;
    }

    /** When lamps are lit, by the sun and the light sensor. */
    public Schedule schedule(Instant now, Optional<AmbientLight> ambient, boolean sensorFaulty) {
        double elevation = sun.elevation(now);
        String sunText = String.format(Locale.ROOT, "sun at %.1f°", elevation);
        Optional<String> failure = sensorFailure(now, ambient, sensorFaulty);
        if (elevation > config.dayAbove()) {
            return new Schedule(false, failure.isPresent(), elevation, "daylight, " + sunText);
        }
        if (failure.isPresent()) {
            boolean afterSunset = elevation < SolarPosition.SUNRISE_ELEVATION;
            return new Schedule(afterSunset, true, elevation, failure.get() + "; " + sunText
                    + (afterSunset ? ", after sunset: safe level" : ", before sunset: off"));
        }
        if (elevation < config.nightBelow()) {
            return new Schedule(true, false, elevation, "night, " + sunText);
        }
        if (config.lightSensor().isEmpty()) {
            boolean afterSunset = elevation < SolarPosition.SUNRISE_ELEVATION;
            return new Schedule(afterSunset, false, elevation, "twilight, " + sunText
                    + (afterSunset ? ", after sunset" : ", before sunset"));
        }
        AmbientLight a = ambient.orElseThrow();
        return new Schedule(a.dark(), false, elevation, String.format(Locale.ROOT, "twilight, %s, ambient %.0f lx %s",
                sunText, a.smoothedLux(), a.dark() ? "dark" : "light"));
    }

    private Optional<String> sensorFailure(Instant now, Optional<AmbientLight> ambient, boolean sensorFaulty) {
        if (config.lightSensor().isEmpty()) {
            return Optional.empty();
        }
        String id = config.lightSensor().get();
        if (sensorFaulty) {
            return Optional.of("light sensor " + id + " is faulty");
        }
        if (ambient.isEmpty()) {
            return Optional.of("light sensor " + id + " has not reported");
        }
        Duration age = Duration.between(ambient.get().at(), now);
        if (age.compareTo(config.sensorTimeout()) > 0) {
            return Optional.of("light sensor " + id + " silent for " + age.toSeconds() + " s");
        }
        return Optional.empty();
    }

    /**
     * A lamp's presence raise: the share f of the way from the base to the raised level, moved by the time
     * spent ramping (since the detection that started the raise) or fading (since the hold ended) within
     * each step, so that the curve does not depend on the step length.
     */
    private static final class Boost {
        private double f;
        private double raised;
        private Instant ownUntil = Instant.MIN;
        private Instant neighbourUntil = Instant.MIN;
        private Instant rampFrom = Instant.MIN;
        private String by = "";

        void detected(Instant at, Instant until, String sensor) {
            start(at);
            if (until.isAfter(ownUntil)) {
                ownUntil = until;
            }
            by = "presence at " + sensor;
        }

        void neighbour(Instant at, Instant until, String lamp) {
            start(at);
            if (until.isAfter(neighbourUntil)) {
                neighbourUntil = until;
            }
            if (!at.isBefore(ownUntil)) {
                by = "presence at neighbour " + lamp;
            }
        }

        private void start(Instant at) {
            if (!at.isBefore(ownUntil) && !at.isBefore(neighbourUntil)) {
                rampFrom = at; // a new raise (or one during the fade) ramps from the detection on
            }
        }

        void shift(Duration step) {
            ownUntil = moved(ownUntil, step);
            neighbourUntil = moved(neighbourUntil, step);
            rampFrom = moved(rampFrom, step);
        }

        /** Instant.MIN stands for "never" and stays so. */
        private static Instant moved(Instant t, Duration step) {
            return t.equals(Instant.MIN) ? t : t.plus(step);
        }

        void reset() {
            f = 0;
            raised = 0;
        }

        double step(Instant now, Duration dt, double base, PresenceConfig p) {
            boolean own = now.isBefore(ownUntil);
            boolean neighbour = now.isBefore(neighbourUntil);
            Instant stepStart = now.minus(dt);
            if (own || neighbour) {
                double target = own ? p.level() : p.neighbourLevel();
                // a neighbour's raise never lowers a lamp's own raise that is still fading
                raised = own ? target : Math.max(target, f > 0 ? raised : 0);
                double ramping = seconds(Duration.between(later(stepStart, rampFrom), now));
                f = p.rampUp().isZero() ? 1 : Math.min(1, f + Math.max(0, ramping) / seconds(p.rampUp()));
            } else {
                Instant holdEnd = ownUntil.isAfter(neighbourUntil) ? ownUntil : neighbourUntil;
                double fading = seconds(Duration.between(later(stepStart, holdEnd), now));
                f = p.fade().isZero() ? 0 : f - Math.max(0, fading) / seconds(p.fade());
                if (f < 1e-9) {
                    f = 0;
                    by = "";
                }
            }
            return raised > base ? base + f * (raised - base) : base;
        }

        String describe(Instant now) {
            boolean holding = now.isBefore(ownUntil) || now.isBefore(neighbourUntil);
            return by + (holding ? (f < 1 ? ", ramping up" : ", holding") : ", fading");
        }

        private static Instant later(Instant a, Instant b) {
            return a.isAfter(b) ? a : b;
        }

        private static double seconds(Duration d) {
            return d.toNanos() / 1e9;
        }
    }
}
