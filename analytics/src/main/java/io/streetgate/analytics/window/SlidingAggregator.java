package io.streetgate.analytics.window;

import io.streetgate.analytics.Summary;
import io.streetgate.analytics.quality.Rejection;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Unit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Event-time sliding (hopping) windows per source and quantity: windows of length {@code size} start every
 * {@code slide}, so each reading belongs to {@code size/slide} windows. Readings are kept once, in panes of
 * one slide each, and a window's summary merges its panes when it closes, so memory per series is at most
 * {@code size/slide + 1} bounded panes (see {@link WindowStats}). A window closes when the watermark passes
 * its end plus the allowed lateness; a reading is late, dropped and counted, only when every window
 * containing it has closed. Windows without readings produce nothing. Not thread-safe.
 */
public final class SlidingAggregator implements WindowAggregator {

    private final long size;
    private final long slide;
    private final long lateness;
    private final PercentileConfig percentiles;
    private final Map<SeriesKey, Series> open = new HashMap<>();
    private long lateDropped;

    public SlidingAggregator(WindowConfig config) {
        this.size = config.size().toMillis();
        this.slide = config.slide().toMillis();
        this.lateness = config.allowedLateness().toMillis();
        this.percentiles = config.percentiles();
    }

    /** Adds a reading to its pane. Readings with rejecting quality flags are not aggregated. */
    @Override
    public void accept(Measurement m, Instant watermark) {
        if (Rejection.isRejected(m.quality()) || !Double.isFinite(m.value())) {
            return;
        }
        long t = m.timestamp().toEpochMilli();
        long pane = Math.floorDiv(t, slide) * slide;
        // the last window containing this pane starts at the pane itself
        long now = watermark.toEpochMilli();
        if (pane + size + lateness <= now) {
            lateDropped++;
            return;
        }
        Series series = open.computeIfAbsent(new SeriesKey(m.sourceId(), m.quantity()), k -> new Series(m.unit()));
        series.panes.computeIfAbsent(pane, p -> new WindowStats(percentiles)).add(m.value(), t);
        // the first window containing this pane starts (size/slide − 1) slides before it; windows that
        // closed already (by this watermark or an earlier advance) are never emitted twice
        long firstOpen = Math.floorDiv(now - lateness - size, slide) * slide + slide;
        long first = Math.max(pane - size + slide, Math.max(firstOpen, series.emittedUpTo));
        if (series.nextStart == Long.MIN_VALUE || first < series.nextStart) {
            series.nextStart = first;
        }
    }

    /** Closes every window whose end plus allowed lateness is at or before the watermark, in {@link #CLOSING_ORDER}. */
    @Override
    public List<Summary> advanceTo(Instant watermark) {
        long now = watermark.toEpochMilli();
        // the latest window start that may close: start + size + lateness <= now
        long lastClosable = Math.floorDiv(now - lateness - size, slide) * slide;
        List<Summary> closed = new ArrayList<>();
        for (Iterator<Map.Entry<SeriesKey, Series>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<SeriesKey, Series> entry = it.next();
            Series s = entry.getValue();
            long start = s.nextStart;
            while (start <= lastClosable && !s.panes.isEmpty()) {
                long firstPane = s.panes.firstKey();
                if (firstPane >= start + size) {
                    start = firstPane - size + slide; // skip windows without readings
                    continue;
                }
                NavigableMap<Long, WindowStats> inWindow = s.panes.subMap(start, true, start + size, false);
                WindowStats merged = new WindowStats(percentiles);
                for (WindowStats pane : inWindow.values()) {
                    merged.merge(pane);
                }
                if (merged.count() > 0) {
                    closed.add(merged.toSummary(entry.getKey().sourceId(), entry.getKey().quantity(), s.unit,
                            Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + size)));
                }
                start += slide;
                s.panes.headMap(start, false).clear(); // panes no later window contains
            }
            s.nextStart = start;
            s.emittedUpTo = Math.max(s.emittedUpTo, start);
            if (s.panes.isEmpty()) {
                it.remove();
            }
        }
        closed.sort(CLOSING_ORDER);
        return closed;
    }

    /** Readings that arrived after every window containing them had closed. */
    @Override
    public long lateDropped() {
        return lateDropped;
    }

    /** Panes currently held over all series (each pane is one slide of one series). */
    public int openPanes() {
        int n = 0;
        for (Series s : open.values()) {
            n += s.panes.size();
        }
        return n;
    }

    private static final class Series {
        private final Unit unit;
        private final TreeMap<Long, WindowStats> panes = new TreeMap<>();
        private long nextStart = Long.MIN_VALUE;
        private long emittedUpTo = Long.MIN_VALUE;

        Series(Unit unit) {
            this.unit = unit;
        }
    }
}
