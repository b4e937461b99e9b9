package io.streetgate.analytics;

import io.streetgate.driver.Quantity;
import io.streetgate.driver.Unit;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Aggregate of one source's readings of one quantity over a window [start, end).
 *
 * <p>A measured quantity's summary has the statistics (min, mean, max, spread, percentiles). A state the device
 * reports ({@link Quantity#isState()}: an integration period, an overload flag) has its {@code last} value
 * instead, the one read latest in the window: statistics of a setting are noise, and the mean of a flag is
 * wrong. Its fields ({@link #fields()}) then carry {@code last} and no statistics.
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
 * @param min      smallest value (NaN for a state)
 * @param mean     arithmetic mean (NaN for a state)
 * @param max      largest value (NaN for a state)
 * @param stdDev   sample standard deviation (n − 1 in the denominator); 0 for a single reading, NaN when
 *                 the summary was built without it
 * @param p10      10th percentile (NaN when not computed)
 * @param p50      median (NaN when not computed)
 * @param p90      90th percentile (NaN when not computed)
 * @param p95      95th percentile (NaN when not computed)
 * @param last     the value read latest in the window, for a state; NaN for a measurement
 */
public record Summary(String sourceId, Quantity quantity, Unit unit, Instant start, Instant end, long count,
                      double min, double mean, double max, double stdDev, double p10, double p50, double p90,
                      double p95, double last) implements AnalyticsRecord {

    public Summary {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (count < 1) {
            throw new IllegalArgumentException("a summary aggregates at least one reading, not " + count);
        }
        if (quantity.isState() && !Double.isFinite(last)) {
            throw new IllegalArgumentException("the summary of state " + quantity + " needs its last value, not "
                    + last);
        }
    }

    /** A measurement's summary with spread and percentiles; {@code last} is NaN. */
    public Summary(String sourceId, Quantity quantity, Unit unit, Instant start, Instant end, long count,
                   double min, double mean, double max, double stdDev, double p10, double p50, double p90,
                   double p95) {
        this(sourceId, quantity, unit, start, end, count, min, mean, max, stdDev, p10, p50, p90, p95, Double.NaN);
    }

    /** A state's summary: how many readings and the last; no statistics. */
    public static Summary ofState(String sourceId, Quantity quantity, Unit unit, Instant start, Instant end,
                                  long count, double last) {
        double none = Double.NaN;
        return new Summary(sourceId, quantity, unit, start, end, count, none, none, none, none, none, none, none,
                none, last);
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

    /** The series and window, then the last value of a state or the statistics of a measurement. */
    @Override
    public Map<String, Object> fields() {
        Object[] series = {"sourceId", sourceId, "quantity", quantity.name(), "unit", unit.senml(), "start", start,
                "end", end, "count", count};
        Object[] values = quantity.isState() ? new Object[] {"last", last}
                : new Object[] {"min", min, "mean", mean, "max", max, "stdDev", stdDev, "p10", p10, "p50", p50,
                        "p90", p90, "p95", p95};
        Object[] all = Arrays.copyOf(series, series.length + values.length);
        System.arraycopy(values, 0, all, series.length, values.length);
        return Fields.of(all);
    }
}
