package io.streetgate.analytics.window;

import io.streetgate.analytics.Summary;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.Unit;

import java.time.Instant;

/**
 * Running aggregate of one window: count, min, max, mean and variance (Welford's online update, merged with
 * Chan, Golub and LeVeque's pairwise formula), and percentiles through a {@link QuantileSketch}. Memory is
 * bounded by the sketch's configuration whatever the number of readings. It also keeps the reading with the
 * latest event time, which is all a state's summary carries ({@link Summary#ofState}). Not thread-safe.
 */
public final class WindowStats {

    private final QuantileSketch sketch;
    private long count;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double last = Double.NaN;
    private long lastAt = Long.MIN_VALUE;

    public WindowStats(PercentileConfig percentiles) {
        this.sketch = new QuantileSketch(percentiles);
    }

    /** Adds a reading taken at {@code atMillis} (event time, which decides the last value). */
    public void add(double v, long atMillis) {
        if (atMillis >= lastAt) {
            last = v;
            lastAt = atMillis;
        }
        count++;
        double delta = v - mean;
        mean += delta / count;
        m2 += delta * (v - mean);
        if (v < min) {
            min = v;
        }
        if (v > max) {
            max = v;
        }
        sketch.add(v);
    }

    /** Adds a reading whose time does not matter: the last value is the one added last. */
    public void add(double v) {
        add(v, lastAt);
    }

    /** Adds another window's readings (pairwise variance update). */
    public void merge(WindowStats other) {
        if (other.count == 0) {
            return;
        }
        long n = count + other.count;
        double delta = other.mean - mean;
        mean += delta * other.count / n;
        m2 += other.m2 + delta * delta * ((double) count * other.count / n);
        count = n;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        if (other.lastAt >= lastAt) {
            last = other.last;
            lastAt = other.lastAt;
        }
        sketch.merge(other.sketch);
    }

    public long count() {
        return count;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public double mean() {
        return count == 0 ? Double.NaN : mean;
    }

    /** Sample standard deviation (n − 1); 0 for one reading, NaN for none. */
    public double stdDev() {
        if (count == 0) {
            return Double.NaN;
        }
        return count == 1 ? 0.0 : Math.sqrt(Math.max(0.0, m2 / (count - 1)));
    }

    /** Nearest-rank q-quantile, see {@link QuantileSketch#quantile(double)}. */
    public double quantile(double q) {
        return sketch.quantile(q);
    }

    /** The reading with the latest event time (of those with the same, the one added last); NaN for none. */
    public double last() {
        return last;
    }

    /** Approximate bytes held, for memory accounting. */
    public long retainedBytes() {
        return 72 + sketch.retainedBytes();
    }

    /** The window's summary: the last value for a state, the statistics for a measurement. */
    public Summary toSummary(String sourceId, Quantity quantity, Unit unit, Instant start, Instant end) {
        if (quantity.isState()) {
            return Summary.ofState(sourceId, quantity, unit, start, end, count, last);
        }
        return new Summary(sourceId, quantity, unit, start, end, count, min, mean(), max, stdDev(),
                quantile(0.10), quantile(0.50), quantile(0.90), quantile(0.95));
    }
}
