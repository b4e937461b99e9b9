package io.streetgate.analytics.pipeline;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Analyzer;
import io.streetgate.analytics.air.AirQualityAnalyzer;
import io.streetgate.analytics.light.AmbientLight;
import io.streetgate.analytics.light.LightAnalyzer;
import io.streetgate.analytics.noise.NoiseAnalyzer;
import io.streetgate.analytics.occupancy.OccupancyAnalyzer;
import io.streetgate.analytics.privacy.PrivacyConfig;
import io.streetgate.analytics.privacy.PrivacyGate;
import io.streetgate.analytics.quality.QualityConfig;
import io.streetgate.analytics.quality.QualityCounters;
import io.streetgate.analytics.quality.QualityFilter;
import io.streetgate.analytics.window.WindowAggregator;
import io.streetgate.analytics.water.WaterAnalyzer;
import io.streetgate.analytics.window.WindowConfig;
import io.streetgate.driver.Measurement;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The chain the gateway calls: every reading goes through the quality filters, then into each configured
 * window and each analyzer (air, noise, occupancy, water, light); advancing the watermark closes windows and
 * periods and returns their records, unfiltered for on-box use and through the privacy gate for the uplink.
 *
 * <p>Time is the caller's: readings carry event time, and the caller passes a watermark (the event time up to
 * which it believes readings are complete) with each call. Not thread-safe: one owner (the gateway's
 * pipeline component) feeds and advances it from one thread.
 */
public final class AnalyticsPipeline {

    /** How often, in event time, idle sources are looked for: a sweep walks every series once. */
    public static final Duration SWEEP_EVERY = Duration.ofHours(1);

    private final QualityFilter quality;
    private final List<WindowAggregator> windows;
    private final List<Analyzer> analyzers;
    private final PrivacyGate gate;
    private final Duration forgetAfter;
    /** When the next sweep for idle sources is due, in event time. */
    private Instant nextSweep = Instant.MIN;
    private long forgotten;

    private AnalyticsPipeline(Builder b) {
        this.quality = new QualityFilter(b.quality);
        this.windows = new ArrayList<>();
        for (WindowConfig w : b.windows) {
            windows.add(WindowAggregator.of(w));
        }
        this.analyzers = List.copyOf(b.analyzers);
        this.gate = new PrivacyGate(b.privacy);
        this.forgetAfter = b.forgetAfter;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The pipeline the site file's {@code analytics:} section describes. */
    public static AnalyticsPipeline of(AnalyticsConfig config) {
        Builder b = builder().quality(config.quality()).privacy(config.privacy()).forgetAfter(config.forgetAfter());
        config.windows().forEach(b::window);
        if (config.air() != null) {
            b.analyzer(new AirQualityAnalyzer(config.air()));
        }
        if (config.noise() != null) {
            b.analyzer(new NoiseAnalyzer(config.noise()));
        }
        if (config.occupancy() != null) {
            b.analyzer(new OccupancyAnalyzer(config.occupancy()));
        }
        if (config.water() != null) {
            b.analyzer(new WaterAnalyzer(config.water()));
        }
        if (config.light() != null) {
            b.analyzer(new LightAnalyzer(config.light()));
        }
        return b.build();
    }

    /** The current ambient light at a sensor, for the lighting control; empty without light analytics. */
    public Optional<AmbientLight> ambientLight(String sourceId) {
        for (Analyzer a : analyzers) {
            if (a instanceof LightAnalyzer light) {
                return light.ambient(sourceId);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks a reading and feeds it on. Returns the reading with the quality flags it earned (its value is
     * never changed), so the caller can store or forward it with its flags.
     */
    public Measurement accept(Measurement m, Instant watermark) {
        Measurement checked = quality.apply(m);
        for (int i = 0; i < windows.size(); i++) {
            windows.get(i).accept(checked, watermark);
        }
        for (int i = 0; i < analyzers.size(); i++) {
            analyzers.get(i).accept(checked, watermark);
        }
        return checked;
    }

    /** Closes what the watermark has passed and returns the records, oldest window first per stage. */
    public PipelineOutput advanceTo(Instant watermark) {
        List<AnalyticsRecord> records = new ArrayList<>();
        for (WindowAggregator w : windows) {
            records.addAll(w.advanceTo(watermark));
        }
        for (Analyzer a : analyzers) {
            records.addAll(a.advanceTo(watermark));
        }
        if (!watermark.isBefore(nextSweep)) {
            forgetIdle(watermark.minus(forgetAfter));
            nextSweep = watermark.plus(SWEEP_EVERY);
        }
        return new PipelineOutput(records, gate.filter(records));
    }

    /**
     * Forgets every source silent since before {@code silentBefore} in the quality filter and every analyzer
     * (windows hold a series only while one of its windows is open). {@link #advanceTo} does this once every
     * {@link #SWEEP_EVERY} of event time for the sources silent for {@code forget-after}.
     */
    public void forgetIdle(Instant silentBefore) {
        forgotten += quality.forgetIdle(silentBefore);
        for (Analyzer a : analyzers) {
            forgotten += a.forgetIdle(silentBefore);
        }
    }

    /** Series (source and quantity) the quality filter holds: every series any later stage can hold. */
    public int seriesHeld() {
        return quality.series();
    }

    /** Series and sources forgotten as idle, over the quality filter and the analyzers. */
    public long forgotten() {
        return forgotten;
    }

    public QualityCounters qualityCounters() {
        return quality.counters();
    }

    /** Late readings dropped by the windows and analyzers together. */
    public long lateDropped() {
        long n = 0;
        for (WindowAggregator w : windows) {
            n += w.lateDropped();
        }
        for (Analyzer a : analyzers) {
            n += a.lateDropped();
        }
        return n;
    }

    public PrivacyGate privacyGate() {
        return gate;
    }

    /** Assembles a pipeline; without windows, analyzers or allow-lists it checks quality and sends nothing. */
    public static final class Builder {
        private QualityConfig quality = QualityConfig.PLAUSIBLE;
        private final List<WindowConfig> windows = new ArrayList<>();
        private final List<Analyzer> analyzers = new ArrayList<>();
        private PrivacyConfig privacy = PrivacyConfig.denyAll();
        private Duration forgetAfter = AnalyticsConfig.DEFAULT_FORGET_AFTER;

        private Builder() {
        }

        /** How long a source may be silent before the quality filter and the analyzers forget it. */
        public Builder forgetAfter(Duration d) {
            this.forgetAfter = Objects.requireNonNull(d, "analytics.forget-after");
            return this;
        }

        public Builder quality(QualityConfig config) {
            this.quality = Objects.requireNonNull(config, "analytics.quality");
            return this;
        }

        public Builder window(WindowConfig config) {
            windows.add(Objects.requireNonNull(config, "analytics.windows[]"));
            return this;
        }

        public Builder analyzer(Analyzer analyzer) {
            analyzers.add(Objects.requireNonNull(analyzer, "analyzer"));
            return this;
        }

        public Builder privacy(PrivacyConfig config) {
            this.privacy = Objects.requireNonNull(config, "analytics.privacy");
            return this;
        }

        public AnalyticsPipeline build() {
            return new AnalyticsPipeline(this);
        }
    }
}
