package io.streetgate.analytics.window;

import io.streetgate.analytics.Summary;
import io.streetgate.driver.Measurement;

import java.time.Instant;
import java.util.List;

/** Event-time windows that turn readings into {@link Summary}s: tumbling or sliding. Not thread-safe. */
public interface WindowAggregator {

    /** Adds a reading; readings with rejecting quality flags or non-finite values are ignored. */
    void accept(Measurement m, Instant watermark);

    /** Closes every window whose end plus allowed lateness is at or before the watermark, oldest first. */
    List<Summary> advanceTo(Instant watermark);

    /** Readings that arrived after their windows had closed. */
    long lateDropped();

    /** A tumbling or sliding aggregator, as the configuration says. */
    static WindowAggregator of(WindowConfig config) {
        return config.isTumbling() ? new TumblingAggregator(config) : new SlidingAggregator(config);
    }
}
