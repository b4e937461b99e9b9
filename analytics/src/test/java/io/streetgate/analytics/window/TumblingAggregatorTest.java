package io.streetgate.analytics.window;

import io.streetgate.analytics.Summary;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quality;
import io.streetgate.driver.QualityFlag;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.Unit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TumblingAggregatorTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    /** A setting a device reports: a sound meter's integration period. */
    static final Quantity PERIOD = Quantity.define("integration_period", Unit.SECOND, Quantity.Kind.STATE);

    private static Measurement temp(double value, Instant at) {
        return Measurement.of("env-1", Quantity.TEMPERATURE, value, at);
    }

    @Test
    void closesAMinuteWindowWithMinMeanMaxCount() {
        TumblingAggregator agg = new TumblingAggregator(Duration.ofMinutes(1), Duration.ZERO);
        agg.accept(temp(20.0, T0.plusSeconds(1)), T0);
        agg.accept(temp(22.0, T0.plusSeconds(20)), T0);
        agg.accept(temp(27.0, T0.plusSeconds(59)), T0);

        assertTrue(agg.advanceTo(T0.plusSeconds(59)).isEmpty(), "window still open before its end");
        List<Summary> closed = agg.advanceTo(T0.plusSeconds(60));

        assertEquals(1, closed.size());
        Summary s = closed.get(0);
        assertEquals(T0, s.start());
        assertEquals(T0.plusSeconds(60), s.end());
        assertEquals(3, s.count());
        assertEquals(20.0, s.min());
        assertEquals(23.0, s.mean(), 1e-12);
        assertEquals(27.0, s.max());
        // sample standard deviation of 20, 22, 27: mean 23, squares 9 + 1 + 16 = 26 over n − 1 = 2
        assertEquals(Math.sqrt(13.0), s.stdDev(), 1e-12);
        assertEquals(22.0, s.p50());
        assertEquals(20.0, s.p10());
        assertEquals(27.0, s.p90());
        assertEquals(0, agg.openWindows());
    }

    @Test
    void keepsSourcesAndQuantitiesApartAndSplitsAtTheMinute() {
        TumblingAggregator agg = new TumblingAggregator(Duration.ofMinutes(1), Duration.ZERO);
        agg.accept(temp(10, T0.plusSeconds(59)), T0);
        agg.accept(temp(30, T0.plusSeconds(60)), T0);
        agg.accept(Measurement.of("env-1", Quantity.HUMIDITY, 55, T0.plusSeconds(5)), T0);
        agg.accept(Measurement.of("env-2", Quantity.TEMPERATURE, 99, T0.plusSeconds(5)), T0);

        List<Summary> closed = agg.advanceTo(T0.plusSeconds(120));

        assertEquals(4, closed.size());
        assertEquals(1, closed.stream().filter(s -> s.start().equals(T0.plusSeconds(60))).count());
    }

    @Test
    void dropsAndCountsReadingsForWindowsAlreadyClosed() {
        TumblingAggregator agg = new TumblingAggregator(Duration.ofMinutes(1), Duration.ofSeconds(10));
        agg.accept(temp(1, T0.plusSeconds(30)), T0.plusSeconds(65));
        agg.accept(temp(2, T0.plusSeconds(30)), T0.plusSeconds(70));

        assertEquals(1, agg.lateDropped());
        assertEquals(1, agg.advanceTo(T0.plusSeconds(70)).get(0).count());
    }

    @Test
    void aggregatesReadingsThatCarryOnlyInformationalFlags() {
        TumblingAggregator agg = new TumblingAggregator(Duration.ofMinutes(1), Duration.ZERO);
        agg.accept(temp(20, T0).flagged(QualityFlag.GAP_BEFORE), T0);
        agg.accept(temp(21, T0.plusSeconds(1)).flagged(QualityFlag.STUCK), T0);

        Summary s = agg.advanceTo(T0.plusSeconds(60)).get(0);
        assertEquals(1, s.count());
        assertEquals(20.0, s.mean());
    }

    @Test
    void refusesASlidingConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new TumblingAggregator(
                WindowConfig.sliding(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ZERO)));
    }

    @Test
    void ignoresFlaggedAndNonFiniteReadings() {
        TumblingAggregator agg = new TumblingAggregator(Duration.ofMinutes(1), Duration.ZERO);
        agg.accept(temp(500, T0).withQuality(Quality.of(QualityFlag.OUT_OF_RANGE)), T0);
        agg.accept(temp(Double.NaN, T0), T0);

        assertTrue(agg.advanceTo(T0.plusSeconds(60)).isEmpty());
    }

    @Test
    void aStateIsSummarisedByTheValueReadLastByEventTimeWithoutStatistics() {
        TumblingAggregator agg = new TumblingAggregator(Duration.ofMinutes(1), Duration.ofSeconds(10));
        agg.accept(Measurement.of("noise-1", PERIOD, 60, T0.plusSeconds(5)), T0);
        agg.accept(Measurement.of("noise-1", PERIOD, 30, T0.plusSeconds(50)), T0.plusSeconds(50));
        // read earlier than the 30 but arriving after it: not the last
        agg.accept(Measurement.of("noise-1", PERIOD, 45, T0.plusSeconds(20)), T0.plusSeconds(55));

        Summary s = agg.advanceTo(T0.plusSeconds(70)).get(0);
        assertEquals(3, s.count());
        assertEquals(30.0, s.last());
        assertTrue(Double.isNaN(s.min()) && Double.isNaN(s.mean()) && Double.isNaN(s.max()), s.toString());
        assertEquals(List.of("sourceId", "quantity", "unit", "start", "end", "count", "last"),
                List.copyOf(s.fields().keySet()));
        assertEquals(30.0, s.fields().get("last"));
        assertEquals("s", s.fields().get("unit"));
    }

    @Test
    void aMeasurementHasNoLastField() {
        TumblingAggregator agg = new TumblingAggregator(Duration.ofMinutes(1), Duration.ZERO);
        agg.accept(temp(20, T0), T0);

        Summary s = agg.advanceTo(T0.plusSeconds(60)).get(0);
        assertTrue(Double.isNaN(s.last()));
        assertFalse(s.fields().containsKey("last"), s.fields().toString());
        assertEquals(20.0, s.fields().get("mean"));
    }

    @Test
    void aSlidingWindowKeepsTheLastValueOfItsLatestPane() {
        SlidingAggregator agg = new SlidingAggregator(
                WindowConfig.sliding(Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ZERO));
        agg.accept(Measurement.of("noise-1", PERIOD, 60, T0.plusSeconds(10)), T0);
        agg.accept(Measurement.of("noise-1", PERIOD, 15, T0.plusSeconds(70)), T0);
        agg.accept(Measurement.of("noise-1", PERIOD, 20, T0.plusSeconds(150)), T0);

        List<Summary> closed = agg.advanceTo(T0.plusSeconds(180));
        // windows [-1m, 1m), [0, 2m) and [1m, 3m)
        assertEquals(List.of(60.0, 15.0, 20.0), closed.stream().map(Summary::last).toList());
        assertEquals(List.of(1L, 2L, 2L), closed.stream().map(Summary::count).toList());
    }

    @Test
    void aStatesSummaryNeedsItsLastValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Summary("noise-1", PERIOD,
                Unit.SECOND, T0, T0.plusSeconds(60), 1, 1, 1, 1));
        assertEquals("the summary of state integration_period needs its last value, not NaN", e.getMessage());
    }
    /**
     * Windows that close together come oldest first, then by source and quantity, whatever order their readings
     * came in: the series live in a hash map whose order follows identity hash codes, which differ between JVMs,
     * and a simulated hour must send its messages in the same order every run (docs/simulation.md).
     */
    @Test
    void windowsThatCloseTogetherComeInSourceAndQuantityOrderWhicheverWayTheyArrived() {
        for (WindowAggregator agg : List.of(new TumblingAggregator(Duration.ofMinutes(1), Duration.ZERO),
                WindowAggregator.of(WindowConfig.sliding(Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ZERO)))) {
            for (int i = 19; i >= 0; i--) {
                String source = String.format("sensor-%02d", i);
                agg.accept(Measurement.of(source, Quantity.PRESSURE, 1000 + i, T0.plusSeconds(70)), T0);
                agg.accept(Measurement.of(source, Quantity.HUMIDITY, 50, T0.plusSeconds(70)), T0);
                agg.accept(Measurement.of(source, Quantity.TEMPERATURE, 20, T0.plusSeconds(10)), T0);
            }
            // "start source quantity": the starts and the sources have one length, so text order is the order wanted
            List<String> closed = agg.advanceTo(T0.plusSeconds(600)).stream()
                    .map(s -> s.start() + " " + s.sourceId() + " " + s.quantity().name()).toList();
            assertTrue(closed.size() >= 60, agg.getClass().getSimpleName() + ": " + closed);
            assertEquals(closed.stream().sorted().toList(), closed, agg.getClass().getSimpleName());
        }
    }
}
