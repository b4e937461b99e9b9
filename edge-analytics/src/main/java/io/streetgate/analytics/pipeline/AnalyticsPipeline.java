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

    private final QualityFilter quality;
    private final List<WindowAggregator> windows;
    private final List<Analyzer> analyzers;
    private final PrivacyGate gate;

    private AnalyticsPipeline(Builder b) {
        this.quality = new QualityFilter(b.quality);
        this.windows = new ArrayList<>();
        for (WindowConfig w : b.windows) {
            windows.add(WindowAggregator.of(w));
        }
        this.analyzers = List.copyOf(b.analyzers);
        this.gate = new PrivacyGate(b.privacy);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The pipeline the site file's {@code analytics:} section describes. */
    public static AnalyticsPipeline of(AnalyticsConfig config) {
        Builder b = builder().quality(config.quality()).privacy(config.privacy());
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
        return new PipelineOutput(records, gate.filter(records));
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
        private QualityConfig quality = QualityConfig.NONE;
        private final List<WindowConfig> windows = new ArrayList<>();
        private final List<Analyzer> analyzers = new ArrayList<>();
        private PrivacyConfig privacy = PrivacyConfig.denyAll();

        private Builder() {
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
