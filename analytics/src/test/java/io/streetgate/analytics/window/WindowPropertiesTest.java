package io.streetgate.analytics.window;

import io.streetgate.analytics.Summary;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated streams (out of order within a bound, several sources, random watermarks) against the window
 * invariants: nothing counted twice or lost, every summary inside its window and consistent, percentiles
 * ordered, each window equal to a brute-force recomputation over the readings it accepted.
 */
class WindowPropertiesTest {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static long seed = 424242L;

    private record Reading(Measurement m, Instant watermark) {
    }

    /** Readings whose timestamps wander up to {@code disorder} behind a watermark that follows the stream. */
    private static List<Reading> stream(Random random, int n, long disorderMillis) {
        List<Reading> readings = new ArrayList<>();
        long now = 0;
        long watermark = 0;
        for (int i = 0; i < n; i++) {
            now += random.nextInt(3000);
            long t = Math.max(0, now - (long) (random.nextDouble() * disorderMillis));
            String source = "s" + random.nextInt(3);
            double value = random.nextInt(10) == 0 ? -random.nextDouble() * 50 : random.nextGaussian() * 5 + 20;
            watermark = Math.max(watermark, now - 5_000);
            readings.add(new Reading(Measurement.of(source, Quantity.TEMPERATURE, value, T0.plusMillis(t)),
                    T0.plusMillis(watermark)));
        }
        return readings;
    }

    /** Feeds every reading, advancing one time in {@code advanceOneIn}, then closes everything. */
    private static void feed(WindowAggregator agg, List<Reading> readings, Random random, int advanceOneIn,
                             List<Summary> summaries, List<Measurement> accepted) {
        for (Reading r : readings) {
            long before = agg.lateDropped();
            agg.accept(r.m(), r.watermark());
            if (agg.lateDropped() == before) {
                accepted.add(r.m());
            }
            if (random.nextInt(advanceOneIn) == 0) {
                summaries.addAll(agg.advanceTo(r.watermark()));
            }
        }
        summaries.addAll(agg.advanceTo(T0.plus(Duration.ofDays(1))));
    }

    private static void assertConsistent(Summary s, Duration size) {
        assertEquals(size, Duration.between(s.start(), s.end()));
        assertTrue(s.min() <= s.p10() && s.p10() <= s.p50() && s.p50() <= s.p90() && s.p90() <= s.p95()
                && s.p95() <= s.max(), "percentiles ordered within [min, max]: " + s);
        assertTrue(s.mean() >= s.min() - 1e-9 && s.mean() <= s.max() + 1e-9, "mean inside [min, max]");
        assertTrue(s.stdDev() >= 0);
    }

    @RepeatedTest(25)
    void tumblingWindowsCountEveryReadingOnceAndMatchBruteForce() {
        Random random = new Random(seed++);
        Duration size = Duration.ofSeconds(10 + random.nextInt(120));
        Duration lateness = Duration.ofSeconds(random.nextInt(20));
        TumblingAggregator agg = new TumblingAggregator(WindowConfig.tumbling(size, lateness)
                .withPercentiles(new PercentileConfig(random.nextInt(64), 0.01, 2048)));
        List<Reading> readings = stream(random, 2000, 30_000);
        List<Summary> summaries = new ArrayList<>();
        List<Measurement> accepted = new ArrayList<>();
        feed(agg, readings, random, 10, summaries, accepted);

        assertEquals(0, agg.openWindows());
        long counted = summaries.stream().mapToLong(Summary::count).sum();
        assertEquals(readings.size(), counted + agg.lateDropped(), "every reading aggregated once or dropped as late");
        Set<String> windows = new HashSet<>();
        for (Summary s : summaries) {
            assertConsistent(s, size);
            assertEquals(0, s.start().toEpochMilli() % size.toMillis(), "aligned to the window length");
            assertTrue(windows.add(s.sourceId() + "@" + s.start()), "one summary per source and window");
            double[] values = accepted.stream()
                    .filter(m -> m.sourceId().equals(s.sourceId()) && !m.timestamp().isBefore(s.start())
                            && m.timestamp().isBefore(s.end()))
                    .mapToDouble(Measurement::value).sorted().toArray();
            assertEquals(values.length, s.count());
            assertEquals(values[0], s.min());
            assertEquals(values[values.length - 1], s.max());
            assertEquals(Arrays.stream(values).average().orElseThrow(), s.mean(), 1e-9);
            double rank50 = values[(int) Math.max(1, Math.ceil(0.5 * values.length)) - 1];
            assertEquals(rank50, s.p50(), 0.01 * Math.abs(rank50) + 1e-12);
        }
    }

    @RepeatedTest(25)
    void slidingWindowsEqualBruteForceOverEveryWindowTheyEmit() {
        Random random = new Random(seed++);
        Duration slide = Duration.ofSeconds(5 + random.nextInt(30));
        Duration size = slide.multipliedBy(1 + random.nextInt(6));
        Duration lateness = Duration.ofSeconds(random.nextInt(20));
        SlidingAggregator agg = new SlidingAggregator(WindowConfig.sliding(size, slide, lateness));
        List<Reading> readings = stream(random, 1500, 20_000);
        List<Summary> summaries = new ArrayList<>();
        List<Measurement> accepted = new ArrayList<>();
        feed(agg, readings, random, 7, summaries, accepted);
        assertEquals(0, agg.openPanes());

        Set<String> windows = new HashSet<>();
        long memberships = 0;
        for (Summary s : summaries) {
            assertConsistent(s, size);
            assertEquals(0, s.start().toEpochMilli() % slide.toMillis(), "aligned to the slide");
            assertTrue(windows.add(s.sourceId() + "@" + s.start()), "one summary per source and window");
            memberships += s.count();
            // a reading can join a window whose earlier siblings closed; compare against what was accepted
            // before this window closed: count can only be at most the brute-force count
            long brute = accepted.stream().filter(m -> m.sourceId().equals(s.sourceId())
                    && !m.timestamp().isBefore(s.start()) && m.timestamp().isBefore(s.end())).count();
            assertTrue(s.count() <= brute && s.count() >= 1, "count " + s.count() + " vs " + brute);
        }
        // every reading that was never late sits in size/slide windows, minus those windows already closed
        assertTrue(memberships <= accepted.size() * (size.toMillis() / slide.toMillis()));
    }

    @RepeatedTest(10)
    void slidingWindowsOfInOrderReadingsMatchBruteForceExactly() {
        Random random = new Random(seed++);
        Duration slide = Duration.ofSeconds(5 + random.nextInt(30));
        Duration size = slide.multipliedBy(1 + random.nextInt(6));
        SlidingAggregator agg = new SlidingAggregator(WindowConfig.sliding(size, slide, Duration.ZERO));
        List<Reading> readings = stream(random, 800, 0);
        List<Summary> summaries = new ArrayList<>();
        feed(agg, readings, random, 1, summaries, new ArrayList<>());
        assertEquals(0, agg.lateDropped());
        long memberships = 0;
        for (Summary s : summaries) {
            double[] values = readings.stream().map(Reading::m)
                    .filter(m -> m.sourceId().equals(s.sourceId()) && !m.timestamp().isBefore(s.start())
                            && m.timestamp().isBefore(s.end()))
                    .mapToDouble(Measurement::value).sorted().toArray();
            assertEquals(values.length, s.count());
            assertEquals(values[0], s.min());
            assertEquals(values[values.length - 1], s.max());
            assertEquals(Arrays.stream(values).average().orElseThrow(), s.mean(), 1e-9);
            memberships += s.count();
        }
        assertEquals(readings.size() * (size.toMillis() / slide.toMillis()), memberships,
                "each in-order reading lands in exactly size/slide windows");
    }
}
