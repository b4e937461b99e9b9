package io.streetgate.uplink.store;

import java.time.Duration;
import java.time.Instant;

/**
 * How fast the store fills, in bytes per hour of gateway time, over the last hour (or since the start when
 * that is shorter): what "holds about N hours at the current rate" is computed from.
 */
public final class RateMeter {

    private static final int BUCKETS = 60;
    private static final long BUCKET_MILLIS = 60_000;

    private final long[] bytes = new long[BUCKETS];
    private long currentBucket = Long.MIN_VALUE;
    private Instant first;

    public synchronized void add(Instant now, long n) {
        advance(now);
        if (first == null) {
            first = now;
        }
        bytes[(int) Math.floorMod(currentBucket, BUCKETS)] += n;
    }

    /** Bytes per hour; 0 when nothing has been added yet. */
    public synchronized double bytesPerHour(Instant now) {
        advance(now);
        if (first == null) {
            return 0;
        }
        long sum = 0;
        for (long b : bytes) {
            sum += b;
        }
        long window = Math.min(Duration.between(first, now).toMillis(), BUCKETS * BUCKET_MILLIS);
        // at least one minute, so that the first message does not claim an infinite rate
        window = Math.max(window, BUCKET_MILLIS);
        return sum * 3_600_000.0 / window;
    }

    private void advance(Instant now) {
        long bucket = Math.floorDiv(now.toEpochMilli(), BUCKET_MILLIS);
        if (currentBucket == Long.MIN_VALUE) {
            currentBucket = bucket;
            return;
        }
        if (bucket <= currentBucket) {
            return;
        }
        long steps = Math.min(bucket - currentBucket, BUCKETS);
        for (long i = 1; i <= steps; i++) {
            bytes[(int) Math.floorMod(currentBucket + i, BUCKETS)] = 0;
        }
        currentBucket = bucket;
    }

    /** Hours that {@code bytes} hold at {@code bytesPerHour}; infinite when nothing arrives. */
    public static double hours(long bytes, double bytesPerHour) {
        return bytesPerHour <= 0 ? Double.POSITIVE_INFINITY : bytes / bytesPerHour;
    }
}
