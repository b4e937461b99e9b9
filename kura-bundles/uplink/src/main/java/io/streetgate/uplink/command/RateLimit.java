package io.streetgate.uplink.command;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per origin: each origin may send a burst of {@code perMinute} commands, then one per
 * {@code 60 s / perMinute}. The origins tracked are bounded: past {@link #MAX_ORIGINS}, the one heard from
 * least recently is forgotten (a full bucket is what a new origin gets anyway). Not thread-safe: the uplink's
 * sender thread owns it.
 */
final class RateLimit {

    static final int MAX_ORIGINS = 1024;

    private final int perMinute;
    private final long nanosPerToken;
    /** Tokens left by origin, in access order (least recently used first). */
    private final LinkedHashMap<String, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_ORIGINS;
        }
    };

    private static final class Bucket {
        double tokens;
        Instant at;

        Bucket(double tokens, Instant at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    RateLimit(int perMinute) {
        this.perMinute = perMinute;
        this.nanosPerToken = Duration.ofMinutes(1).toNanos() / perMinute;
    }

    /** Takes one token of the origin's bucket; false when it is empty. */
    boolean take(String origin, Instant now) {
        Bucket b = buckets.computeIfAbsent(origin, o -> new Bucket(perMinute, now));
        long elapsed = Duration.between(b.at, now).toNanos();
        if (elapsed > 0) {
            b.tokens = Math.min(perMinute, b.tokens + (double) elapsed / nanosPerToken);
            b.at = now;
        }
        if (b.tokens < 1) {
            return false;
        }
        b.tokens -= 1;
        return true;
    }

    int perMinute() {
        return perMinute;
    }
}
