package io.streetgate.analytics.bench;

import io.streetgate.analytics.light.LightConfig;
import io.streetgate.analytics.pipeline.AnalyticsConfig;
import io.streetgate.analytics.pipeline.AnalyticsPipeline;
import io.streetgate.analytics.quality.QualityConfig;
import io.streetgate.analytics.quality.QuantityRules;
import io.streetgate.analytics.window.WindowConfig;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;

/**
 * Heap kept per series after its windows have closed (what a name posted once and never again costs), and
 * what is left once the pipeline has forgotten the idle series: 10 000 sources post one reading each, the
 * watermark passes their windows, then passes {@code forget-after}. Live heap after full collections. Run with
 * {@code -Dbench=analytics -Dbench.main=io.streetgate.analytics.bench.SeriesFootprint -Djmh.args=}.
 */
public final class SeriesFootprint {

    private static final int SERIES = 10_000;
    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    public static void main(String[] args) {
        System.out.printf("%-58s %14s %14s%n", "analytics", "B/series held", "B/series left");
        measure("site default (plausible ranges, 1-min summaries)", AnalyticsConfig.builder()
                .window(WindowConfig.tumbling(Duration.ofMinutes(1), Duration.ofSeconds(5))).build(),
                Quantity.TEMPERATURE);
        measure("quality rules with Hampel (k=5), stuck, gap", AnalyticsConfig.builder()
                .quality(QualityConfig.builder().defaults(QuantityRules.builder().hampel(5, 3, 0.1)
                        .stuck(30, Duration.ofMinutes(30), 0).gap(Duration.ofSeconds(10), 1.5).build()).build())
                .window(WindowConfig.tumbling(Duration.ofMinutes(1), Duration.ofSeconds(5))).build(),
                Quantity.TEMPERATURE);
        measure("light analyzer (illuminance)", AnalyticsConfig.builder()
                .window(WindowConfig.tumbling(Duration.ofMinutes(1), Duration.ofSeconds(5)))
                .light(new LightConfig(Duration.ofMinutes(15), 20, 40, Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .build(), Quantity.ILLUMINANCE);
    }

    private static void measure(String name, AnalyticsConfig config, Quantity quantity) {
        String[] sources = new String[SERIES];
        for (int i = 0; i < SERIES; i++) {
            sources[i] = "node-17/s" + i;
        }
        long before = usedAfterGc();
        AnalyticsPipeline pipeline = AnalyticsPipeline.of(config);
        for (int i = 0; i < SERIES; i++) {
            pipeline.accept(Measurement.of(sources[i], quantity, 20, T0), T0);
        }
        pipeline.advanceTo(T0.plus(Duration.ofHours(1)));
        long held = usedAfterGc();
        int heldSeries = pipeline.seriesHeld();
        pipeline.advanceTo(T0.plus(config.forgetAfter()).plus(Duration.ofHours(2)));
        long left = usedAfterGc();
        if (heldSeries != SERIES || pipeline.seriesHeld() != 0) {
            throw new IllegalStateException("held " + heldSeries + ", left " + pipeline.seriesHeld());
        }
        System.out.printf("%-58s %14d %14d%n", name, (held - before) / SERIES, (left - before) / SERIES);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
