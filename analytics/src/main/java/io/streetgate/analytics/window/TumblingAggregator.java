package io.streetgate.analytics.window;

import io.streetgate.analytics.Summary;
import io.streetgate.analytics.quality.Rejection;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Unit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Event-time tumbling windows of a fixed length, per source and quantity, producing {@link Summary}s with
 * count, min, mean, max, sample standard deviation and percentiles (for a state the device reports, the value
 * read last instead: {@link WindowStats#toSummary}). A window closes when the watermark
 * passes its end plus the allowed lateness; readings for a closed window are counted as late and dropped.
 * Readings with a rejecting quality flag ({@link Rejection}) or a non-finite value are not aggregated.
 * Memory per open window is bounded by its {@link PercentileConfig}. Not thread-safe: one owner feeds and
 * advances it.
 */
public final class TumblingAggregator implements WindowAggregator {

    private final long windowMillis;
    private final long latenessMillis;
    private final PercentileConfig percentiles;
    private final Map<SeriesKey, Series> open = new HashMap<>();
    private long lateDropped;
    private int openWindows;

    /** Windows of any positive length with the default percentile configuration. */
    public TumblingAggregator(Duration window, Duration allowedLateness) {
        this(window, allowedLateness, PercentileConfig.DEFAULT);
    }

    /** Windows from a validated configuration; its slide must equal its size. */
    public TumblingAggregator(WindowConfig config) {
        this(config.size(), config.allowedLateness(), config.percentiles());
        if (!config.isTumbling()) {
            throw new IllegalArgumentException("analytics.windows[].slide = " + config.slide()
                    + " differs from size " + config.size() + ": use a SlidingAggregator");
        }
    }

    private TumblingAggregator(Duration window, Duration allowedLateness, PercentileConfig percentiles) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window " + window + " must be positive");
        }
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness " + allowedLateness + " must not be negative");
        }
        this.windowMillis = window.toMillis();
        this.latenessMillis = allowedLateness.toMillis();
        this.percentiles = percentiles;
    }

    /** Adds a reading to its window. Readings with rejecting quality flags are not aggregated. */
    @Override
    public void accept(Measurement m, Instant watermark) {
        if (Rejection.isRejected(m.quality()) || !Double.isFinite(m.value())) {
            return;
        }
        long t = m.timestamp().toEpochMilli();
        long start = Math.floorDiv(t, windowMillis) * windowMillis;
        if (start + windowMillis + latenessMillis <= watermark.toEpochMilli()) {
            lateDropped++;
            return;
        }
        SeriesKey key = new SeriesKey(m.sourceId(), m.quantity());
        Series series = open.get(key);
        if (series == null) {
            series = new Series(m.unit());
            open.put(key, series);
        }
        WindowStats stats = series.window(start);
        if (stats == null) {
            stats = new WindowStats(percentiles);
            series.put(start, stats);
            openWindows++;
        }
        stats.add(m.value(), t);
    }

    /** Closes every window whose end plus allowed lateness is at or before the watermark, in {@link #CLOSING_ORDER}. */
    @Override
    public List<Summary> advanceTo(Instant watermark) {
        long now = watermark.toEpochMilli();
        List<Summary> closed = new ArrayList<>();
        for (Iterator<Map.Entry<SeriesKey, Series>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<SeriesKey, Series> entry = it.next();
            Series series = entry.getValue();
            for (int i = 0; i < series.size; ) {
                long start = series.starts[i];
                if (start + windowMillis + latenessMillis <= now) {
                    closed.add(series.stats[i].toSummary(entry.getKey().sourceId(), entry.getKey().quantity(),
                            series.unit, Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + windowMillis)));
                    series.remove(i);
                    openWindows--;
                } else {
                    i++;
                }
            }
            if (series.size == 0) {
                it.remove();
            }
        }
        closed.sort(CLOSING_ORDER);
        return closed;
    }

    /** Readings that arrived after their window had closed. */
    @Override
    public long lateDropped() {
        return lateDropped;
    }

    /** Number of windows currently open. */
    public int openWindows() {
        return openWindows;
    }

    /** Approximate bytes held by the open windows, for memory accounting and health. */
    public long retainedBytes() {
        long bytes = 0;
        for (Series series : open.values()) {
            bytes += 96;
            for (int i = 0; i < series.size; i++) {
                bytes += 16 + series.stats[i].retainedBytes();
            }
        }
        return bytes;
    }

    /** The open windows of one series: usually one, a few while late readings are allowed. */
    private static final class Series {
        private final Unit unit;
        private long[] starts = new long[2];
        private WindowStats[] stats = new WindowStats[2];
        private int size;
        private int last;

        Series(Unit unit) {
            this.unit = unit;
        }

        WindowStats window(long start) {
            if (last < size && starts[last] == start) {
                return stats[last];
            }
            for (int i = 0; i < size; i++) {
                if (starts[i] == start) {
                    last = i;
                    return stats[i];
                }
            }
            return null;
        }

        void put(long start, WindowStats s) {
            if (size == starts.length) {
                starts = java.util.Arrays.copyOf(starts, size * 2);
                stats = java.util.Arrays.copyOf(stats, size * 2);
            }
            starts[size] = start;
            stats[size] = s;
            last = size;
            size++;
        }

        void remove(int i) {
            System.arraycopy(starts, i + 1, starts, i, size - i - 1);
            System.arraycopy(stats, i + 1, stats, i, size - i - 1);
            size--;
            stats[size] = null;
            last = 0;
        }
    }
}
