package io.streetgate.uplink.link;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next connection attempt: exponential back-off with full jitter. The n-th
 * attempt after a loss waits a uniformly random time in [0, min(max, min * 2^n)], so that when a broker
 * comes back, a city's gateways spread their reconnects over the whole interval instead of arriving together
 * (the "Full Jitter" variant of M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015).
 * The attempt count starts again only after a connection stayed up for {@code stableAfter}, so a broker that
 * accepts and drops at once does not get hammered at the shortest interval.
 */
public final class Backoff {

    private final Duration min;
    private final Duration max;
    private final Duration stableAfter;
    private final RandomGenerator random;
    private int attempt;
    private long connectedAtNanos = -1;

    /**
     * @param min         the first interval's upper bound (and the growth's base), at least 1 ms
     * @param max         the cap, at least {@code min}
     * @param stableAfter how long a connection must last before the count starts again
     */
    public Backoff(Duration min, Duration max, Duration stableAfter, RandomGenerator random) {
        if (min.toMillis() < 1 || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("reconnect back-off min " + min + " must be >= 1 ms and <= max " + max);
        }
        this.min = min;
        this.max = max;
        this.stableAfter = Objects.requireNonNull(stableAfter, "stableAfter");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The upper bound of the next wait, without drawing it: min * 2^attempt, capped at max. */
    public Duration ceiling() {
        long base = min.toMillis();
        // 2^attempt overflows long beyond 62 doublings; the cap is reached long before
        int shift = Math.min(attempt, 40);
        long ceiling = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
        return Duration.ofMillis(Math.min(ceiling, max.toMillis()));
    }

    /** Draws the wait before the next attempt and counts the attempt. */
    public Duration next() {
        Duration ceiling = ceiling();
        attempt++;
        return Duration.ofMillis(random.nextLong(ceiling.toMillis() + 1));
    }

    /** The connection is up. */
    public void connected(long nowNanos) {
        connectedAtNanos = nowNanos;
    }

    /** The connection was lost (or an attempt failed): the count restarts only if it had been up long enough. */
    public void lost(long nowNanos) {
        if (connectedAtNanos >= 0 && nowNanos - connectedAtNanos >= stableAfter.toNanos()) {
            attempt = 0;
        }
        connectedAtNanos = -1;
    }

    public int attempts() {
        return attempt;
    }
}
