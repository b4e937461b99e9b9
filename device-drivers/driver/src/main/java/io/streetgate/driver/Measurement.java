package io.streetgate.driver;

import java.time.Instant;
import java.util.Objects;

/**
 * The one reading type: what a source measured, in which unit, when, and how trustworthy it is.
 *
 * @param sourceId  the configured id of the sensor or remote node (e.g. {@code env-1})
 * @param quantity  what was measured
 * @param unit      the unit of {@code value} (SenML name via {@link Unit#senml()})
 * @param value     the measured value
 * @param timestamp when the value was measured (event time, from the gateway's injected clock)
 * @param quality   flags set by the driver or the quality filters; {@link Quality#GOOD} when none
 */
public record Measurement(String sourceId, Quantity quantity, Unit unit, double value, Instant timestamp,
                          Quality quality) {

    public Measurement {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(quality, "quality");
    }

    /** A good reading in the quantity's own unit. */
    public static Measurement of(String sourceId, Quantity quantity, double value, Instant timestamp) {
        return new Measurement(sourceId, quantity, quantity.unit(), value, timestamp, Quality.GOOD);
    }

    public Measurement withQuality(Quality newQuality) {
        return new Measurement(sourceId, quantity, unit, value, timestamp, newQuality);
    }

    public Measurement flagged(QualityFlag flag) {
        return withQuality(quality.with(flag));
    }
}
