package io.streetgate.site;

import io.streetgate.analytics.control.hvac.HvacConfig;
import io.streetgate.analytics.control.lighting.LightingClass;
import io.streetgate.analytics.control.lighting.PresenceConfig;
import io.streetgate.analytics.sun.SolarPosition;
import io.streetgate.driver.OptionSpec;
import io.streetgate.site.SiteSettings.Setting;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The one definition of the {@code control:} section's settings: each key with its type, default, unit, valid
 * values and doc. {@link ControlSection} reads the keys through it, and docs/control.md's three tables (the
 * section, {@code lighting}, an {@code hvac} zone) are held equal to it by {@code SiteSettingsDocTest}.
 */
public final class ControlSettings {

    private static final String SENSOR_ID = "a sensor id from sensors";
    private static final String ACTUATOR_ID = "an actuator id from actuators";

    static final OptionSpec PERIOD = OptionSpec.duration("period", "how often every loop steps, in gateway time",
            Duration.ofMillis(100), Duration.ofMinutes(1), ControlConfig.DEFAULT_PERIOD);
    static final OptionSpec MAX_OVERRIDE = OptionSpec.duration("max-override", "the longest override anyone may set",
            Duration.ofMinutes(1), Duration.ofDays(7), ControlConfig.DEFAULT_MAX_OVERRIDE);
    static final OptionSpec REPORT_EVERY = OptionSpec.duration("report-every",
            "every actuator's state and the night's energy so far go upstream this often", Duration.ofSeconds(10),
            Duration.ofDays(1), ControlConfig.DEFAULT_REPORT_EVERY);

    static final OptionSpec TIME_ZONE = OptionSpec.text("time-zone", "the zone of the profile's clock times", "UTC");
    static final OptionSpec LIGHT_SENSOR = OptionSpec.text("light-sensor", "the ambient light sensor; needs "
            + "analytics.light (its dark-below/light-above hysteresis gives the dark/light state)", "");
    static final OptionSpec LIGHT_SENSOR_TIMEOUT = OptionSpec.duration("sensor-timeout",
            "a light sensor silent this long counts as failed", Duration.ofSeconds(1), Duration.ofHours(1),
            Duration.ofMinutes(2));
    static final OptionSpec DAY_ABOVE = OptionSpec.decimal("day-above",
            "sun elevation above which lamps are off, whatever the sensor says", SolarPosition.SUNRISE_ELEVATION, 20,
            3.0);
    static final OptionSpec NIGHT_BELOW = OptionSpec.decimal("night-below",
            "sun elevation below which lamps are lit, whatever the sensor says (civil twilight)", -18,
            SolarPosition.SUNRISE_ELEVATION, SolarPosition.CIVIL_TWILIGHT_ELEVATION);
    private static final PresenceConfig PRESENCE = PresenceConfig.typical();
    static final OptionSpec PRESENCE_LEVEL = OptionSpec.decimal("level", "the level a detection raises a lamp to",
            0.01, 1, PRESENCE.level());
    static final OptionSpec RAMP_UP = OptionSpec.duration("ramp-up", "how long a raised lamp takes to get there",
            Duration.ZERO, Duration.ofMinutes(5), PRESENCE.rampUp());
    static final OptionSpec HOLD = OptionSpec.duration("hold", "how long it is held after the last detection",
            Duration.ZERO, Duration.ofHours(1), PRESENCE.hold());
    static final OptionSpec FADE = OptionSpec.duration("fade", "how long it takes back to the base level",
            Duration.ZERO, Duration.ofMinutes(30), PRESENCE.fade());
    static final OptionSpec NEIGHBOUR_LEVEL = OptionSpec.decimal("neighbour-level",
            "the level a lamp's neighbours are raised to (0: none)", 0, 1, PRESENCE.neighbourLevel());
    static final OptionSpec SAFE_LEVEL = OptionSpec.decimal("safe-level",
            "the level of lit lamps when the light sensor or the loop fails", 0.01, 1, 1.0);
    static final OptionSpec ENERGY_METER = OptionSpec.text("energy-meter", "a meter of the lamps' circuit (its "
            + "energy counter, kWh); without one the lamp power model gives the energy", "");
    static final OptionSpec CLASS = OptionSpec.choice("class", "the EN 13201-2 class the lamp must meet", null,
            Arrays.stream(LightingClass.values()).map(Enum::name).toArray(String[]::new));
    static final OptionSpec CLASS_LEVEL = OptionSpec.decimal("class-level", "the level at which this luminaire "
            + "meets its class (from the lighting design): the floor", 0.01, 1, null);
    static final OptionSpec LAMP_PRESENCE = OptionSpec.text("presence", "the PIR or radar sensors that raise "
            + "this lamp", "");
    static final OptionSpec NEIGHBOURS = OptionSpec.text("neighbours", "the lamps raised to the neighbour level "
            + "with it", "");
    static final OptionSpec RATED_POWER = OptionSpec.decimal("rated-power", "its power at full light", 1, 10_000,
            60.0);
    static final OptionSpec FIXED_SHARE = OptionSpec.decimal("fixed-share", "the share of the rated power that "
            + "does not dim away (driver losses)", 0, 0.9, 0.1);
    // EU Ecodesign regulation 2019/2020 caps control gear's standby power at 0.5 W
    static final OptionSpec STANDBY_POWER = OptionSpec.decimal("standby-power", "its power when off but powered",
            0, 50, 0.5);
    static final OptionSpec STATUS = OptionSpec.text("status", "the sensor id of the lamp's controller readings "
            + "(lamp_failure, burning_time, lamp_power)", "");

    static final OptionSpec TEMPERATURE = OptionSpec.text("temperature", "the zone's temperature sensor", null);
    static final OptionSpec CO2 = OptionSpec.text("co2", "its CO2 sensor (for demand-controlled ventilation)", "");
    static final OptionSpec FALLBACK = OptionSpec.text("fallback",
            "another temperature sensor used with the fail-safe band when the zone's fails", "");
    static final OptionSpec HEATER = OptionSpec.text("heater", "the heating output, on/off", "");
    static final OptionSpec COOLER = OptionSpec.text("cooler", "the cooling output, on/off", "");
    static final OptionSpec FAN = OptionSpec.text("fan", "the ventilation output", "");
    static final OptionSpec FAN_SWITCHING = OptionSpec.bool("fan-switching",
            "the fan is a relay (on/off) rather than a variable output", false);
    static final OptionSpec HEATING_SETPOINT = OptionSpec.decimal("heating-setpoint",
            "heating keeps the zone above it; the heating and cooling bands may not overlap", -30, 40,
            HvacConfig.DEFAULT_HEATING_SETPOINT);
    static final OptionSpec COOLING_SETPOINT = OptionSpec.decimal("cooling-setpoint",
            "cooling keeps the zone below it", 0, 60, HvacConfig.DEFAULT_COOLING_SETPOINT);
    static final OptionSpec DEADBAND = OptionSpec.decimal("deadband", "heating comes on at setpoint - deadband/2 "
            + "and goes off at setpoint + deadband/2 (cooling mirrored)", 0.1, 10, HvacConfig.DEFAULT_DEADBAND);
    static final OptionSpec MINIMUM_ON = OptionSpec.duration("minimum-on", "the least time any switched output "
            + "stays on (compressors and burners: 3-5 min)", Duration.ZERO, Duration.ofHours(1),
            HvacConfig.DEFAULT_MINIMUM_ON);
    static final OptionSpec MINIMUM_OFF = OptionSpec.duration("minimum-off", "the least time any switched output "
            + "stays off", Duration.ZERO, Duration.ofHours(1), HvacConfig.DEFAULT_MINIMUM_OFF);
    static final OptionSpec CO2_SETPOINT = OptionSpec.decimal("co2-setpoint",
            "ventilation rises from the minimum at the setpoint", 400, 5000, HvacConfig.DEFAULT_CO2_SETPOINT);
    static final OptionSpec CO2_BAND = OptionSpec.decimal("co2-band", "to full at setpoint + band", 50, 5000,
            HvacConfig.DEFAULT_CO2_BAND);
    static final OptionSpec MINIMUM_VENTILATION = OptionSpec.decimal("minimum-ventilation",
            "the fan level it never goes below", 0, 1, HvacConfig.DEFAULT_MINIMUM_VENTILATION);
    static final OptionSpec HVAC_SENSOR_TIMEOUT = OptionSpec.duration("sensor-timeout",
            "a sensor silent this long counts as failed", Duration.ofSeconds(1), Duration.ofHours(1),
            HvacConfig.DEFAULT_SENSOR_TIMEOUT);

    private ControlSettings() {
    }

    /** The section's own keys (docs/control.md, "The control section"). */
    public static List<Setting> section() {
        return List.of(plain("period", PERIOD, ""), plain("max-override", MAX_OVERRIDE, ""),
                plain("report-every", REPORT_EVERY, ""));
    }

    /** The keys of {@code control.lighting}. */
    public static List<Setting> lighting() {
        String lamp = "lamps.<actuator>.";
        return List.of(
                new Setting("time-zone", TIME_ZONE, "", "a region such as Europe/Berlin"),
                new Setting("light-sensor", LIGHT_SENSOR, "", SENSOR_ID),
                plain("sensor-timeout", LIGHT_SENSOR_TIMEOUT, ""),
                plain("schedule.day-above", DAY_ABOVE, "degrees"),
                plain("schedule.night-below", NIGHT_BELOW, "degrees"),
                plain("presence.level", PRESENCE_LEVEL, ""),
                plain("presence.ramp-up", RAMP_UP, ""),
                plain("presence.hold", HOLD, ""),
                plain("presence.fade", FADE, ""),
                plain("presence.neighbour-level", NEIGHBOUR_LEVEL, ""),
                plain("safe-level", SAFE_LEVEL, ""),
                new Setting("energy-meter", ENERGY_METER, "", SENSOR_ID),
                plain(lamp + "class", CLASS, ""),
                plain(lamp + "class-level", CLASS_LEVEL, ""),
                new Setting(lamp + "presence", LAMP_PRESENCE, "", "a list of sensor ids from sensors"),
                new Setting(lamp + "neighbours", NEIGHBOURS, "", "a list of actuator ids of lamps"),
                plain(lamp + "rated-power", RATED_POWER, "W"),
                plain(lamp + "fixed-share", FIXED_SHARE, ""),
                plain(lamp + "standby-power", STANDBY_POWER, "W"),
                new Setting(lamp + "status", STATUS, "", SENSOR_ID));
    }

    /** The keys of one zone of {@code control.hvac}. */
    public static List<Setting> hvac() {
        return List.of(
                new Setting("temperature", TEMPERATURE, "", SENSOR_ID),
                new Setting("co2", CO2, "", SENSOR_ID),
                new Setting("fallback", FALLBACK, "", SENSOR_ID),
                new Setting("heater", HEATER, "", ACTUATOR_ID),
                new Setting("cooler", COOLER, "", ACTUATOR_ID),
                new Setting("fan", FAN, "", ACTUATOR_ID),
                plain("fan-switching", FAN_SWITCHING, ""),
                plain("heating-setpoint", HEATING_SETPOINT, "°C"),
                plain("cooling-setpoint", COOLING_SETPOINT, "°C"),
                plain("deadband", DEADBAND, "K"),
                plain("minimum-on", MINIMUM_ON, ""),
                plain("minimum-off", MINIMUM_OFF, ""),
                plain("co2-setpoint", CO2_SETPOINT, "ppm"),
                plain("co2-band", CO2_BAND, "ppm"),
                plain("minimum-ventilation", MINIMUM_VENTILATION, ""),
                plain("sensor-timeout", HVAC_SENSOR_TIMEOUT, ""));
    }

    private static Setting plain(String key, OptionSpec spec, String unit) {
        return new Setting(key, spec, unit, "");
    }
}
