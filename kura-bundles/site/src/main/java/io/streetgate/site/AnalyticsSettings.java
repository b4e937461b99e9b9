package io.streetgate.site;

import io.streetgate.analytics.air.AirConfig;
import io.streetgate.analytics.noise.LdenPeriods;
import io.streetgate.analytics.occupancy.OccupancyConfig;
import io.streetgate.analytics.pipeline.AnalyticsConfig;
import io.streetgate.driver.OptionSpec;
import io.streetgate.site.SiteSettings.Setting;
import io.streetgate.site.SiteSettings.Table;

import java.time.Duration;
import java.util.List;

/**
 * The one definition of the {@code analytics:} section's settings: each key with its type, default, unit, valid
 * values and doc. {@link AnalyticsSection} reads the keys through it, and docs/analytics.md's three tables (the
 * section, a quantity's quality rules, a window) are held equal to it by {@code SiteSettingsDocTest}.
 */
public final class AnalyticsSettings {

    private static final String DECIBELS = "dB(A)";
    private static final String TIME = "a time of day, quoted: \"07:00\"";
    private static final String REGION = "a region such as Europe/Berlin";
    private static final String LATENESS = "how long after its end a period still takes late readings";
    private static final LdenPeriods LDEN = LdenPeriods.END_DEFAULT;
    private static final OccupancyConfig OCCUPANCY = OccupancyConfig.defaults();

    private static final Table ANALYTICS = new Table("");
    private static final Table QUALITY = new Table("quality.<quantity>.");
    private static final Table WINDOWS = new Table("windows[].");

    static final OptionSpec FORGET_AFTER = ANALYTICS.add(Setting.duration("forget-after", "a source silent this "
            + "long is forgotten", AnalyticsConfig.MIN_FORGET_AFTER, AnalyticsConfig.MAX_FORGET_AFTER,
            AnalyticsConfig.DEFAULT_FORGET_AFTER));

    static final OptionSpec PM25_TABLE = ANALYTICS.add(Setting.choice("air.us-aqi.pm25-table", "the US EPA PM2.5 "
            + "breakpoints: those of 2024 or the ones before", AirConfig.DEFAULT.pm25Table(), "2024", "pre-2024"));
    static final OptionSpec EAQI_BANDS = ANALYTICS.add(Setting.choice("air.eaqi.bands", "the European Air Quality "
            + "Index bands: those of 2024 or the ones before", "2024", "2024", "pre-2024"));
    static final OptionSpec AIR_LATENESS = ANALYTICS.add(lateness("air", AirConfig.DEFAULT.allowedLateness()));

    static final OptionSpec NOISE_PERIOD = ANALYTICS.add(Setting.duration("noise.period", "the length of one LAeq "
            + "period", Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofMinutes(15)));
    /** The time zone of local clock times (noise's Lden periods, water's night). */
    static final OptionSpec ZONE = ANALYTICS.add(Setting.text("noise.zone", "the time zone of the clock times",
            "UTC").where(REGION));
    static final OptionSpec DAY_START = ANALYTICS.add(time("noise.lden.day-start", "when the Lden day begins",
            LDEN.dayStart().toString()));
    static final OptionSpec EVENING_START = ANALYTICS.add(time("noise.lden.evening-start", "when the evening "
            + "begins", LDEN.eveningStart().toString()));
    static final OptionSpec NIGHT_START = ANALYTICS.add(time("noise.lden.night-start", "when the night begins",
            LDEN.nightStart().toString()));
    static final OptionSpec LIMIT_DAY = ANALYTICS.add(limit("noise.limits.day", "a period starting in the day "
            + "with an LAeq above this raises NOISE_EXCEEDANCE"));
    static final OptionSpec LIMIT_EVENING = ANALYTICS.add(limit("noise.limits.evening", "the evening's LAeq "
            + "limit"));
    static final OptionSpec LIMIT_NIGHT = ANALYTICS.add(limit("noise.limits.night", "the night's LAeq limit"));
    static final OptionSpec LIMIT_LAMAX = ANALYTICS.add(limit("noise.limits.lamax", "any sample above this raises "
            + "NOISE_EXCEEDANCE"));
    static final OptionSpec NOISE_LATENESS = ANALYTICS.add(lateness("noise", Duration.ofMinutes(1)));

    static final OptionSpec OCCUPANCY_PERIOD = ANALYTICS.add(Setting.duration("occupancy.period", "the length of "
            + "one occupancy period", Duration.ofMinutes(1), Duration.ofDays(1), OCCUPANCY.period()));
    static final OptionSpec K = ANALYTICS.add(Setting.integer("occupancy.k", "a zone's count below k is "
            + "suppressed (k-anonymity)", 1, 1000, (long) OCCUPANCY.k()));
    static final OptionSpec OCCUPANCY_ZONE = ANALYTICS.add(Setting.text("occupancy.zones.<sensor>", "the zone a "
            + "presence sensor watches (also a sensor's zone in sensors)", "").where("a zone name"));
    static final OptionSpec MAX_HOLD = ANALYTICS.add(Setting.duration("occupancy.max-hold", "a presence state "
            + "holds until the sensor's next reading, at most this", Duration.ofSeconds(1), Duration.ofHours(1),
            OCCUPANCY.maxHold()));
    static final OptionSpec OCCUPANCY_LATENESS = ANALYTICS.add(lateness("occupancy", OCCUPANCY.allowedLateness()));

    static final OptionSpec WATER_PERIOD = ANALYTICS.add(Setting.duration("water.period", "the length of one flow "
            + "summary", Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofHours(1)));
    /** Its own row for the same zone: the section reads water's zone through {@link #ZONE} too. */
    private static final OptionSpec WATER_ZONE = ANALYTICS.add(Setting.of("water.zone", ZONE).where(REGION));
    static final OptionSpec NIGHT_FROM = ANALYTICS.add(time("water.night.start", "when the night of the minimum "
            + "night flow begins", "02:00"));
    static final OptionSpec NIGHT_TO = ANALYTICS.add(time("water.night.end", "when it ends", "04:00"));
    static final OptionSpec LEAK_THRESHOLD = ANALYTICS.add(Setting.decimal("water.leak.threshold", "a minimum "
            + "night flow above this (the legitimate night use plus an allowance; 0.00005 is 180 l/h) on "
            + "leak.nights nights in a row raises LEAK_SUSPECTED", 0, 1e3, null).in("m³/s"));
    static final OptionSpec LEAK_NIGHTS = ANALYTICS.add(Setting.integer("water.leak.nights", "how many "
            + "consecutive nights above leak.threshold raise LEAK_SUSPECTED", 1, 30, 3L));
    static final OptionSpec ZERO_FLOW = ANALYTICS.add(Setting.decimal("water.leak.zero-flow", "a flow not down to "
            + "this for 24 hours raises CONTINUOUS_FLOW", 0, 1e3, 0.0).in("m³/s"));
    static final OptionSpec BURST_FACTOR = ANALYTICS.add(Setting.decimal("water.burst.factor", "a flow above this "
            + "many times the highest flow of the last 24 periods raises BURST", 0, 1e3, 3.0));
    static final OptionSpec BURST_LIMIT = ANALYTICS.add(none(Setting.decimal("water.burst.limit", "a flow above "
            + "this raises BURST; none when left out", 0, 1e3, null)).in("m³/s"));
    static final OptionSpec REVERSE_THRESHOLD = ANALYTICS.add(Setting.decimal("water.reverse.threshold", "a flow "
            + "below minus this raises REVERSE_FLOW", 0, 1e3, 1e-6).in("m³/s"));
    static final OptionSpec MAX_GAP = ANALYTICS.add(Setting.duration("water.max-gap", "readings further apart "
            + "than this are not bridged by the volume's integral", Duration.ofSeconds(1), Duration.ofDays(1),
            Duration.ofMinutes(5)));
    static final OptionSpec WATER_LATENESS = ANALYTICS.add(lateness("water", Duration.ofMinutes(5)));

    static final OptionSpec LIGHT_PERIOD = ANALYTICS.add(Setting.duration("light.period", "the length of one "
            + "light summary", Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofMinutes(15)));
    static final OptionSpec DARK_BELOW = ANALYTICS.add(Setting.decimal("light.dark-below", "the smoothed level "
            + "below which it turns dark", 0, 100_000, 20.0).in("lx"));
    static final OptionSpec LIGHT_ABOVE = ANALYTICS.add(Setting.decimal("light.light-above", "the smoothed level "
            + "above which it turns light again", 0, 100_000, 40.0).in("lx"));
    static final OptionSpec SMOOTHING = ANALYTICS.add(Setting.duration("light.smoothing", "the smoothing's time "
            + "constant, and how long the level must stay across a threshold", Duration.ZERO, Duration.ofHours(1),
            Duration.ofMinutes(2)));
    static final OptionSpec LIGHT_LATENESS = ANALYTICS.add(lateness("light", Duration.ofMinutes(1)));

    static final OptionSpec ALLOW = ANALYTICS.add(Setting.text("privacy.allow.<kind>", "the fields of that kind of "
            + "record that may leave the node; privacy.md's table when the section is left out", "")
            .where("a list of the kind's field names (privacy.md)").as("list"));

    static final OptionSpec RANGE_MIN = QUALITY.add(Setting.decimal("range.min", "the smallest plausible value: "
            + "below it a reading is rejected (range needs both min and max)", -1e12, 1e12, null));
    static final OptionSpec RANGE_MAX = QUALITY.add(Setting.decimal("range.max", "the largest plausible value",
            -1e12, 1e12, null));
    static final OptionSpec MAX_RATE = QUALITY.add(none(Setting.decimal("max-rate-per-second", "a reading that "
            + "changed faster than this since the last is a spike; none when left out", 0, 1e12, null))
            .in("per second"));
    static final OptionSpec HALF_WINDOW = QUALITY.add(Setting.integer("hampel.half-window", "2 x this many "
            + "previous readings are the Hampel filter's reference", 1, 100, 5L));
    static final OptionSpec HAMPEL_THRESHOLD = QUALITY.add(Setting.decimal("hampel.threshold", "how many robust "
            + "standard deviations from the reference's median make an outlier", 0.5, 20, 3.0));
    static final OptionSpec MIN_SIGMA = QUALITY.add(Setting.decimal("hampel.min-sigma", "the least robust "
            + "deviation assumed, so that after identical readings not every change is an outlier", 0, 1e9, 0.0));
    static final OptionSpec STUCK_SAMPLES = QUALITY.add(Setting.integer("stuck.samples", "this many readings in a "
            + "row that did not change are stuck ...", 2, 100_000, 30L));
    static final OptionSpec STUCK_DURATION = QUALITY.add(Setting.duration("stuck.duration", "... when they also "
            + "span this long", Duration.ZERO, Duration.ofDays(30), Duration.ofMinutes(30)));
    static final OptionSpec STUCK_EPSILON = QUALITY.add(Setting.decimal("stuck.epsilon", "the largest change "
            + "still counted as unchanged", 0, 1e9, 0.0));
    static final OptionSpec RAILS = QUALITY.add(Setting.text("flat-line.rails", "values a failed sensor reports "
            + "(its rails); none when left out", "").where("a list of numbers").as("list"));
    static final OptionSpec RAIL_TOLERANCE = QUALITY.add(Setting.decimal("flat-line.tolerance", "how close to a "
            + "rail a reading is on it", 0, 1e9, 0.0));
    static final OptionSpec RAIL_SAMPLES = QUALITY.add(Setting.integer("flat-line.samples", "this many readings "
            + "in a row on a rail are a flat line", 1, 100_000, 3L));
    static final OptionSpec EXPECTED_INTERVAL = QUALITY.add(Setting.duration("gap.expected-interval", "how often "
            + "a reading is expected (needed with gap)", Duration.ofMillis(100), Duration.ofDays(1), null));
    static final OptionSpec GAP_FACTOR = QUALITY.add(Setting.decimal("gap.factor", "a reading later than this "
            + "many expected intervals after the last is a gap", 1, 100, 1.5));

    static final OptionSpec WINDOW_SIZE = WINDOWS.add(Setting.duration("size", "the window's length",
            Duration.ofSeconds(10), Duration.ofDays(1), null));
    static final OptionSpec WINDOW_SLIDE = WINDOWS.add(none(Setting.duration("slide", "how far each window "
            + "starts after the last; the size (tumbling) when left out", Duration.ofSeconds(1), Duration.ofDays(1),
            null)));
    static final OptionSpec WINDOW_LATENESS = WINDOWS.add(Setting.duration("allowed-lateness", LATENESS,
            Duration.ZERO, Duration.ofHours(1), Duration.ofSeconds(5)));
    static final OptionSpec EXACT_CAPACITY = WINDOWS.add(Setting.integer("percentiles.exact-capacity", "percentiles "
            + "are exact up to this many readings per window", 1, 100_000, 128L));
    static final OptionSpec RELATIVE_ACCURACY = WINDOWS.add(Setting.decimal("percentiles.relative-accuracy",
            "beyond them, the sketch's relative error", 0.0001, 0.5, 0.01));
    static final OptionSpec MAX_BINS = WINDOWS.add(Setting.integer("percentiles.max-bins", "the sketch's most "
            + "bins", 16, 1_000_000, 2048L));

    private AnalyticsSettings() {
    }

    /** The keys of one quantity's rules ({@code analytics.quality.<quantity>}, or {@code default}). */
    public static List<Setting> quality() {
        return QUALITY.rows();
    }

    /** The keys of one entry of {@code analytics.windows}. */
    public static List<Setting> windows() {
        return WINDOWS.rows();
    }

    /** The section's plain keys, in the order of docs/analytics.md's table. */
    public static List<Setting> all() {
        return ANALYTICS.rows();
    }

    /** A capability's {@code allowed-lateness}. */
    private static Setting lateness(String capability, Duration fallback) {
        return Setting.duration(capability + ".allowed-lateness", LATENESS, Duration.ZERO, Duration.ofHours(1),
                fallback);
    }

    private static Setting time(String key, String doc, String fallback) {
        return Setting.text(key, doc, fallback).where(TIME).as("time");
    }

    /** A noise limit: none unless given. */
    private static Setting limit(String key, String doc) {
        return none(Setting.decimal(key, doc + "; none when left out", 0, 200, null)).in(DECIBELS);
    }

    /** A number that is optional: no default, and not required either (its default reads empty). */
    private static Setting none(Setting setting) {
        OptionSpec spec = setting.spec();
        return new Setting(setting.key(), new OptionSpec(spec.name(), spec.description(), spec.kind(),
                spec.allowed(), spec.min(), spec.max(), ""), setting.unit(), setting.rule(), setting.kind());
    }
}
