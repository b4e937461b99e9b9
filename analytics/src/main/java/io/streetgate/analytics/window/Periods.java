package io.streetgate.analytics.window;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Event-time periods of any calendar (fixed lengths aligned to the epoch, or local days across daylight
 * saving changes), each holding one accumulator per key, closed in time order when the watermark passes
 * their end plus the allowed lateness. The building block of the analyzers. Not thread-safe.
 *
 * @param <A> the accumulator type
 */
public final class Periods<A> {

    /** Where periods start and end, in epoch milliseconds. */
    public interface Calendar {
        long startOf(long t);

        long endOf(long start);
    }

    /** Receives a closed period. */
    @FunctionalInterface
    public interface Closed<A> {
        void accept(String key, Instant start, Instant end, A accumulator);
    }

    private final Calendar calendar;
    private final long lateness;
    private final Supplier<A> factory;
    private final TreeMap<Long, Map<String, A>> open = new TreeMap<>();
    private long lateDropped;

    public Periods(Calendar calendar, Duration allowedLateness, Supplier<A> factory) {
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.lateness = allowedLateness.toMillis();
        this.factory = Objects.requireNonNull(factory, "factory");
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness " + allowedLateness + " must not be negative");
        }
    }

    /** Periods of a fixed length aligned to the epoch (so an hour starts on the hour, UTC). */
    public static Calendar fixed(Duration length) {
        long millis = length.toMillis();
        if (millis <= 0) {
            throw new IllegalArgumentException("period " + length + " must be positive");
        }
        return new Calendar() {
            @Override
            public long startOf(long t) {
                return Math.floorDiv(t, millis) * millis;
            }

            @Override
            public long endOf(long start) {
                return start + millis;
            }
        };
    }

    /** Local calendar days in a time zone (23 or 25 hours long across daylight saving changes). */
    public static Calendar days(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return new Calendar() {
            @Override
            public long startOf(long t) {
                LocalDate date = Instant.ofEpochMilli(t).atZone(zone).toLocalDate();
                return date.atStartOfDay(zone).toInstant().toEpochMilli();
            }

            @Override
            public long endOf(long start) {
                LocalDate date = Instant.ofEpochMilli(start).atZone(zone).toLocalDate();
                return date.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
            }
        };
    }

    /** The accumulator of the key's period containing t, or null when that period has closed (counted). */
    public A get(String key, Instant t, Instant watermark) {
        long start = calendar.startOf(t.toEpochMilli());
        if (calendar.endOf(start) + lateness <= watermark.toEpochMilli()) {
            lateDropped++;
            return null;
        }
        return open.computeIfAbsent(start, s -> new HashMap<>()).computeIfAbsent(key, k -> factory.get());
    }

    /** Closes, oldest first and by key within a period, every period the watermark has passed. */
    public void closeUpTo(Instant watermark, Closed<A> sink) {
        long now = watermark.toEpochMilli();
        for (Iterator<Map.Entry<Long, Map<String, A>>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Map<String, A>> period = it.next();
            long start = period.getKey();
            long end = calendar.endOf(start);
            if (end + lateness > now) {
                break;
            }
            Map<String, A> sorted = new LinkedHashMap<>();
            period.getValue().keySet().stream().sorted().forEach(k -> sorted.put(k, period.getValue().get(k)));
            for (Map.Entry<String, A> e : sorted.entrySet()) {
                sink.accept(e.getKey(), Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), e.getValue());
            }
            it.remove();
        }
    }

    public long lateDropped() {
        return lateDropped;
    }

    /** Periods currently open over all keys. */
    public int openAccumulators() {
        int n = 0;
        for (Map<String, A> m : open.values()) {
            n += m.size();
        }
        return n;
    }
}
