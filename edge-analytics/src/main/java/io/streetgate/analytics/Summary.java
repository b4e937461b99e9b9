package io.streetgate.analytics;

import io.streetgate.driver.Quantity;
import io.streetgate.driver.Unit;

import java.time.Instant;
import java.util.Objects;

/**
 * Aggregate of one source's readings of one quantity over a window [start, end).
 *
 * @param sourceId the sensor or node id
 * @param quantity what was measured
 * @param unit     the unit of min, mean and max
 * @param start    window start (inclusive)
 * @param end      window end (exclusive)
 * @param count    number of readings aggregated (readings flagged as bad are not aggregated)
 * @param min      smallest value
 * @param mean     arithmetic mean
 * @param max      largest value
 */
public record Summary(String sourceId, Quantity quantity, Unit unit, Instant start, Instant end, long count,
                      double min, double mean, double max) {

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
}
