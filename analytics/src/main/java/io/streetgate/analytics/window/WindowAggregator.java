package io.streetgate.analytics.window;

import io.streetgate.analytics.Summary;
import io.streetgate.driver.Measurement;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Event-time windows that turn readings into {@link Summary}s: tumbling or sliding. Not thread-safe. */
public interface WindowAggregator {

    /** Adds a reading; readings with rejecting quality flags or non-finite values are ignored. */
    void accept(Measurement m, Instant watermark);

    /**
     * The order of the summaries that close together: oldest first, then by source and quantity. Fixed, so that
     * the same readings give the same messages in the same order in every JVM (the series are kept in hash maps
     * whose order follows identity hash codes, which differ from run to run).
     */
    Comparator<Summary> CLOSING_ORDER = Comparator.comparing(Summary::start).thenComparing(Summary::sourceId)
            .thenComparing(s -> s.quantity().name());

    /** Closes every window whose end plus allowed lateness is at or before the watermark, in {@link #CLOSING_ORDER}. */
    List<Summary> advanceTo(Instant watermark);

    /** Readings that arrived after their windows had closed. */
    long lateDropped();

    /** A tumbling or sliding aggregator, as the configuration says. */
    static WindowAggregator of(WindowConfig config) {
        return config.isTumbling() ? new TumblingAggregator(config) : new SlidingAggregator(config);
    }
}
