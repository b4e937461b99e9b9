package io.streetgate.site;

import io.streetgate.analytics.control.hvac.HvacConfig;
import io.streetgate.analytics.control.lighting.LightingClass;
import io.streetgate.analytics.control.lighting.LightingConfig;
import io.streetgate.analytics.control.lighting.PresenceConfig;
import io.streetgate.driver.sun.SolarPosition;
import io.streetgate.driver.OptionSpec;
import io.streetgate.site.SiteSettings.Setting;
import io.streetgate.site.SiteSettings.Table;

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
    private static final String LAMP = "lamps.<actuator>.";

    private static final Table SECTION = new Table("");
    private static final Table LIGHTING = new Table("");
    private static final Table HVAC = new Table("");

    static final OptionSpec PERIOD = SECTION.add(Setting.duration("period", "how often every loop steps, in "
            + "gateway time", Duration.ofMillis(100), Duration.ofMinutes(1), ControlConfig.DEFAULT_PERIOD));
    static final OptionSpec MAX_OVERRIDE = SECTION.add(Setting.duration("max-override", "the longest override "
            + "anyone may set", Duration.ofMinutes(1), Duration.ofDays(7), ControlConfig.DEFAULT_MAX_OVERRIDE));
    static final OptionSpec REPORT_EVERY = SECTION.add(Setting.duration("report-every", "every actuator's state "
            + "and the night's energy so far go upstream this often", Duration.ofSeconds(10), Duration.ofDays(1),
            ControlConfig.DEFAULT_REPORT_EVERY));

    static final OptionSpec TIME_ZONE = LIGHTING.add(Setting.text("time-zone", "the zone of the profile's clock "
            + "times", "UTC").where("a region such as Europe/Berlin"));
    static final OptionSpec LIGHT_SENSOR = LIGHTING.add(Setting.text("light-sensor", "the ambient light sensor; "
            + "needs analytics.light (its dark-below/light-above hysteresis gives the dark/light state)", "")
            .where(SENSOR_ID));
    static final OptionSpec LIGHT_SENSOR_TIMEOUT = LIGHTING.add(Setting.duration("sensor-timeout", "a light "
            + "sensor silent this long counts as failed", Duration.ofSeconds(1), Duration.ofHours(1),
            LightingConfig.DEFAULT_SENSOR_TIMEOUT));
    static final OptionSpec DAY_ABOVE = LIGHTING.add(Setting.decimal("schedule.day-above", "sun elevation above "
            + "which lamps are off, whatever the sensor says", SolarPosition.SUNRISE_ELEVATION, 20, LightingConfig.DEFAULT_DAY_ABOVE)
            .in("degrees"));
    static final OptionSpec NIGHT_BELOW = LIGHTING.add(Setting.decimal("schedule.night-below", "sun elevation "
            + "below which lamps are lit, whatever the sensor says (civil twilight)", -18,
            SolarPosition.SUNRISE_ELEVATION, LightingConfig.DEFAULT_NIGHT_BELOW).in("degrees"));
    private static final PresenceConfig PRESENCE = PresenceConfig.typical();
    static final OptionSpec PRESENCE_LEVEL = LIGHTING.add(Setting.decimal("presence.level", "the level a "
            + "detection raises a lamp to", 0.01, 1, PRESENCE.level()));
    static final OptionSpec RAMP_UP = LIGHTING.add(Setting.duration("presence.ramp-up", "how long a raised lamp "
            + "takes to get there", Duration.ZERO, Duration.ofMinutes(5), PRESENCE.rampUp()));
    static final OptionSpec HOLD = LIGHTING.add(Setting.duration("presence.hold", "how long it is held after the "
            + "last detection", Duration.ZERO, Duration.ofHours(1), PRESENCE.hold()));
    static final OptionSpec FADE = LIGHTING.add(Setting.duration("presence.fade", "how long it takes back to the "
            + "base level", Duration.ZERO, Duration.ofMinutes(30), PRESENCE.fade()));
    static final OptionSpec NEIGHBOUR_LEVEL = LIGHTING.add(Setting.decimal("presence.neighbour-level", "the level "
            + "a lamp's neighbours are raised to (0: none)", 0, 1, PRESENCE.neighbourLevel()));
    static final OptionSpec SAFE_LEVEL = LIGHTING.add(Setting.decimal("safe-level", "the level of lit lamps when "
            + "the light sensor or the loop fails", 0.01, 1, LightingConfig.DEFAULT_SAFE_LEVEL));
    static final OptionSpec ENERGY_METER = LIGHTING.add(Setting.text("energy-meter", "a meter of the lamps' "
            + "circuit (its energy counter, kWh); without one the lamp power model gives the energy", "")
            .where(SENSOR_ID));
    static final OptionSpec CLASS = LIGHTING.add(Setting.choice(LAMP + "class", "the EN 13201-2 class the lamp "
            + "must meet", null, Arrays.stream(LightingClass.values()).map(Enum::name).toArray(String[]::new)));
    static final OptionSpec CLASS_LEVEL = LIGHTING.add(Setting.decimal(LAMP + "class-level", "the level at which "
            + "this luminaire meets its class (from the lighting design): the floor", 0.01, 1, null));
    static final OptionSpec LAMP_PRESENCE = LIGHTING.add(Setting.text(LAMP + "presence", "the PIR or radar "
            + "sensors that raise this lamp", "").where("a list of sensor ids from sensors"));
    static final OptionSpec NEIGHBOURS = LIGHTING.add(Setting.text(LAMP + "neighbours", "the lamps raised to the "
            + "neighbour level with it", "").where("a list of actuator ids of lamps"));
    static final OptionSpec RATED_POWER = LIGHTING.add(Setting.decimal(LAMP + "rated-power", "its power at full "
            + "light", 1, 10_000, 60.0).in("W"));
    static final OptionSpec FIXED_SHARE = LIGHTING.add(Setting.decimal(LAMP + "fixed-share", "the share of the "
            + "rated power that does not dim away (driver losses)", 0, 0.9, 0.1));
    // EU Ecodesign regulation 2019/2020 caps control gear's standby power at 0.5 W
    static final OptionSpec STANDBY_POWER = LIGHTING.add(Setting.decimal(LAMP + "standby-power", "its power when "
            + "off but powered", 0, 50, 0.5).in("W"));
    static final OptionSpec STATUS = LIGHTING.add(Setting.text(LAMP + "status", "the sensor id of the lamp's "
            + "controller readings (lamp_failure, burning_time, lamp_power)", "").where(SENSOR_ID));

    static final OptionSpec TEMPERATURE = HVAC.add(Setting.text("temperature", "the zone's temperature sensor",
            null).where(SENSOR_ID));
    static final OptionSpec CO2 = HVAC.add(Setting.text("co2", "its CO2 sensor (for demand-controlled "
            + "ventilation)", "").where(SENSOR_ID));
    static final OptionSpec FALLBACK = HVAC.add(Setting.text("fallback", "another temperature sensor used with "
            + "the fail-safe band when the zone's fails", "").where(SENSOR_ID));
    static final OptionSpec HEATER = HVAC.add(Setting.text("heater", "the heating output, on/off", "")
            .where(ACTUATOR_ID));
    static final OptionSpec COOLER = HVAC.add(Setting.text("cooler", "the cooling output, on/off", "")
            .where(ACTUATOR_ID));
    static final OptionSpec FAN = HVAC.add(Setting.text("fan", "the ventilation output", "").where(ACTUATOR_ID));
    static final OptionSpec FAN_SWITCHING = HVAC.add(Setting.bool("fan-switching", "the fan is a relay (on/off) "
            + "rather than a variable output", false));
    static final OptionSpec HEATING_SETPOINT = HVAC.add(Setting.decimal("heating-setpoint", "heating keeps the "
            + "zone above it; the heating and cooling bands may not overlap", -30, 40,
            HvacConfig.DEFAULT_HEATING_SETPOINT).in("°C"));
    static final OptionSpec COOLING_SETPOINT = HVAC.add(Setting.decimal("cooling-setpoint", "cooling keeps the "
            + "zone below it", 0, 60, HvacConfig.DEFAULT_COOLING_SETPOINT).in("°C"));
    static final OptionSpec DEADBAND = HVAC.add(Setting.decimal("deadband", "heating comes on at setpoint - "
            + "deadband/2 and goes off at setpoint + deadband/2 (cooling mirrored)", 0.1, 10,
            HvacConfig.DEFAULT_DEADBAND).in("K"));
    static final OptionSpec MINIMUM_ON = HVAC.add(Setting.duration("minimum-on", "the least time any switched "
            + "output stays on (compressors and burners: 3-5 min)", Duration.ZERO, Duration.ofHours(1),
            HvacConfig.DEFAULT_MINIMUM_ON));
    static final OptionSpec MINIMUM_OFF = HVAC.add(Setting.duration("minimum-off", "the least time any switched "
            + "output stays off", Duration.ZERO, Duration.ofHours(1), HvacConfig.DEFAULT_MINIMUM_OFF));
    static final OptionSpec CO2_SETPOINT = HVAC.add(Setting.decimal("co2-setpoint", "ventilation rises from the "
            + "minimum at the setpoint", 400, 5000, HvacConfig.DEFAULT_CO2_SETPOINT).in("ppm"));
    static final OptionSpec CO2_BAND = HVAC.add(Setting.decimal("co2-band", "to full at setpoint + band", 50, 5000,
            HvacConfig.DEFAULT_CO2_BAND).in("ppm"));
    static final OptionSpec MINIMUM_VENTILATION = HVAC.add(Setting.decimal("minimum-ventilation", "the fan level "
            + "it never goes below", 0, 1, HvacConfig.DEFAULT_MINIMUM_VENTILATION));
    static final OptionSpec HVAC_SENSOR_TIMEOUT = HVAC.add(Setting.duration("sensor-timeout", "a sensor silent "
            + "this long counts as failed", Duration.ofSeconds(1), Duration.ofHours(1),
            HvacConfig.DEFAULT_SENSOR_TIMEOUT));

    private ControlSettings() {
    }

    /** The section's own keys (docs/control.md, "The control section"). */
    public static List<Setting> section() {
        return SECTION.rows();
    }

    /** The keys of {@code control.lighting}. */
    public static List<Setting> lighting() {
        return LIGHTING.rows();
    }

    /** The keys of one zone of {@code control.hvac}. */
    public static List<Setting> hvac() {
        return HVAC.rows();
    }
}
