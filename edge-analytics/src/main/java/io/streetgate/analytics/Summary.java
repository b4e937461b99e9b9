package io.streetgate.analytics;

import io.streetgate.driver.Quantity;
import io.streetgate.driver.Unit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Aggregate of one source's readings of one quantity over a window [start, end).
 *
 * <p>Percentiles are nearest-rank: {@code pN} is the value of rank {@code max(1, ceil(N/100 * count))} in the
 * sorted readings. They are exact while the window holds at most its exact capacity of readings and within
 * the configured relative accuracy beyond (see {@link io.streetgate.analytics.window.QuantileSketch}).
 *
 * @param sourceId the sensor or node id
 * @param quantity what was measured
 * @param unit     the unit of every value component
 * @param start    window start (inclusive)
 * @param end      window end (exclusive)
 * @param count    number of readings aggregated (readings with rejecting quality flags are not aggregated)
 * @param min      smallest value
 * @param mean     arithmetic mean
 * @param max      largest value
 * @param stdDev   sample standard deviation (n − 1 in the denominator); 0 for a single reading, NaN when
 *                 the summary was built without it
 * @param p10      10th percentile (NaN when not computed)
 * @param p50      median (NaN when not computed)
 * @param p90      90th percentile (NaN when not computed)
 * @param p95      95th percentile (NaN when not computed)
 */
public record Summary(String sourceId, Quantity quantity, Unit unit, Instant start, Instant end, long count,
                      double min, double mean, double max, double stdDev, double p10, double p50, double p90,
                      double p95) implements AnalyticsRecord {

    public Summary {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (count < 1) {
            throw new IllegalArgumentException("a summary aggregates at least one reading, not " + count);
        }
    }

    /** The original nine-component summary (min, mean, max, count); spread and percentiles are NaN. */
    public Summary(String sourceId, Quantity quantity, Unit unit, Instant start, Instant end, long count,
                   double min, double mean, double max) {
        this(sourceId, quantity, unit, start, end, count, min, mean, max, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
    }

    @Override
    public String kind() {
        return "summary";
    }

    @Override
    public Map<String, Object> fields() {
        return Fields.of(
                "sourceId", sourceId,
                "quantity", quantity.name(),
                "unit", unit.senml(),
                "start", start,
                "end", end,
                "count", count,
                "min", min,
                "mean", mean,
                "max", max,
                "stdDev", stdDev,
                "p10", p10,
                "p50", p50,
                "p90", p90,
                "p95", p95);
    }
}
