package io.streetgate.analytics.window;

import io.streetgate.analytics.Summary;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Event-time tumbling windows of a fixed length, per source and quantity, producing min/mean/max/count.
 * A window closes when the watermark passes its end plus the allowed lateness; readings for a closed window
 * are counted as late and dropped. Not thread-safe: one owner feeds and advances it.
 */
public final class TumblingAggregator {

    private final long windowMillis;
    private final long latenessMillis;
    private final Map<Key, Map<Long, Accumulator>> open = new HashMap<>();
    private long lateDropped;

    public TumblingAggregator(Duration window, Duration allowedLateness) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window " + window + " must be positive");
        }
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness " + allowedLateness + " must not be negative");
        }
        this.windowMillis = window.toMillis();
        this.latenessMillis = allowedLateness.toMillis();
    }

    /** Adds a reading to its window. Readings with bad quality are not aggregated. */
    public void accept(Measurement m, Instant watermark) {
        if (!m.quality().isGood() || !Double.isFinite(m.value())) {
            return;
        }
        long t = m.timestamp().toEpochMilli();
        long start = Math.floorDiv(t, windowMillis) * windowMillis;
        if (start + windowMillis + latenessMillis <= watermark.toEpochMilli()) {
            lateDropped++;
            return;
        }
        open.computeIfAbsent(new Key(m.sourceId(), m.quantity()), k -> new HashMap<>(4))
                .computeIfAbsent(start, s -> new Accumulator(m))
                .add(m.value());
    }

    /** Closes every window whose end plus allowed lateness is at or before the watermark. */
    public List<Summary> advanceTo(Instant watermark) {
        long now = watermark.toEpochMilli();
        List<Summary> closed = new ArrayList<>();
        for (Iterator<Map.Entry<Key, Map<Long, Accumulator>>> keys = open.entrySet().iterator(); keys.hasNext(); ) {
            Map.Entry<Key, Map<Long, Accumulator>> entry = keys.next();
            for (Iterator<Map.Entry<Long, Accumulator>> it = entry.getValue().entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Long, Accumulator> window = it.next();
                long start = window.getKey();
                if (start + windowMillis + latenessMillis <= now) {
                    closed.add(window.getValue().toSummary(start, start + windowMillis));
                    it.remove();
                }
            }
            if (entry.getValue().isEmpty()) {
                keys.remove();
            }
        }
        closed.sort((a, b) -> a.start().compareTo(b.start()));
        return closed;
    }

    /** Readings that arrived after their window had closed. */
    public long lateDropped() {
        return lateDropped;
    }

    /** Number of windows currently open. */
    public int openWindows() {
        int n = 0;
        for (Map<Long, Accumulator> windows : open.values()) {
            n += windows.size();
        }
        return n;
    }

    private record Key(String sourceId, Quantity quantity) {
        Key {
            Objects.requireNonNull(sourceId);
        }
    }

    private static final class Accumulator {
        private final Measurement first;
        private long count;
        private double sum;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;

        Accumulator(Measurement first) {
            this.first = first;
        }

        void add(double v) {
            count++;
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }

        Summary toSummary(long start, long end) {
            return new Summary(first.sourceId(), first.quantity(), first.unit(), Instant.ofEpochMilli(start),
                    Instant.ofEpochMilli(end), count, min, sum / count, max);
        }
    }
}
