package io.streetgate.site;

import io.streetgate.analytics.air.AirConfig;
import io.streetgate.analytics.air.EaqiTable;
import io.streetgate.analytics.light.LightConfig;
import io.streetgate.analytics.noise.LdenPeriods;
import io.streetgate.analytics.noise.NoiseConfig;
import io.streetgate.analytics.occupancy.OccupancyConfig;
import io.streetgate.analytics.pipeline.AnalyticsConfig;
import io.streetgate.analytics.privacy.PrivacyConfig;
import io.streetgate.analytics.quality.QualityConfig;
import io.streetgate.analytics.quality.QuantityRules;
import io.streetgate.analytics.water.WaterConfig;
import io.streetgate.analytics.window.PercentileConfig;
import io.streetgate.analytics.window.WindowConfig;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.OptionSpec;
import io.streetgate.driver.Quantity;
import org.yaml.snakeyaml.nodes.Node;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code analytics:} section: quality rules, windows, air, noise, occupancy, water, light and the
 * privacy allow-lists (docs/analytics.md). A capability without its key is off, except the windows (one
 * minute, tumbling, 5 s lateness) and the privacy allow-lists (see {@link #DEFAULT_PRIVACY}). The records'
 * own validation messages are reported against the key that was being read.
 * <p>
 * It stays one class because every part of the section reads through the same section reader and the same
 * defaults, and the privacy allow-lists depend on the sensors the rest of the file names.
 */
final class AnalyticsSection {

    /** One-minute tumbling summaries that wait 5 s for late readings. */
    static final WindowConfig DEFAULT_WINDOW = WindowConfig.tumbling(Duration.ofMinutes(1), Duration.ofSeconds(5));

    /**
     * What leaves the node when the site file names no allow-lists: every output's measured values and their
     * periods (a state's summary: its last value). Never identifiers or raw data (the gate refuses those
     * anyway), and occupancy only as k-suppressed counts per zone.
     */
    static final PrivacyConfig DEFAULT_PRIVACY = new PrivacyConfig(Map.of(
            "summary", Set.of("sourceId", "quantity", "unit", "start", "end", "count", "min", "mean", "max",
                    "stdDev", "p10", "p50", "p90", "p95", "last"),
            "event", Set.of("type", "sourceId", "quantity", "unit", "start", "end", "value", "limit", "detail"),
            "aqi", Set.of("sourceId", "start", "end", "unit", "pm25Hour", "pm10Hour", "pm25NowCast", "pm10NowCast",
                    "usAqi", "usCategory", "usDominant", "eaqiLevel", "eaqiDominant"),
            "noise", Set.of("sourceId", "start", "end", "unit", "laeq", "lamax", "l10", "l50", "l90"),
            "noise-day", Set.of("sourceId", "date", "unit", "lday", "levening", "lnight", "lden"),
            "occupancy", Set.of("zone", "start", "end", "k", "suppressed", "visits", "count", "occupiedFraction",
                    "meanDwellSeconds", "unit"),
            "water", Set.of("sourceId", "start", "end", "volume", "volumeUnit", "reverseVolume", "meanFlow",
                    "minFlow", "maxFlow", "flowUnit"),
            "night-flow", Set.of("sourceId", "date", "mnf", "unit", "mnfLitresPerHour", "nightsAbove",
                    "leakSuspected"),
            "light", Set.of("sourceId", "start", "end", "unit", "count", "min", "mean", "p10", "median", "p90",
                    "max", "darkFraction")));

    static final AnalyticsConfig DEFAULT = AnalyticsConfig.builder().window(DEFAULT_WINDOW)
            .privacy(DEFAULT_PRIVACY).build();

    private static final List<String> KEYS = List.of("quality", "windows", "air", "noise", "occupancy", "water",
            "light", "privacy", "forget-after");

    private AnalyticsSection() {
    }

    static AnalyticsConfig read(YamlSection s, List<DeviceConfig> sensors) {
        if (s.node() == null) {
            return withZones(DEFAULT, sensors, null);
        }
        AnalyticsConfig.Builder b = AnalyticsConfig.builder();
        if (s.has("quality")) {
            quality(s.section("quality")).ifPresent(b::quality);
        }
        List<WindowConfig> windows = s.has("windows") ? windows(s) : List.of(DEFAULT_WINDOW);
        windows.forEach(b::window);
        if (s.has("air")) {
            air(s.section("air")).ifPresent(b::air);
        }
        if (s.has("noise")) {
            noise(s.section("noise")).ifPresent(b::noise);
        }
        OccupancyConfig occupancy = s.has("occupancy") ? occupancy(s.section("occupancy")).orElse(null) : null;
        if (s.has("water")) {
            water(s.section("water")).ifPresent(b::water);
        }
        if (s.has("light")) {
            light(s.section("light")).ifPresent(b::light);
        }
        b.privacy(s.has("privacy") ? privacy(s.section("privacy")).orElse(PrivacyConfig.denyAll()) : DEFAULT_PRIVACY);
        s.duration(AnalyticsSettings.FORGET_AFTER).ifPresent(b::forgetAfter);
        s.rejectUnknownKeys(KEYS);
        return withZones(build(s, "", b::build).orElse(DEFAULT), sensors, occupancy);
    }

    /** Occupancy zones: those the section names, plus each sensor's own {@code zone}. */
    private static AnalyticsConfig withZones(AnalyticsConfig config, List<DeviceConfig> sensors,
                                             OccupancyConfig occupancy) {
        if (occupancy == null) {
            return config;
        }
        Map<String, String> zones = new LinkedHashMap<>();
        for (DeviceConfig d : sensors) {
            String zone = d.options().get("zone");
            if (zone != null) {
                zones.put(d.id(), zone);
            }
        }
        zones.putAll(occupancy.zones());
        OccupancyConfig merged = new OccupancyConfig(occupancy.period(), occupancy.k(), zones, occupancy.maxHold(),
                occupancy.allowedLateness());
        return config.withOccupancy(merged);
    }

    private static Optional<QualityConfig> quality(YamlSection s) {
        QualityConfig.Builder b = QualityConfig.builder();
        for (String name : s.keys()) {
            YamlSection r = s.section(name);
            Optional<QuantityRules> rules = rules(r);
            if (rules.isEmpty()) {
                continue;
            }
            if (name.equals("default")) {
                b.defaults(rules.get());
            } else {
                Quantity q = Quantity.byName(name);
                if (q == null) {
                    s.problem(name, null, "is not a quantity this gateway measures; known: "
                            + String.join(", ", Quantity.known().stream().map(Quantity::name).sorted().toList()));
                    continue;
                }
                b.rules(q, rules.get());
            }
        }
        // a bad rule is reported and left out; the valid rules still run
        try {
            return Optional.of(b.build());
        } catch (IllegalArgumentException e) {
            s.problems().add(s.node(), s.path(), null, e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<QuantityRules> rules(YamlSection r) {
        QuantityRules.Builder b = QuantityRules.builder();
        if (r.has("range")) {
            YamlSection range = r.section("range");
            Optional<Double> min = range.decimal(AnalyticsSettings.RANGE_MIN);
            Optional<Double> max = range.decimal(AnalyticsSettings.RANGE_MAX);
            range.rejectUnknownKeys(List.of("min", "max"));
            if (min.isPresent() && max.isPresent()) {
                b.range(min.get(), max.get());
            } else {
                range.problem("min", null, "range needs both min and max");
            }
        }
        OptionSpec maxRate = AnalyticsSettings.MAX_RATE;
        r.decimal(maxRate.name(), maxRate.min(), maxRate.max(), null).ifPresent(b::maxRatePerSecond);
        if (r.has("hampel")) {
            YamlSection h = r.section("hampel");
            int half = h.integer(AnalyticsSettings.HALF_WINDOW).orElse(5);
            double t = h.decimal(AnalyticsSettings.HAMPEL_THRESHOLD).orElse(3.0);
            double minSigma = h.decimal(AnalyticsSettings.MIN_SIGMA).orElse(0.0);
            h.rejectUnknownKeys(List.of("half-window", "threshold", "min-sigma"));
            b.hampel(half, t, minSigma);
        }
        if (r.has("stuck")) {
            YamlSection st = r.section("stuck");
            int samples = st.integer(AnalyticsSettings.STUCK_SAMPLES).orElse(30);
            Duration d = st.duration(AnalyticsSettings.STUCK_DURATION).orElse(Duration.ofMinutes(30));
            double eps = st.decimal(AnalyticsSettings.STUCK_EPSILON).orElse(0.0);
            st.rejectUnknownKeys(List.of("samples", "duration", "epsilon"));
            b.stuck(samples, d, eps);
        }
        if (r.has("flat-line")) {
            YamlSection f = r.section("flat-line");
            List<Double> rails = new ArrayList<>();
            for (String v : f.scalars(AnalyticsSettings.RAILS.name())) {
                try {
                    rails.add(Double.parseDouble(v));
                } catch (NumberFormatException e) {
                    f.problem("rails", v, "is not a number");
                }
            }
            double tol = f.decimal(AnalyticsSettings.RAIL_TOLERANCE).orElse(0.0);
            int samples = f.integer(AnalyticsSettings.RAIL_SAMPLES).orElse(3);
            f.rejectUnknownKeys(List.of("rails", "tolerance", "samples"));
            b.flatLine(rails, tol, samples);
        }
        if (r.has("gap")) {
            YamlSection g = r.section("gap");
            Optional<Duration> every = g.duration(AnalyticsSettings.EXPECTED_INTERVAL);
            double factor = g.decimal(AnalyticsSettings.GAP_FACTOR).orElse(1.5);
            g.rejectUnknownKeys(List.of("expected-interval", "factor"));
            if (every.isEmpty()) {
                g.problem("expected-interval", null, "is missing; how often a reading is expected, e.g. 10s");
            } else {
                b.gap(every.get(), factor);
            }
        }
        r.rejectUnknownKeys(List.of("range", "max-rate-per-second", "hampel", "stuck", "flat-line", "gap"));
        return build(r, "", b::build);
    }

    private static List<WindowConfig> windows(YamlSection s) {
        List<WindowConfig> windows = new ArrayList<>();
        int i = 0;
        for (Node item : s.list("windows")) {
            YamlSection w = YamlSection.of(s.child("windows") + "[" + i++ + "]", item, s.problems());
            Optional<Duration> size = w.duration(AnalyticsSettings.WINDOW_SIZE);
            OptionSpec slides = AnalyticsSettings.WINDOW_SLIDE;
            Optional<Duration> slide = w.duration(slides.name(), Duration.ofMillis((long) slides.min()),
                    Duration.ofMillis((long) slides.max()), null);
            Duration lateness = w.duration(AnalyticsSettings.WINDOW_LATENESS).orElse(Duration.ofSeconds(5));
            PercentileConfig percentiles = PercentileConfig.DEFAULT;
            if (w.has("percentiles")) {
                YamlSection p = w.section("percentiles");
                int exact = p.integer(AnalyticsSettings.EXACT_CAPACITY).orElse(128);
                double acc = p.decimal(AnalyticsSettings.RELATIVE_ACCURACY).orElse(0.01);
                int bins = p.integer(AnalyticsSettings.MAX_BINS).orElse(2048);
                p.rejectUnknownKeys(List.of("exact-capacity", "relative-accuracy", "max-bins"));
                percentiles = new PercentileConfig(exact, acc, bins);
            }
            w.rejectUnknownKeys(List.of("size", "slide", "allowed-lateness", "percentiles"));
            if (size.isEmpty()) {
                w.problem("size", null, "is missing; the window length, e.g. 1m");
                continue;
            }
            PercentileConfig pc = percentiles;
            build(w, "", () -> new WindowConfig(size.get(), slide.orElse(size.get()), lateness, pc))
                    .ifPresent(windows::add);
        }
        return windows;
    }

    private static Optional<AirConfig> air(YamlSection s) {
        AirConfig d = AirConfig.DEFAULT;
        String pm25 = d.pm25Table();
        if (s.has("us-aqi")) {
            YamlSection us = s.section("us-aqi");
            pm25 = us.option("pm25-table", AnalyticsSettings.PM25_TABLE).orElse(pm25);
            us.rejectUnknownKeys(List.of("pm25-table"));
        }
        EaqiTable eaqi = d.eaqi();
        if (s.has("eaqi")) {
            YamlSection eu = s.section("eaqi");
            String bands = eu.option("bands", AnalyticsSettings.EAQI_BANDS)
                    .orElse(AnalyticsSettings.EAQI_BANDS.defaultValue());
            eaqi = EaqiTable.named(bands);
            eu.rejectUnknownKeys(List.of("bands"));
        }
        Duration lateness = s.duration(AnalyticsSettings.AIR_LATENESS).orElse(d.allowedLateness());
        s.rejectUnknownKeys(List.of("us-aqi", "eaqi", "allowed-lateness"));
        String table = pm25;
        EaqiTable eq = eaqi;
        return build(s, "", () -> new AirConfig(table, eq, lateness));
    }

    private static Optional<NoiseConfig> noise(YamlSection s) {
        Duration period = s.duration(AnalyticsSettings.NOISE_PERIOD).orElse(Duration.ofMinutes(15));
        ZoneId zone = zone(s);
        LdenPeriods lden = LdenPeriods.END_DEFAULT;
        if (s.has("lden")) {
            YamlSection l = s.section("lden");
            lden = new LdenPeriods(time(l, AnalyticsSettings.DAY_START), time(l, AnalyticsSettings.EVENING_START),
                    time(l, AnalyticsSettings.NIGHT_START));
            l.rejectUnknownKeys(List.of("day-start", "evening-start", "night-start"));
        }
        YamlSection limits = s.section("limits");
        double day = optional(limits, AnalyticsSettings.LIMIT_DAY);
        double evening = optional(limits, AnalyticsSettings.LIMIT_EVENING);
        double night = optional(limits, AnalyticsSettings.LIMIT_NIGHT);
        double lamax = optional(limits, AnalyticsSettings.LIMIT_LAMAX);
        limits.rejectUnknownKeys(List.of("day", "evening", "night", "lamax"));
        Duration lateness = s.duration(AnalyticsSettings.NOISE_LATENESS).orElse(Duration.ofMinutes(1));
        s.rejectUnknownKeys(List.of("period", "zone", "lden", "limits", "allowed-lateness"));
        LdenPeriods periods = lden;
        return build(s, "", () -> new NoiseConfig(period, periods, zone, day, evening, night, lamax, lateness));
    }

    private static Optional<OccupancyConfig> occupancy(YamlSection s) {
        OccupancyConfig d = OccupancyConfig.defaults();
        Duration period = s.duration(AnalyticsSettings.OCCUPANCY_PERIOD).orElse(d.period());
        int k = s.integer(AnalyticsSettings.K).orElse(d.k());
        Map<String, String> zones = new LinkedHashMap<>();
        YamlSection z = s.section("zones");
        for (String sensor : z.keys()) {
            z.scalar(sensor).ifPresent(zone -> zones.put(sensor, zone));
        }
        Duration maxHold = s.duration(AnalyticsSettings.MAX_HOLD).orElse(d.maxHold());
        Duration lateness = s.duration(AnalyticsSettings.OCCUPANCY_LATENESS).orElse(d.allowedLateness());
        s.rejectUnknownKeys(List.of("period", "k", "zones", "max-hold", "allowed-lateness"));
        return build(s, "", () -> new OccupancyConfig(period, k, zones, maxHold, lateness));
    }

    private static Optional<WaterConfig> water(YamlSection s) {
        Duration period = s.duration(AnalyticsSettings.WATER_PERIOD).orElse(Duration.ofHours(1));
        ZoneId zone = zone(s);
        YamlSection night = s.section("night");
        LocalTime nightStart = time(night, AnalyticsSettings.NIGHT_FROM);
        LocalTime nightEnd = time(night, AnalyticsSettings.NIGHT_TO);
        night.rejectUnknownKeys(List.of("start", "end"));
        YamlSection leak = s.section("leak");
        Optional<Double> leakThreshold = leak.decimal(AnalyticsSettings.LEAK_THRESHOLD);
        int leakNights = leak.integer(AnalyticsSettings.LEAK_NIGHTS).orElse(3);
        double zeroFlow = leak.decimal(AnalyticsSettings.ZERO_FLOW).orElse(0.0);
        leak.rejectUnknownKeys(List.of("threshold", "nights", "zero-flow"));
        YamlSection burst = s.section("burst");
        double factor = burst.decimal(AnalyticsSettings.BURST_FACTOR).orElse(3.0);
        double limit = optional(burst, AnalyticsSettings.BURST_LIMIT);
        burst.rejectUnknownKeys(List.of("factor", "limit"));
        YamlSection reverse = s.section("reverse");
        double reverseThreshold = reverse.decimal(AnalyticsSettings.REVERSE_THRESHOLD).orElse(1e-6);
        reverse.rejectUnknownKeys(List.of("threshold"));
        Duration maxGap = s.duration(AnalyticsSettings.MAX_GAP).orElse(Duration.ofMinutes(5));
        Duration lateness = s.duration(AnalyticsSettings.WATER_LATENESS).orElse(Duration.ofMinutes(5));
        s.rejectUnknownKeys(List.of("period", "zone", "night", "leak", "burst", "reverse", "max-gap",
                "allowed-lateness"));
        if (leakThreshold.isEmpty()) {
            leak.problem("threshold", null, "is missing; the legitimate night flow in m3/s above which a night "
                    + "counts towards a leak, e.g. 0.00005 (180 l/h)");
            return Optional.empty();
        }
        return build(s, "", () -> new WaterConfig(period, zone, nightStart, nightEnd, leakThreshold.get(), leakNights,
                zeroFlow, factor, limit, reverseThreshold, maxGap, lateness));
    }

    private static Optional<LightConfig> light(YamlSection s) {
        Duration period = s.duration(AnalyticsSettings.LIGHT_PERIOD).orElse(Duration.ofMinutes(15));
        double dark = s.decimal(AnalyticsSettings.DARK_BELOW).orElse(20.0);
        double light = s.decimal(AnalyticsSettings.LIGHT_ABOVE).orElse(40.0);
        Duration smoothing = s.duration(AnalyticsSettings.SMOOTHING).orElse(Duration.ofMinutes(2));
        Duration lateness = s.duration(AnalyticsSettings.LIGHT_LATENESS).orElse(Duration.ofMinutes(1));
        s.rejectUnknownKeys(List.of("period", "dark-below", "light-above", "smoothing", "allowed-lateness"));
        return build(s, "", () -> new LightConfig(period, dark, light, smoothing, lateness));
    }

    private static Optional<PrivacyConfig> privacy(YamlSection s) {
        YamlSection allow = s.section("allow");
        Map<String, Set<String>> lists = new LinkedHashMap<>();
        for (String kind : allow.keys()) {
            lists.put(kind, new LinkedHashSet<>(allow.scalars(kind)));
        }
        s.rejectUnknownKeys(List.of("allow"));
        return build(s, "allow", () -> new PrivacyConfig(lists));
    }

    private static ZoneId zone(YamlSection s) {
        Optional<String> name = s.scalar(AnalyticsSettings.ZONE.name());
        if (name.isEmpty()) {
            return ZoneId.of(AnalyticsSettings.ZONE.defaultValue());
        }
        try {
            return ZoneId.of(name.get().trim());
        } catch (DateTimeException e) {
            s.problem("zone", name.get(), "is not a time zone; use a region name such as Europe/Berlin");
            return ZoneId.of(AnalyticsSettings.ZONE.defaultValue());
        }
    }

    /** A number with no default: NaN, which the records read as none, when the key is left out. */
    private static double optional(YamlSection s, OptionSpec spec) {
        return s.decimal(spec.name(), spec.min(), spec.max(), Double.NaN).orElse(Double.NaN);
    }

    /** A time of day read by its definition. */
    private static LocalTime time(YamlSection s, OptionSpec spec) {
        return time(s, spec.name(), LocalTime.parse(spec.defaultValue()));
    }

    private static LocalTime time(YamlSection s, String key, LocalTime fallback) {
        Optional<String> text = s.scalar(key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return LocalTime.parse(text.get().trim());
        } catch (DateTimeException e) {
            s.problem(key, text.get(), "is not a time of day; write e.g. \"07:00\" (quoted)");
            return fallback;
        }
    }

    /** Builds a record, reporting its own validation message against the section (and key) being read. */
    static <T> Optional<T> build(YamlSection s, String key, Supplier<T> make) {
        if (!s.clean()) {
            return Optional.empty();
        }
        try {
            return Optional.of(make.get());
        } catch (IllegalArgumentException | NullPointerException e) {
            s.problems().add(s.node(), key.isEmpty() ? s.path() : s.child(key), null, String.valueOf(e.getMessage()));
            return Optional.empty();
        }
    }
}
