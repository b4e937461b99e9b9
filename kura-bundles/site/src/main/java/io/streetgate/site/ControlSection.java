package io.streetgate.site;

import io.streetgate.analytics.control.hvac.HvacConfig;
import io.streetgate.analytics.control.lighting.DimmingProfile;
import io.streetgate.analytics.control.lighting.LampConfig;
import io.streetgate.analytics.control.lighting.LedDriverPower;
import io.streetgate.analytics.control.lighting.LightingClass;
import io.streetgate.analytics.control.lighting.LightingConfig;
import io.streetgate.analytics.control.lighting.PresenceConfig;
import io.streetgate.analytics.pipeline.AnalyticsConfig;
import io.streetgate.driver.DeviceConfig;
import org.yaml.snakeyaml.nodes.Node;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code control:} section (docs/control.md): {@code lighting} (lamps, their class floor, the dimming
 * profile, presence, the schedule and the fail-safe level) and {@code hvac} (one entry per zone). Every
 * actuator and sensor it names must be in the actuators and sensors sections; an actuator serves one loop.
 */
final class ControlSection {

    private static final List<String> KEYS = List.of("period", "max-override", "report-every", "lighting", "hvac");
    private static final List<String> LIGHTING_KEYS = List.of("time-zone", "light-sensor", "sensor-timeout", "schedule",
            "profile", "presence", "safe-level", "energy-meter", "lamps");
    private static final List<String> LAMP_KEYS = List.of("class", "class-level", "presence", "neighbours",
            "rated-power", "fixed-share", "standby-power", "status");
    private static final List<String> HVAC_KEYS = List.of("temperature", "co2", "fallback", "heater", "cooler", "fan",
            "fan-switching", "heating-setpoint", "cooling-setpoint", "deadband", "minimum-on", "minimum-off",
            "co2-setpoint", "co2-band", "minimum-ventilation", "fail-safe", "sensor-timeout");

    private ControlSection() {
    }

    /** The section; empty when the site file has none or it has problems (they are reported). */
    static Optional<ControlConfig> read(YamlSection s, Optional<NodeConfig> node, List<DeviceConfig> sensors,
                                        List<DeviceConfig> actuators, AnalyticsConfig analytics) {
        if (s.node() == null) {
            return Optional.empty();
        }
        Set<String> sensorIds = ids(sensors);
        Set<String> actuatorIds = ids(actuators);
        Duration period = s.duration(ControlSettings.PERIOD).orElse(ControlConfig.DEFAULT_PERIOD);
        Duration maxOverride = s.duration(ControlSettings.MAX_OVERRIDE).orElse(ControlConfig.DEFAULT_MAX_OVERRIDE);
        Duration reportEvery = s.duration(ControlSettings.REPORT_EVERY).orElse(ControlConfig.DEFAULT_REPORT_EVERY);
        Map<String, String> usedBy = new HashMap<>();
        Optional<LightingConfig> lighting = Optional.empty();
        if (s.has("lighting")) {
            lighting = lighting(s.section("lighting"), node, sensorIds, actuatorIds, analytics, usedBy);
        }
        List<HvacConfig> hvac = new ArrayList<>();
        YamlSection zones = s.section("hvac");
        for (String name : zones.keys()) {
            YamlSection z = zones.section(name);
            if (!SiteFile.ID.matcher(name).matches()) {
                z.problems().add(zones.keyNode(name), z.path(), name, "is not a valid zone name; use lower-case "
                        + "letters, digits, '-' or '_'");
                continue;
            }
            hvac(name, z, sensorIds, actuatorIds, usedBy).ifPresent(hvac::add);
        }
        s.rejectUnknownKeys(KEYS);
        if (!s.clean()) {
            return Optional.empty();
        }
        return Optional.of(new ControlConfig(period, maxOverride, reportEvery, lighting, hvac));
    }

    private static Optional<LightingConfig> lighting(YamlSection s, Optional<NodeConfig> node, Set<String> sensors,
                                                     Set<String> actuators, AnalyticsConfig analytics,
                                                     Map<String, String> usedBy) {
        ZoneId zone = ZoneId.of(ControlSettings.TIME_ZONE.defaultValue());
        Optional<String> zoneText = s.scalar(ControlSettings.TIME_ZONE.name());
        if (zoneText.isPresent()) {
            try {
                zone = ZoneId.of(zoneText.get().trim());
            } catch (DateTimeException e) {
                s.problem("time-zone", zoneText.get(), "is not a time zone; write a region such as Europe/Berlin");
            }
        }
        Optional<String> lightSensor = s.scalar(ControlSettings.LIGHT_SENSOR.name());
        lightSensor.ifPresent(id -> {
            requireIn(s, "light-sensor", id, sensors, "sensor");
            if (analytics.light() == null) {
                s.problem("light-sensor", id, "needs the analytics.light section (its dark-below and light-above "
                        + "levels give the dark/light state the lamps follow)");
            }
        });
        Duration timeout = s.duration(ControlSettings.LIGHT_SENSOR_TIMEOUT).orElse(LightingConfig.DEFAULT_SENSOR_TIMEOUT);
        YamlSection schedule = s.section("schedule");
        double dayAbove = schedule.decimal(ControlSettings.DAY_ABOVE).orElse(LightingConfig.DEFAULT_DAY_ABOVE);
        double nightBelow = schedule.decimal(ControlSettings.NIGHT_BELOW).orElse(LightingConfig.DEFAULT_NIGHT_BELOW);
        schedule.rejectUnknownKeys(List.of("day-above", "night-below"));
        DimmingProfile profile = profile(s).orElse(null);
        PresenceConfig presence = presence(s.section("presence"));
        double safeLevel = s.decimal(ControlSettings.SAFE_LEVEL).orElse(LightingConfig.DEFAULT_SAFE_LEVEL);
        Optional<String> meter = s.scalar(ControlSettings.ENERGY_METER.name());
        meter.ifPresent(id -> requireIn(s, "energy-meter", id, sensors, "sensor"));
        List<LampConfig> lamps = new ArrayList<>();
        YamlSection lampSection = s.section("lamps");
        if (lampSection.keys().isEmpty()) {
            s.problem("lamps", null, "is missing or empty; name each lamp's actuator with its class, e.g. "
                    + "lamps: { lamp-1: { class: M4, class-level: 0.3 } }");
        }
        for (String id : lampSection.keys()) {
            lamp(id, lampSection.section(id), sensors, actuators, usedBy).ifPresent(lamps::add);
        }
        s.rejectUnknownKeys(LIGHTING_KEYS);
        if (node.isPresent() && node.get().latitude() == 0 && node.get().longitude() == 0) {
            s.problems().add(s.node(), "node.latitude", null, "and node.longitude are needed for the lighting "
                    + "schedule (sunrise and sunset); give the node's position, e.g. latitude: 53.55");
        }
        if (node.isEmpty() || profile == null || presence == null || !s.clean()) {
            return Optional.empty();
        }
        ZoneId z = zone;
        return build(s, () -> LightingConfig.builder(node.get().latitude(), node.get().longitude(), z, lamps, profile)
                .presence(presence).schedule(dayAbove, nightBelow).lightSensor(lightSensor).sensorTimeout(timeout)
                .safeLevel(safeLevel).energyMeter(meter).build());
    }

    private static Optional<DimmingProfile> profile(YamlSection s) {
        if (!s.has("profile")) {
            return Optional.of(DimmingProfile.constant(1.0));
        }
        List<DimmingProfile.Period> periods = new ArrayList<>();
        int i = 0;
        for (Node item : s.list("profile")) {
            YamlSection p = YamlSection.of(s.child("profile") + "[" + i++ + "]", item, s.problems());
            Optional<String> from = p.requiredScalar("from", "dusk or a local time such as \"22:00\"");
            Optional<Double> level = p.decimal("level", 0.01, 1, null);
            if (!p.has("level")) {
                p.problem("level", null, "is missing; the base level of the period, 0.01..1");
            }
            p.rejectUnknownKeys(List.of("from", "level"));
            if (from.isEmpty() || level.isEmpty()) {
                continue;
            }
            if (from.get().trim().equals("dusk")) {
                periods.add(DimmingProfile.Period.atDusk(level.get()));
                continue;
            }
            try {
                periods.add(new DimmingProfile.Period(LocalTime.parse(from.get().trim()), level.get()));
            } catch (DateTimeParseException e) {
                p.problem("from", from.get(), "is not dusk or a time; write e.g. \"22:00\" (quoted)");
            }
        }
        return AnalyticsSection.build(s, "profile", () -> new DimmingProfile(periods));
    }

    private static PresenceConfig presence(YamlSection p) {
        PresenceConfig d = PresenceConfig.typical();
        double level = p.decimal(ControlSettings.PRESENCE_LEVEL).orElse(d.level());
        Duration ramp = p.duration(ControlSettings.RAMP_UP).orElse(d.rampUp());
        Duration hold = p.duration(ControlSettings.HOLD).orElse(d.hold());
        Duration fade = p.duration(ControlSettings.FADE).orElse(d.fade());
        double neighbour = p.decimal(ControlSettings.NEIGHBOUR_LEVEL).orElse(d.neighbourLevel());
        p.rejectUnknownKeys(List.of("level", "ramp-up", "hold", "fade", "neighbour-level"));
        return build(p, () -> new PresenceConfig(level, ramp, hold, fade, neighbour)).orElse(null);
    }

    private static Optional<LampConfig> lamp(String id, YamlSection l, Set<String> sensors, Set<String> actuators,
                                             Map<String, String> usedBy) {
        if (!actuators.contains(id)) {
            String hint = Problems.suggestion(id, actuators);
            l.problems().add(l.node(), l.path(), id, "is not an actuator in the actuators section"
                    + (hint.isEmpty() ? "" : "; did you mean '" + hint + "'?")
                    + " Defined: " + (actuators.isEmpty() ? "none" : String.join(", ", actuators)));
        }
        claim(l, id, "lighting", usedBy);
        Optional<String> className = l.requiredScalar(ControlSettings.CLASS.name(), "the EN 13201-2 lighting class it must meet: "
                + String.join(", ", Arrays.stream(LightingClass.values()).map(Enum::name).toList()));
        Optional<LightingClass> lightingClass = className.flatMap(LightingClass::parse);
        if (className.isPresent() && lightingClass.isEmpty()) {
            l.problem("class", className.get(), "is not an EN 13201-2 class; valid: "
                    + String.join(", ", Arrays.stream(LightingClass.values()).map(Enum::name).toList()));
        }
        if (!l.has("class-level")) {
            l.problem("class-level", null, "is missing; the dimming level (0.01..1) at which this luminaire meets "
                    + "its class, from the lighting design");
        }
        Optional<Double> floor = l.decimal(ControlSettings.CLASS_LEVEL);
        List<String> presence = l.scalars(ControlSettings.LAMP_PRESENCE.name());
        presence.forEach(p -> requireIn(l, "presence", p, sensors, "sensor"));
        List<String> neighbours = l.scalars(ControlSettings.NEIGHBOURS.name());
        Optional<Double> rated = l.decimal(ControlSettings.RATED_POWER);
        Optional<Double> fixed = l.decimal(ControlSettings.FIXED_SHARE);
        Optional<Double> standby = l.decimal(ControlSettings.STANDBY_POWER);
        Optional<String> status = l.scalar(ControlSettings.STATUS.name());
        status.ifPresent(s -> requireIn(l, "status", s, sensors, "sensor"));
        l.rejectUnknownKeys(LAMP_KEYS);
        if (lightingClass.isEmpty() || floor.isEmpty() || !l.clean()) {
            return Optional.empty();
        }
        return build(l, () -> new LampConfig(id, lightingClass.get(), floor.get(), presence, neighbours,
                new LedDriverPower(rated.orElseThrow(), fixed.orElseThrow(), standby.orElseThrow()), status));
    }

    private static Optional<HvacConfig> hvac(String name, YamlSection z, Set<String> sensors, Set<String> actuators,
                                             Map<String, String> usedBy) {
        Optional<String> temperature = z.requiredScalar(ControlSettings.TEMPERATURE.name(),
                "the id of the zone's temperature sensor");
        temperature.ifPresent(t -> requireIn(z, "temperature", t, sensors, "sensor"));
        Optional<String> co2 = z.scalar(ControlSettings.CO2.name());
        co2.ifPresent(c -> requireIn(z, "co2", c, sensors, "sensor"));
        Optional<String> fallback = z.scalar(ControlSettings.FALLBACK.name());
        fallback.ifPresent(f -> requireIn(z, "fallback", f, sensors, "sensor"));
        Optional<String> heater = output(z, ControlSettings.HEATER.name(), actuators, usedBy, name);
        Optional<String> cooler = output(z, ControlSettings.COOLER.name(), actuators, usedBy, name);
        Optional<String> fan = output(z, ControlSettings.FAN.name(), actuators, usedBy, name);
        boolean fanSwitching = z.bool(ControlSettings.FAN_SWITCHING).orElse(false);
        double heat = z.decimal(ControlSettings.HEATING_SETPOINT).orElse(HvacConfig.DEFAULT_HEATING_SETPOINT);
        double cool = z.decimal(ControlSettings.COOLING_SETPOINT).orElse(HvacConfig.DEFAULT_COOLING_SETPOINT);
        double deadband = z.decimal(ControlSettings.DEADBAND).orElse(HvacConfig.DEFAULT_DEADBAND);
        Duration minOn = z.duration(ControlSettings.MINIMUM_ON).orElse(HvacConfig.DEFAULT_MINIMUM_ON);
        Duration minOff = z.duration(ControlSettings.MINIMUM_OFF).orElse(HvacConfig.DEFAULT_MINIMUM_OFF);
        double co2Setpoint = z.decimal(ControlSettings.CO2_SETPOINT).orElse(HvacConfig.DEFAULT_CO2_SETPOINT);
        double co2Band = z.decimal(ControlSettings.CO2_BAND).orElse(HvacConfig.DEFAULT_CO2_BAND);
        double minVent = z.decimal(ControlSettings.MINIMUM_VENTILATION).orElse(HvacConfig.DEFAULT_MINIMUM_VENTILATION);
        // what the file leaves out of fail-safe is the builder's: the setpoints +- 5 K, and 0.5 or the minimum
        YamlSection failSafe = z.section("fail-safe");
        double[] band = failSafe.has("band") ? band(failSafe) : null;
        Optional<Double> failVent = failSafe.decimal("ventilation", 0, 1, null);
        failSafe.rejectUnknownKeys(List.of("band", "ventilation"));
        Duration timeout = z.duration(ControlSettings.HVAC_SENSOR_TIMEOUT).orElse(HvacConfig.DEFAULT_SENSOR_TIMEOUT);
        z.rejectUnknownKeys(HVAC_KEYS);
        if (temperature.isEmpty() || !z.clean()) {
            return Optional.empty();
        }
        return build(z, () -> {
            HvacConfig.Builder b = HvacConfig.builder(name, temperature.get()).heater(heater).cooler(cooler)
                    .fan(fan, fanSwitching).co2Sensor(co2).fallbackSensor(fallback).setpoints(heat, cool)
                    .deadband(deadband).minimumTimes(minOn, minOff).co2(co2Setpoint, co2Band)
                    .minimumVentilation(minVent).sensorTimeout(timeout);
            if (band != null) {
                b.failSafeBand(band[0], band[1]);
            }
            failVent.ifPresent(b::failSafeVentilation);
            return b.build();
        });
    }

    /** {@code fail-safe.band: [low, high]}; null, with the problem recorded, when it is not two temperatures. */
    private static double[] band(YamlSection failSafe) {
        List<String> band = failSafe.scalars("band");
        try {
            if (band.size() == 2) {
                return new double[] {Double.parseDouble(band.get(0)), Double.parseDouble(band.get(1))};
            }
        } catch (NumberFormatException e) {
            // recorded below
        }
        failSafe.problem("band", String.join(", ", band), "is not two temperatures; write e.g. band: [0, 45]");
        return null;
    }

    private static Optional<String> output(YamlSection z, String key, Set<String> actuators, Map<String, String> usedBy,
                                           String zone) {
        Optional<String> id = z.scalar(key);
        id.ifPresent(a -> {
            requireIn(z, key, a, actuators, "actuator");
            String other = usedBy.putIfAbsent(a, "hvac." + zone);
            if (other != null) {
                z.problem(key, a, "is already driven by " + other + "; an actuator serves one control loop");
            }
        });
        return id;
    }

    private static void claim(YamlSection lamp, String id, String loop, Map<String, String> usedBy) {
        String other = usedBy.putIfAbsent(id, loop);
        if (other != null) {
            lamp.problems().add(lamp.node(), lamp.path(), id, "is already driven by " + other
                    + "; an actuator serves one control loop");
        }
    }

    private static void requireIn(YamlSection s, String key, String id, Set<String> known, String what) {
        if (!known.contains(id)) {
            String hint = Problems.suggestion(id, known);
            s.problem(key, id, "is not a " + what + " in the " + what + "s section"
                    + (hint.isEmpty() ? "" : "; did you mean '" + hint + "'?")
                    + " Defined: " + (known.isEmpty() ? "none" : String.join(", ", known)));
        }
    }

    private static Set<String> ids(List<DeviceConfig> devices) {
        Set<String> ids = new LinkedHashSet<>();
        devices.forEach(d -> ids.add(d.id()));
        return ids;
    }

    private static <T> Optional<T> build(YamlSection s, Supplier<T> make) {
        return AnalyticsSection.build(s, "", make);
    }
}
