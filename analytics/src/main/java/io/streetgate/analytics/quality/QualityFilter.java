package io.streetgate.analytics.quality;

import io.streetgate.analytics.window.SeriesKey;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quality;
import io.streetgate.driver.QualityFlag;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks each reading against its quantity's {@link QuantityRules} and returns it with the flags it earned:
 * range, rate of change, Hampel outlier, stuck, flat line at a rail, gap before. The value is never changed
 * and no reading is dropped here; a reading with a rejecting flag ({@link Rejection}) is counted under each
 * of its flags and the windows skip it. State is kept per source and quantity, bounded by the Hampel window.
 * Not thread-safe: one owner feeds it, in event-time order per series (older readings get the range check
 * only and are counted as out of order).
 */
public final class QualityFilter {

    /** Consecutive rate-of-change rejections after which the filter accepts the new level as real. */
    static final int RATE_REANCHOR_AFTER = 3;

    private static final int RANGE = 1 << QualityFlag.OUT_OF_RANGE.ordinal();
    private static final int RATE = 1 << QualityFlag.RATE_OF_CHANGE.ordinal();
    private static final int OUTLIER = 1 << QualityFlag.OUTLIER.ordinal();
    private static final int STUCK = 1 << QualityFlag.STUCK.ordinal();
    private static final int FLAT = 1 << QualityFlag.FLAT_LINE.ordinal();
    private static final int GAP = 1 << QualityFlag.GAP_BEFORE.ordinal();
    private static final QualityFlag[] FLAGS = QualityFlag.values();

    private final QualityConfig config;
    private final Map<SeriesKey, SeriesState> series = new HashMap<>();
    private final long[] total = new long[FLAGS.length];
    private long seen;
    private long rejected;
    private long missed;
    private long outOfOrder;

    public QualityFilter(QualityConfig config) {
        this.config = config;
    }

    /** The reading with the flags it earned added to those it had; the same object when none were added. */
    public Measurement apply(Measurement m) {
        SeriesKey key = new SeriesKey(m.sourceId(), m.quantity());
        SeriesState s = series.get(key);
        if (s == null) {
            s = new SeriesState(config.rulesFor(m.quantity()));
            series.put(key, s);
        }
        long t = m.timestamp().toEpochMilli();
        s.newest = Math.max(s.newest, t);
        int added = check(s, m.value(), t);
        Quality quality = m.quality();
        if ((quality.bits() | added) != quality.bits()) {
            quality = Quality.fromBits(quality.bits() | added);
            m = m.withQuality(quality);
        }
        count(s, quality);
        return m;
    }

    /**
     * Forgets every series whose newest reading is before {@code silentBefore}: its rules' state and its own
     * counters (the totals keep them). A series that reports again starts afresh, so the gap before it is not
     * flagged; state stays bounded by the series still reporting.
     *
     * @return how many series were forgotten
     */
    public int forgetIdle(Instant silentBefore) {
        int before = series.size();
        long cutoff = silentBefore.toEpochMilli();
        series.values().removeIf(s -> s.newest < cutoff);
        return before - series.size();
    }

    /** Series it holds state for. */
    public int series() {
        return series.size();
    }

    /** Totals over every series. */
    public QualityCounters counters() {
        return snapshot(total, seen, rejected, missed, outOfOrder);
    }

    /** Counters of one series; all zero when it has not been seen. */
    public QualityCounters counters(SeriesKey key) {
        SeriesState s = series.get(key);
        if (s == null) {
            return snapshot(new long[FLAGS.length], 0, 0, 0, 0);
        }
        return snapshot(s.byFlag, s.seen, s.rejected, s.missed, s.outOfOrder);
    }

    private static QualityCounters snapshot(long[] byFlag, long seen, long rejected, long missed, long late) {
        Map<QualityFlag, Long> map = new EnumMap<>(QualityFlag.class);
        for (int i = 0; i < byFlag.length; i++) {
            if (byFlag[i] > 0) {
                map.put(FLAGS[i], byFlag[i]);
            }
        }
        return new QualityCounters(seen, rejected, map, missed, late);
    }

    private void count(SeriesState s, Quality quality) {
        seen++;
        s.seen++;
        int bits = quality.bits();
        if (Rejection.isRejected(quality)) {
            rejected++;
            s.rejected++;
        }
        while (bits != 0) {
            int i = Integer.numberOfTrailingZeros(bits);
            total[i]++;
            s.byFlag[i]++;
            bits &= bits - 1;
        }
    }

    private int check(SeriesState s, double v, long t) {
        QuantityRules r = s.rules;
        if (!Double.isFinite(v)) {
            return RANGE;
        }
        int flags = 0;
        if ((!Double.isNaN(r.min()) && v < r.min()) || (!Double.isNaN(r.max()) && v > r.max())) {
            flags |= RANGE;
        }
        if (s.hasLast && t < s.lastTime) {
            s.outOfOrder++;
            outOfOrder++;
            return flags;
        }
        if (r.gap() != null && s.hasLast) {
            long expected = r.gap().expectedInterval().toMillis();
            long dt = t - s.lastTime;
            if (dt > r.gap().factor() * expected) {
                flags |= GAP;
                long lost = Math.max(1, Math.round((double) dt / expected) - 1);
                s.missed += lost;
                missed += lost;
            }
        }
        s.hasLast = true;
        s.lastTime = t;
        if ((flags & RANGE) != 0) {
            // an out-of-range value says nothing about rate, spread or a stuck sensor: keep it out of the state
            s.stuckCount = 0;
            return flags;
        }
        if (!Double.isNaN(r.maxRatePerSecond()) && s.hasRef && t > s.refTime) {
            double rate = Math.abs(v - s.refValue) * 1000.0 / (t - s.refTime);
            if (rate > r.maxRatePerSecond()) {
                flags |= RATE;
                if (++s.rateRejections >= RATE_REANCHOR_AFTER) {
                    // a real step (sensor moved, valve opened): accept the new level from now on
                    s.hasRef = false;
                }
            }
        }
        if (r.hampel() != null) {
            flags |= s.hampel(v, r.hampel());
        }
        if (r.stuck() != null) {
            StuckRule rule = r.stuck();
            if (s.stuckCount > 0 && Math.abs(v - s.stuckValue) <= rule.epsilon()) {
                s.stuckCount++;
            } else {
                s.stuckValue = v;
                s.stuckSince = t;
                s.stuckCount = 1;
            }
            if (s.stuckCount >= rule.minSamples() && t - s.stuckSince >= rule.minDuration().toMillis()) {
                flags |= STUCK;
            }
        }
        if (r.flatLine() != null) {
            s.railCount = r.flatLine().onRail(v) ? s.railCount + 1 : 0;
            if (s.railCount >= r.flatLine().minSamples()) {
                flags |= FLAT;
            }
        }
        if ((flags & (RATE | OUTLIER)) == 0 || !s.hasRef) {
            // the reference for the rate check is the last reading that passed it (or the new level)
            s.hasRef = true;
            s.refValue = v;
            s.refTime = t;
            s.rateRejections = 0;
        }
        return flags;
    }

    private static final class SeriesState {
        final QuantityRules rules;
        final long[] byFlag = new long[FLAGS.length];
        /** The latest event time seen, whatever the reading's flags. */
        long newest = Long.MIN_VALUE;
        long seen;
        long rejected;
        long missed;
        long outOfOrder;
        boolean hasLast;
        long lastTime;
        boolean hasRef;
        double refValue;
        long refTime;
        int rateRejections;
        double stuckValue;
        long stuckSince;
        int stuckCount;
        int railCount;
        double[] ring;
        double[] scratch;
        int ringSize;
        int ringPos;

        SeriesState(QuantityRules rules) {
            this.rules = rules;
            if (rules.hampel() != null) {
                ring = new double[2 * rules.hampel().halfWindow()];
                scratch = new double[ring.length];
            }
        }

        /** Judges v against the previous 2k readings, then adds it to them. */
        int hampel(double v, HampelRule rule) {
            int flag = 0;
            if (ringSize == ring.length) {
                System.arraycopy(ring, 0, scratch, 0, ringSize);
                double median = median(scratch, ringSize);
                for (int i = 0; i < ringSize; i++) {
                    scratch[i] = Math.abs(ring[i] - median);
                }
                double sigma = HampelRule.MAD_TO_SIGMA * median(scratch, ringSize);
                if (Math.abs(v - median) > rule.threshold() * Math.max(sigma, rule.minSigma())) {
                    flag = OUTLIER;
                }
            }
            ring[ringPos] = v;
            ringPos = (ringPos + 1) % ring.length;
            if (ringSize < ring.length) {
                ringSize++;
            }
            return flag;
        }

        /** Median of the first n values; sorts them in place. */
        static double median(double[] values, int n) {
            Arrays.sort(values, 0, n);
            return (n & 1) == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        }
    }
}
