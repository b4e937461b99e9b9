package io.streetgate.analytics.window;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Generated-input tests of the percentile contract: nearest rank, exact then within α, bounded memory. */
class QuantileSketchTest {

    private static final double[] QS = {0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1};
    private static long seed = 20260601L;

    private static double nearestRank(double[] sorted, double q) {
        int rank = (int) Math.max(1, Math.ceil(q * sorted.length));
        return sorted[rank - 1];
    }

    @Test
    void nearestRankOfASmallKnownSet() {
        QuantileSketch s = new QuantileSketch(PercentileConfig.DEFAULT);
        for (double v : new double[] {15, 20, 35, 40, 50}) {
            s.add(v);
        }
        // the textbook nearest-rank example: P30 = 20, P40 = 20, P50 = 35, P100 = 50
        assertEquals(20, s.quantile(0.30));
        assertEquals(20, s.quantile(0.40));
        assertEquals(35, s.quantile(0.50));
        assertEquals(50, s.quantile(1.0));
        assertEquals(15, s.quantile(0.0));
        assertTrue(s.isExact());
    }

    @Test
    void emptyIsNaNAndBadQuantileIsRefused() {
        QuantileSketch s = new QuantileSketch(PercentileConfig.DEFAULT);
        assertTrue(Double.isNaN(s.quantile(0.5)));
        assertThrows(IllegalArgumentException.class, () -> s.quantile(1.5));
    }

    @RepeatedTest(30)
    void exactUpToCapacityThenWithinRelativeAccuracy() {
        Random random = new Random(seed++);
        DoubleSupplier[] distributions = {
            () -> random.nextDouble() * 100,                       // uniform
            () -> Math.exp(random.nextGaussian() * 2),             // log-normal, wide
            () -> random.nextGaussian() * 10,                      // both signs
            () -> 20 + Math.round(random.nextGaussian() * 10) / 10.0, // quantised temperatures
            () -> random.nextInt(5) == 0 ? 0.0 : random.nextDouble() * 1e-3, // zeros and small flows
        };
        DoubleSupplier next = distributions[random.nextInt(distributions.length)];
        PercentileConfig config = new PercentileConfig(1 + random.nextInt(200), 0.001 + random.nextDouble() * 0.05, 2048);
        int n = 1 + random.nextInt(5000);
        double[] values = new double[n];
        QuantileSketch s = new QuantileSketch(config);
        for (int i = 0; i < n; i++) {
            values[i] = next.getAsDouble();
            s.add(values[i]);
        }
        Arrays.sort(values);
        double previous = Double.NEGATIVE_INFINITY;
        for (double q : QS) {
            double exact = nearestRank(values, q);
            double estimate = s.quantile(q);
            if (n <= config.exactCapacity() || q == 0 || q == 1) {
                assertEquals(exact, estimate, "exact mode or the extremes, q=" + q);
            } else if (s.accuracyGuaranteed()) {
                double bound = config.relativeAccuracy() * Math.abs(exact) * (1 + 1e-9) + QuantileSketch.ZERO_THRESHOLD;
                assertTrue(Math.abs(estimate - exact) <= bound,
                        "q=" + q + " estimate " + estimate + " exact " + exact + " alpha " + config.relativeAccuracy());
            }
            assertTrue(estimate >= values[0] && estimate <= values[n - 1], "inside [min, max]");
            assertTrue(estimate >= previous, "percentiles never decrease with q");
            previous = estimate;
        }
        assertEquals(n, s.count());
    }

    @RepeatedTest(10)
    void mergedSketchesAnswerLikeOneSketchOverAllValues() {
        Random random = new Random(seed++);
        PercentileConfig config = new PercentileConfig(64, 0.01, 2048);
        QuantileSketch whole = new QuantileSketch(config);
        QuantileSketch merged = new QuantileSketch(config);
        int parts = 1 + random.nextInt(8);
        double[] all = new double[0];
        for (int p = 0; p < parts; p++) {
            QuantileSketch part = new QuantileSketch(config);
            int n = random.nextInt(100);
            for (int i = 0; i < n; i++) {
                double v = random.nextGaussian() * 50 + 10;
                part.add(v);
                whole.add(v);
                all = Arrays.copyOf(all, all.length + 1);
                all[all.length - 1] = v;
            }
            merged.merge(part);
        }
        assertEquals(whole.count(), merged.count());
        if (all.length == 0) {
            return;
        }
        Arrays.sort(all);
        for (double q : QS) {
            double exact = nearestRank(all, q);
            assertTrue(Math.abs(merged.quantile(q) - exact) <= 0.01 * Math.abs(exact) * (1 + 1e-9) + 1e-12,
                    "merged q=" + q);
        }
    }

    @Test
    void memoryStaysBoundedWhateverTheNumberOfReadings() {
        QuantileSketch s = new QuantileSketch(PercentileConfig.DEFAULT);
        Random random = new Random(7);
        for (int i = 0; i < 1_000_000; i++) {
            s.add(Math.exp(random.nextGaussian() * 3) * (random.nextBoolean() ? 1 : -1));
        }
        assertFalse(s.isExact());
        // two signs of at most maxBins int counts each, plus fields
        assertTrue(s.retainedBytes() <= 2 * (32 + 4L * 2048) + 64, "retained " + s.retainedBytes());
    }

    @Test
    void tooWideARangeMergesOnlyTheSmallestMagnitudes() {
        QuantileSketch s = new QuantileSketch(new PercentileConfig(0, 0.01, 16));
        for (int i = 0; i < 100; i++) {
            s.add(1.0 + i); // 1..100 spans ~230 buckets at 1 %: the low ones collapse
        }
        assertFalse(s.accuracyGuaranteed());
        assertEquals(100, s.quantile(1.0));
        assertEquals(1, s.quantile(0.0));
        assertEquals(99, s.quantile(0.99), 99 * 0.01, "the high end keeps its accuracy");
        assertTrue(s.retainedBytes() <= 32 + 4 * 16 + 64);
    }
}
