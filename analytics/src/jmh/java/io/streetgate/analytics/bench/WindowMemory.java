package io.streetgate.analytics.bench;

import io.streetgate.analytics.window.PercentileConfig;
import io.streetgate.analytics.window.TumblingAggregator;
import io.streetgate.analytics.window.WindowConfig;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * Heap per open window: opens 10 000 one-minute windows (one per source), fills each with R readings, and
 * measures the live heap after full collections, against an empty aggregator. Run with
 * {@code -Dbench=analytics -Dbench.main=io.streetgate.analytics.bench.WindowMemory -Djmh.args=}.
 */
public final class WindowMemory {

    private static final int WINDOWS = 10_000;

    public static void main(String[] args) {
        System.out.printf("%-36s %12s %12s%n", "readings per open window", "heap B/win", "estimate B/win");
        for (int readings : new int[] {1, 60, 128, 600, 3600}) {
            measure(readings, PercentileConfig.DEFAULT);
        }
    }

    private static void measure(int readings, PercentileConfig percentiles) {
        Random random = new Random(1);
        String[] sources = new String[WINDOWS];
        for (int i = 0; i < WINDOWS; i++) {
            sources[i] = "env-" + i;
        }
        Instant t0 = Instant.parse("2026-06-01T12:00:00Z");
        long before = usedAfterGc();
        TumblingAggregator agg = new TumblingAggregator(
                WindowConfig.tumbling(Duration.ofHours(2), Duration.ZERO).withPercentiles(percentiles));
        for (int r = 0; r < readings; r++) {
            Instant t = t0.plusMillis(r * 1000L);
            for (int w = 0; w < WINDOWS; w++) {
                agg.accept(Measurement.of(sources[w], Quantity.TEMPERATURE, 20 + random.nextGaussian() * 3, t), t0);
            }
        }
        long after = usedAfterGc();
        if (agg.openWindows() != WINDOWS) {
            throw new IllegalStateException("expected " + WINDOWS + " open windows, not " + agg.openWindows());
        }
        System.out.printf("%-36d %12d %12d%n", readings, (after - before) / WINDOWS, agg.retainedBytes() / WINDOWS);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
