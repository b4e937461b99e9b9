package io.streetgate.coap.internal;

import java.time.Duration;

/**
 * What one node may cost the gateway, whatever its key: requests per second through a token bucket, and
 * distinct series (a source and a quantity) held at once, so that a provisioned node that misbehaves can neither
 * take the ingest's one protocol thread nor fill the heap with series that the quality filter and the analytics
 * keep state for. A series stops counting against its node's cap when the node has not posted it for
 * {@code seriesIdle}.
 *
 * @param ratePerSecond requests one node may make per second, sustained
 * @param burst         requests one node may make at once after a quiet spell (the bucket's size)
 * @param maxSeries     distinct series one node may hold at once
 * @param seriesIdle    how long a series its node stopped posting still counts against the cap
 */
public record NodeLimits(double ratePerSecond, int burst, int maxSeries, Duration seriesIdle) {

    /** A node posting every few seconds, with room for a buffered backlog sent after an outage. */
    public static final double DEFAULT_RATE_PER_SECOND = 1;
    public static final int DEFAULT_BURST = 20;
    /** Generous for one node (a multi-sensor node has a few dozen series); as many as it may read back. */
    public static final int DEFAULT_MAX_SERIES = LatestReadings.PER_NODE;
    /** As long as the analytics keep a silent series (analytics.forget-after, 2 days by default). */
    public static final int DEFAULT_SERIES_IDLE_HOURS = 48;

    public static final NodeLimits DEFAULT = new NodeLimits(DEFAULT_RATE_PER_SECOND, DEFAULT_BURST,
            DEFAULT_MAX_SERIES, Duration.ofHours(DEFAULT_SERIES_IDLE_HOURS));

    public NodeLimits {
        if (!(ratePerSecond > 0) || !Double.isFinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate.per.second = " + ratePerSecond
                    + " is not valid: use a positive number of requests per second, e.g. 1");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst = " + burst + " is not valid: use 1 or more requests");
        }
        if (maxSeries < 1) {
            throw new IllegalArgumentException("max.series = " + maxSeries + " is not valid: use 1 or more series");
        }
        if (seriesIdle.isNegative() || seriesIdle.isZero()) {
            throw new IllegalArgumentException("series.idle.hours = " + seriesIdle.toHours()
                    + " is not valid: use 1 or more hours");
        }
    }
}
