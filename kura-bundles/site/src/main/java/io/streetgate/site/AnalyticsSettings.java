package io.streetgate.site;

import io.streetgate.analytics.air.AirConfig;
import io.streetgate.analytics.noise.LdenPeriods;
import io.streetgate.analytics.occupancy.OccupancyConfig;
import io.streetgate.analytics.pipeline.AnalyticsConfig;
import io.streetgate.driver.OptionSpec;
import io.streetgate.site.SiteSettings.Setting;

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
    private static final String LATENESS = "how long after its end a period still takes late readings";
    private static final LdenPeriods LDEN = LdenPeriods.END_DEFAULT;
    private static final OccupancyConfig OCCUPANCY = OccupancyConfig.defaults();

    static final OptionSpec FORGET_AFTER = OptionSpec.duration("forget-after", "a source silent this long is "
            + "forgotten", AnalyticsConfig.MIN_FORGET_AFTER, AnalyticsConfig.MAX_FORGET_AFTER,
            AnalyticsConfig.DEFAULT_FORGET_AFTER);

    static final OptionSpec PM25_TABLE = OptionSpec.choice("pm25-table", "the US EPA PM2.5 breakpoints: those of "
            + "2024 or the ones before", AirConfig.DEFAULT.pm25Table(), "2024", "pre-2024");
    static final OptionSpec EAQI_BANDS = OptionSpec.choice("bands", "the European Air Quality Index bands: those of "
            + "2024 or the ones before", "2024", "2024", "pre-2024");
    static final OptionSpec AIR_LATENESS = lateness(AirConfig.DEFAULT.allowedLateness());

    /** The time zone of local clock times (noise's Lden periods, water's night). */
    static final OptionSpec ZONE = OptionSpec.text("zone", "the time zone of the clock times", "UTC");

    static final OptionSpec NOISE_PERIOD = OptionSpec.duration("period", "the length of one LAeq period",
            Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofMinutes(15));
    static final OptionSpec DAY_START = time("day-start", "when the Lden day begins", LDEN.dayStart().toString());
    static final OptionSpec EVENING_START = time("evening-start", "when the evening begins",
            LDEN.eveningStart().toString());
    static final OptionSpec NIGHT_START = time("night-start", "when the night begins", LDEN.nightStart().toString());
    static final OptionSpec LIMIT_DAY = limit("day", "a period starting in the day with an LAeq above this "
            + "raises NOISE_EXCEEDANCE");
    static final OptionSpec LIMIT_EVENING = limit("evening", "the evening's LAeq limit");
    static final OptionSpec LIMIT_NIGHT = limit("night", "the night's LAeq limit");
    static final OptionSpec LIMIT_LAMAX = limit("lamax", "any sample above this raises NOISE_EXCEEDANCE");
    static final OptionSpec NOISE_LATENESS = lateness(Duration.ofMinutes(1));

    static final OptionSpec OCCUPANCY_PERIOD = OptionSpec.duration("period", "the length of one occupancy period",
            Duration.ofMinutes(1), Duration.ofDays(1), OCCUPANCY.period());
    static final OptionSpec K = OptionSpec.integer("k", "a zone's count below k is suppressed (k-anonymity)", 1,
            1000, (long) OCCUPANCY.k());
    static final OptionSpec OCCUPANCY_ZONE = OptionSpec.text("<sensor>", "the zone a presence sensor watches "
            + "(also a sensor's zone in sensors)", "");
    static final OptionSpec MAX_HOLD = OptionSpec.duration("max-hold", "a presence state holds until the sensor's "
            + "next reading, at most this", Duration.ofSeconds(1), Duration.ofHours(1), OCCUPANCY.maxHold());
    static final OptionSpec OCCUPANCY_LATENESS = lateness(OCCUPANCY.allowedLateness());

    static final OptionSpec WATER_PERIOD = OptionSpec.duration("period", "the length of one flow summary",
            Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofHours(1));
    static final OptionSpec NIGHT_FROM = time("start", "when the night of the minimum night flow begins", "02:00");
    static final OptionSpec NIGHT_TO = time("end", "when it ends", "04:00");
    static final OptionSpec LEAK_THRESHOLD = OptionSpec.decimal("threshold", "a minimum night flow above this (the "
            + "legitimate night use plus an allowance; 0.00005 is 180 l/h) on leak.nights nights in a row raises "
            + "LEAK_SUSPECTED", 0, 1e3, null);
    static final OptionSpec LEAK_NIGHTS = OptionSpec.integer("nights", "how many consecutive nights above "
            + "leak.threshold raise LEAK_SUSPECTED", 1, 30, 3L);
    static final OptionSpec ZERO_FLOW = OptionSpec.decimal("zero-flow", "a flow not down to this for 24 hours "
            + "raises CONTINUOUS_FLOW", 0, 1e3, 0.0);
    static final OptionSpec BURST_FACTOR = OptionSpec.decimal("factor", "a flow above this many times the highest "
            + "flow of the last 24 periods raises BURST", 0, 1e3, 3.0);
    static final OptionSpec BURST_LIMIT = none(OptionSpec.decimal("limit", "a flow above this raises BURST; none "
            + "when left out", 0, 1e3, null));
    static final OptionSpec REVERSE_THRESHOLD = OptionSpec.decimal("threshold", "a flow below minus this raises "
            + "REVERSE_FLOW", 0, 1e3, 1e-6);
    static final OptionSpec MAX_GAP = OptionSpec.duration("max-gap", "readings further apart than this are not "
            + "bridged by the volume's integral", Duration.ofSeconds(1), Duration.ofDays(1), Duration.ofMinutes(5));
    static final OptionSpec WATER_LATENESS = lateness(Duration.ofMinutes(5));

    static final OptionSpec LIGHT_PERIOD = OptionSpec.duration("period", "the length of one light summary",
            Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofMinutes(15));
    static final OptionSpec DARK_BELOW = OptionSpec.decimal("dark-below", "the smoothed level below which it turns "
            + "dark", 0, 100_000, 20.0);
    static final OptionSpec LIGHT_ABOVE = OptionSpec.decimal("light-above", "the smoothed level above which it turns "
            + "light again", 0, 100_000, 40.0);
    static final OptionSpec SMOOTHING = OptionSpec.duration("smoothing", "the smoothing's time constant, and how long "
            + "the level must stay across a threshold", Duration.ZERO, Duration.ofHours(1), Duration.ofMinutes(2));
    static final OptionSpec LIGHT_LATENESS = lateness(Duration.ofMinutes(1));

    static final OptionSpec RANGE_MIN = OptionSpec.decimal("min", "the smallest plausible value: below it a "
            + "reading is rejected (range needs both min and max)", -1e12, 1e12, null);
    static final OptionSpec RANGE_MAX = OptionSpec.decimal("max", "the largest plausible value", -1e12, 1e12, null);
    static final OptionSpec MAX_RATE = none(OptionSpec.decimal("max-rate-per-second", "a reading that changed "
            + "faster than this since the last is a spike; none when left out", 0, 1e12, null));
    static final OptionSpec HALF_WINDOW = OptionSpec.integer("half-window", "2 x this many previous readings are the "
            + "Hampel filter's reference", 1, 100, 5L);
    static final OptionSpec HAMPEL_THRESHOLD = OptionSpec.decimal("threshold", "how many robust standard "
            + "deviations from the reference's median make an outlier", 0.5, 20, 3.0);
    static final OptionSpec MIN_SIGMA = OptionSpec.decimal("min-sigma", "the least robust deviation assumed, so that "
            + "after identical readings not every change is an outlier", 0, 1e9, 0.0);
    static final OptionSpec STUCK_SAMPLES = OptionSpec.integer("samples", "this many readings in a row that did not "
            + "change are stuck ...", 2, 100_000, 30L);
    static final OptionSpec STUCK_DURATION = OptionSpec.duration("duration", "... when they also span this long",
            Duration.ZERO, Duration.ofDays(30), Duration.ofMinutes(30));
    static final OptionSpec STUCK_EPSILON = OptionSpec.decimal("epsilon", "the largest change still counted as "
            + "unchanged", 0,
            1e9, 0.0);
    static final OptionSpec RAILS = OptionSpec.text("rails", "values a failed sensor reports (its rails); none "
            + "when left out", "");
    static final OptionSpec RAIL_TOLERANCE = OptionSpec.decimal("tolerance", "how close to a rail a reading is on "
            + "it", 0, 1e9, 0.0);
    static final OptionSpec RAIL_SAMPLES = OptionSpec.integer("samples", "this many readings in a row on a rail "
            + "are a flat line", 1, 100_000, 3L);
    static final OptionSpec EXPECTED_INTERVAL = OptionSpec.duration("expected-interval", "how often a reading is "
            + "expected (needed with gap)", Duration.ofMillis(100), Duration.ofDays(1), null);
    static final OptionSpec GAP_FACTOR = OptionSpec.decimal("factor", "a reading later than this many expected "
            + "intervals after the last is a gap", 1, 100, 1.5);

    static final OptionSpec WINDOW_SIZE = OptionSpec.duration("size", "the window's length", Duration.ofSeconds(10),
            Duration.ofDays(1), null);
    static final OptionSpec WINDOW_SLIDE = none(OptionSpec.duration("slide", "how far each window starts after the "
            + "last; the size (tumbling) when left out", Duration.ofSeconds(1), Duration.ofDays(1), null));
    static final OptionSpec WINDOW_LATENESS = lateness(Duration.ofSeconds(5));
    static final OptionSpec EXACT_CAPACITY = OptionSpec.integer("exact-capacity", "percentiles are exact up to "
            + "this many readings per window", 1, 100_000, 128L);
    static final OptionSpec RELATIVE_ACCURACY = OptionSpec.decimal("relative-accuracy", "beyond them, the sketch's "
            + "relative error", 0.0001, 0.5, 0.01);
    static final OptionSpec MAX_BINS = OptionSpec.integer("max-bins", "the sketch's most bins", 16, 1_000_000, 2048L);

    static final OptionSpec ALLOW = OptionSpec.text("<kind>", "the fields of that kind of record that may "
            + "leave the node; privacy.md's table when the section is left out", "");

    private AnalyticsSettings() {
    }

    /** The keys of one quantity's rules ({@code analytics.quality.<quantity>}, or {@code default}). */
    public static List<Setting> quality() {
        String q = "quality.<quantity>.";
        return List.of(
                plain(q + "range.min", RANGE_MIN, ""),
                plain(q + "range.max", RANGE_MAX, ""),
                plain(q + "max-rate-per-second", MAX_RATE, "per second"),
                plain(q + "hampel.half-window", HALF_WINDOW, ""),
                plain(q + "hampel.threshold", HAMPEL_THRESHOLD, ""),
                plain(q + "hampel.min-sigma", MIN_SIGMA, ""),
                plain(q + "stuck.samples", STUCK_SAMPLES, ""),
                plain(q + "stuck.duration", STUCK_DURATION, ""),
                plain(q + "stuck.epsilon", STUCK_EPSILON, ""),
                new Setting(q + "flat-line.rails", RAILS, "", "a list of numbers", "list"),
                plain(q + "flat-line.tolerance", RAIL_TOLERANCE, ""),
                plain(q + "flat-line.samples", RAIL_SAMPLES, ""),
                plain(q + "gap.expected-interval", EXPECTED_INTERVAL, ""),
                plain(q + "gap.factor", GAP_FACTOR, ""));
    }

    /** The keys of one entry of {@code analytics.windows}. */
    public static List<Setting> windows() {
        String w = "windows[].";
        return List.of(
                plain(w + "size", WINDOW_SIZE, ""),
                plain(w + "slide", WINDOW_SLIDE, ""),
                plain(w + "allowed-lateness", WINDOW_LATENESS, ""),
                plain(w + "percentiles.exact-capacity", EXACT_CAPACITY, ""),
                plain(w + "percentiles.relative-accuracy", RELATIVE_ACCURACY, ""),
                plain(w + "percentiles.max-bins", MAX_BINS, ""));
    }

    /** The section's plain keys, in the order of docs/analytics.md's table. */
    public static List<Setting> all() {
        return List.of(
                plain("forget-after", FORGET_AFTER, ""),
                plain("air.us-aqi.pm25-table", PM25_TABLE, ""),
                plain("air.eaqi.bands", EAQI_BANDS, ""),
                plain("air.allowed-lateness", AIR_LATENESS, ""),
                plain("noise.period", NOISE_PERIOD, ""),
                new Setting("noise.zone", ZONE, "", "a region such as Europe/Berlin"),
                new Setting("noise.lden.day-start", DAY_START, "", TIME, "time"),
                new Setting("noise.lden.evening-start", EVENING_START, "", TIME, "time"),
                new Setting("noise.lden.night-start", NIGHT_START, "", TIME, "time"),
                plain("noise.limits.day", LIMIT_DAY, DECIBELS),
                plain("noise.limits.evening", LIMIT_EVENING, DECIBELS),
                plain("noise.limits.night", LIMIT_NIGHT, DECIBELS),
                plain("noise.limits.lamax", LIMIT_LAMAX, DECIBELS),
                plain("noise.allowed-lateness", NOISE_LATENESS, ""),
                plain("occupancy.period", OCCUPANCY_PERIOD, ""),
                plain("occupancy.k", K, ""),
                new Setting("occupancy.zones.<sensor>", OCCUPANCY_ZONE, "", "a zone name"),
                plain("occupancy.max-hold", MAX_HOLD, ""),
                plain("occupancy.allowed-lateness", OCCUPANCY_LATENESS, ""),
                plain("water.period", WATER_PERIOD, ""),
                new Setting("water.zone", ZONE, "", "a region such as Europe/Berlin"),
                new Setting("water.night.start", NIGHT_FROM, "", TIME, "time"),
                new Setting("water.night.end", NIGHT_TO, "", TIME, "time"),
                plain("water.leak.threshold", LEAK_THRESHOLD, "m³/s"),
                plain("water.leak.nights", LEAK_NIGHTS, ""),
                plain("water.leak.zero-flow", ZERO_FLOW, "m³/s"),
                plain("water.burst.factor", BURST_FACTOR, ""),
                plain("water.burst.limit", BURST_LIMIT, "m³/s"),
                plain("water.reverse.threshold", REVERSE_THRESHOLD, "m³/s"),
                plain("water.max-gap", MAX_GAP, ""),
                plain("water.allowed-lateness", WATER_LATENESS, ""),
                plain("light.period", LIGHT_PERIOD, ""),
                plain("light.dark-below", DARK_BELOW, "lx"),
                plain("light.light-above", LIGHT_ABOVE, "lx"),
                plain("light.smoothing", SMOOTHING, ""),
                plain("light.allowed-lateness", LIGHT_LATENESS, ""),
                new Setting("privacy.allow.<kind>", ALLOW, "", "a list of the kind's field names (privacy.md)",
                        "list"));
    }

    private static OptionSpec lateness(Duration fallback) {
        return OptionSpec.duration("allowed-lateness", LATENESS, Duration.ZERO, Duration.ofHours(1), fallback);
    }

    private static OptionSpec time(String name, String doc, String fallback) {
        return OptionSpec.text(name, doc, fallback);
    }

    /** A noise limit: none unless given. */
    private static OptionSpec limit(String name, String doc) {
        return none(OptionSpec.decimal(name, doc + "; none when left out", 0, 200, null));
    }

    /** A number that is optional: no default, and not required either (its default reads empty). */
    private static OptionSpec none(OptionSpec spec) {
        return new OptionSpec(spec.name(), spec.description(), spec.kind(), spec.allowed(), spec.min(), spec.max(),
                "");
    }

    private static Setting plain(String key, OptionSpec spec, String unit) {
        return new Setting(key, spec, unit, "");
    }
}
