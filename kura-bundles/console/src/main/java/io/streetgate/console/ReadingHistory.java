package io.streetgate.console;

import io.streetgate.driver.Measurement;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last hour of every sensor's quantities for the live page: the latest reading, and one mean per
 * {@link #BUCKET} of gateway time for the chart. Bounded: at most {@link #MAX_SERIES} series of
 * {@code HOUR / BUCKET} points each; readings of further series are not kept.
 */
public final class ReadingHistory {

    static final Duration HOUR = Duration.ofHours(1);
    static final Duration BUCKET = Duration.ofSeconds(30);
    static final int MAX_SERIES = 256;

    private static final class Series {
        final String source;
        final String quantity;
        final String unit;
        final Deque<double[]> points = new ArrayDeque<>();   // {bucket start epoch ms, sum, count}
        double latest;
        Instant latestAt;
        boolean latestGood;
        long sequence;

        Series(String source, String quantity, String unit) {
            this.source = source;
            this.quantity = quantity;
            this.unit = unit;
        }
    }

    private final Map<String, Series> series = new TreeMap<>();
    private long sequence;

    public synchronized void add(Measurement m) {
        if (!Double.isFinite(m.value())) {
            return;   // JSON has no NaN; a reading without a number has nothing to draw
        }
        String key = m.sourceId() + "/" + m.quantity().name();
        Series s = series.get(key);
        if (s == null) {
            if (series.size() >= MAX_SERIES) {
                return;
            }
            s = new Series(m.sourceId(), m.quantity().name(), m.unit().senml());
            series.put(key, s);
        }
        long bucket = m.timestamp().toEpochMilli() / BUCKET.toMillis() * BUCKET.toMillis();
        double[] last = s.points.peekLast();
        if (last != null && (long) last[0] == bucket) {
            last[1] += m.value();
            last[2]++;
        } else if (last == null || bucket > (long) last[0]) {
            s.points.addLast(new double[]{bucket, m.value(), 1});
        }
        long oldest = bucket - HOUR.toMillis();
        while (!s.points.isEmpty() && (long) s.points.peekFirst()[0] < oldest) {
            s.points.removeFirst();
        }
        s.latest = m.value();
        s.latestAt = m.timestamp();
        s.latestGood = m.quality().isGood();
        s.sequence = ++sequence;
    }

    /** The sequence of the newest reading; {@link #since} with it returns only newer ones. */
    public synchronized long sequence() {
        return sequence;
    }

    /** Every series' latest value changed after {@code after}: source, quantity, unit, value, at, good. */
    public synchronized List<Map<String, Object>> since(long after) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Series s : series.values()) {
            if (s.sequence > after) {
                out.add(latest(s));
            }
        }
        return out;
    }

    /** Every series with its latest reading and its points: [[epoch ms, mean], ...]. */
    public synchronized List<Map<String, Object>> all() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Series s : series.values()) {
            Map<String, Object> m = latest(s);
            List<List<Number>> points = new ArrayList<>();
            for (double[] p : s.points) {
                points.add(List.of((long) p[0], p[1] / p[2]));
            }
            m.put("points", points);
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> latest(Series s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", s.source);
        m.put("quantity", s.quantity);
        m.put("unit", s.unit);
        m.put("value", s.latest);
        m.put("at", s.latestAt.toString());
        m.put("good", s.latestGood);
        return m;
    }
}
