package io.streetgate.analytics.window;

import io.streetgate.driver.Quantity;

import java.util.Objects;

/** One series of readings: a source's readings of one quantity. */
public record SeriesKey(String sourceId, Quantity quantity) {

    public SeriesKey {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(quantity, "quantity");
    }
}
