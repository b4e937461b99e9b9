package io.streetgate.analytics.window;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowStatsTest {

    private static long seed = 99L;

    @Test
    void sampleStandardDeviationOfAKnownSet() {
        WindowStats stats = new WindowStats(PercentileConfig.DEFAULT);
        for (double v : new double[] {2, 4, 4, 4, 5, 5, 7, 9}) {
            stats.add(v);
        }
        // mean 5, sum of squared deviations 32: population σ = 2, sample s = sqrt(32/7)
        assertEquals(5.0, stats.mean(), 1e-12);
        assertEquals(Math.sqrt(32.0 / 7.0), stats.stdDev(), 1e-12);
        assertEquals(4.0, stats.quantile(0.5));
    }

    @Test
    void oneReadingHasNoSpread() {
        WindowStats stats = new WindowStats(PercentileConfig.DEFAULT);
        stats.add(3);
        assertEquals(0.0, stats.stdDev());
    }

    @Test
    void theLastValueIsTheOneWithTheLatestEventTimeAlsoAcrossMergedPanes() {
        WindowStats early = new WindowStats(PercentileConfig.DEFAULT);
        early.add(1, 1_000);
        early.add(2, 3_000);
        early.add(3, 2_000);
        assertEquals(2.0, early.last());

        WindowStats late = new WindowStats(PercentileConfig.DEFAULT);
        late.add(9, 5_000);
        WindowStats merged = new WindowStats(PercentileConfig.DEFAULT);
        merged.merge(late);
        merged.merge(early);
        assertEquals(9.0, merged.last(), "merged in any order, the latest reading is last");

        WindowStats untimed = new WindowStats(PercentileConfig.DEFAULT);
        untimed.add(4);
        untimed.add(5);
        assertEquals(5.0, untimed.last());
        assertTrue(Double.isNaN(new WindowStats(PercentileConfig.DEFAULT).last()));
    }

    @RepeatedTest(20)
    void mergingPanesEqualsAddingEverythingToOneWindow() {
        Random random = new Random(seed++);
        WindowStats whole = new WindowStats(PercentileConfig.DEFAULT);
        WindowStats merged = new WindowStats(PercentileConfig.DEFAULT);
        for (int p = 0; p < 1 + random.nextInt(6); p++) {
            WindowStats pane = new WindowStats(PercentileConfig.DEFAULT);
            for (int i = 0; i < random.nextInt(50); i++) {
                double v = 1000 + random.nextGaussian() * 3;
                pane.add(v);
                whole.add(v);
            }
            merged.merge(pane);
        }
        assertEquals(whole.count(), merged.count());
        if (whole.count() > 0) {
            assertEquals(whole.mean(), merged.mean(), 1e-9);
            assertEquals(whole.stdDev(), merged.stdDev(), 1e-9);
            assertEquals(whole.min(), merged.min());
            assertEquals(whole.max(), merged.max());
            assertEquals(whole.quantile(0.9), merged.quantile(0.9), 1e-9);
            assertTrue(merged.stdDev() >= 0);
        }
    }
}
