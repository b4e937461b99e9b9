package io.streetgate.site;

import java.time.Duration;

/**
 * The first aggregation step: per source and quantity, min/mean/max/count over tumbling windows.
 *
 * @param window          window length (default 1m)
 * @param allowedLateness how long after its end a window still accepts readings (default 5s)
 */
public record AggregationConfig(Duration window, Duration allowedLateness) {

    public static final AggregationConfig DEFAULT = new AggregationConfig(Duration.ofMinutes(1), Duration.ofSeconds(5));
}
