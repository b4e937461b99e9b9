package io.streetgate.drivers.pi4j.support;

import java.time.Duration;
import java.time.Instant;

/**
 * Software debouncing of a digital line: a new level counts only after it has held for the settle time;
 * shorter pulses (contact bounce, glitches) are dropped. Evaluated lazily at each edge and each look, so it
 * needs no timer thread. Counts the rising edges it accepts. "High" is the line's active level, whichever
 * electrical level that is (PIR modules drive it high, a reed contact pulls it low).
 */
public final class Debouncer {

    private final Duration settle;
    private boolean rawHigh;
    private Instant rawSince;
    private boolean high;
    private Instant highSince;
    private long rises;

    public Debouncer(Duration settle, boolean initiallyHigh, Instant now) {
        this.settle = settle;
        this.rawHigh = initiallyHigh;
        this.rawSince = now;
        this.high = initiallyHigh;
        this.highSince = now;
    }

    /** The line changed to {@code level} at {@code at}. */
    public synchronized void edge(boolean level, Instant at) {
        settle(at);
        if (level != rawHigh) {
            rawHigh = level;
            rawSince = at;
        }
    }

    /** Accepts the line's level if it has held for the settle time by {@code now}. */
    public synchronized void settle(Instant now) {
        if (rawHigh != high && Duration.between(rawSince, now).compareTo(settle) >= 0) {
            high = rawHigh;
            if (high) {
                highSince = rawSince;
                rises++;
            }
        }
    }

    /** The debounced level. */
    public synchronized boolean high() {
        return high;
    }

    /** Since when the debounced level has been high (meaningful while {@link #high()}). */
    public synchronized Instant highSince() {
        return highSince;
    }

    /** The rising edges accepted since the last call. */
    public synchronized long takeRises() {
        long taken = rises;
        rises = 0;
        return taken;
    }
}
