package io.streetgate.analytics.water;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Analyzer;
import io.streetgate.analytics.Event;
import io.streetgate.analytics.EventType;
import io.streetgate.analytics.quality.Rejection;
import io.streetgate.analytics.window.Periods;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.Unit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Water meters ({@link Quantity#FLOW}, m³/s, negative when reversed): volume per period, minimum night flow,
 * and events for a suspected leak (MNF above the threshold on consecutive nights, or no zero-flow moment for
 * 24 hours), a burst (a flow far above the recent maximum or above a limit) and reverse flow.
 *
 * <p>Sources: shared/reference/formulas.md "Water" and domain-facts-with-sources.md section 5 (MNF as the
 * lowest rolling 1-hour mean flow in the 02:00-04:00 window; single-property rule: no zero-flow interval in
 * 24 h, or MNF above a threshold on 3+ consecutive nights; a flow far above the recent maximum is a burst;
 * UK Water Industry Report E "Managing Leakage" and IWA water-loss guidance).
 */
public final class WaterAnalyzer implements Analyzer {

    private static final int HISTORY_PERIODS = 24;
    private static final long DAY = Duration.ofDays(1).toMillis();
    /** Share of the minutes of a rolling hour that must have readings for its mean to count. */
    static final double MIN_COVERAGE = 0.75;

    private final WaterConfig config;
    private final long maxGap;
    private final Periods<PeriodAcc> periods;
    private final Periods<NightAcc> nights;
    private final int nightMinutes;
    private final Map<String, Meter> meters = new HashMap<>();
    private final List<AnalyticsRecord> pending = new ArrayList<>();

    public WaterAnalyzer(WaterConfig config) {
        this.config = config;
        this.maxGap = config.maxGap().toMillis();
        this.periods = new Periods<>(Periods.fixed(config.period()), config.allowedLateness(), PeriodAcc::new);
        this.nightMinutes = (int) Duration.between(config.nightStart(), config.nightEnd()).toMinutes();
        this.nights = new Periods<>(nightCalendar(), config.allowedLateness(), () -> new NightAcc(nightMinutes));
    }

    private Periods.Calendar nightCalendar() {
        return new Periods.Calendar() {
            @Override
            public long startOf(long t) {
                LocalDate date = Instant.ofEpochMilli(t).atZone(config.zone()).toLocalDate();
                return date.atTime(config.nightStart()).atZone(config.zone()).toInstant().toEpochMilli();
            }

            @Override
            public long endOf(long start) {
                LocalDate date = Instant.ofEpochMilli(start).atZone(config.zone()).toLocalDate();
                return date.atTime(config.nightEnd()).atZone(config.zone()).toInstant().toEpochMilli();
            }
        };
    }

    @Override
    public void accept(Measurement m, Instant watermark) {
        if (m.quantity() != Quantity.FLOW || Rejection.isRejected(m.quality()) || !Double.isFinite(m.value())) {
            return;
        }
        String id = m.sourceId();
        long t = m.timestamp().toEpochMilli();
        double v = m.value();
        Meter meter = meters.computeIfAbsent(id, k -> new Meter(t));
        if (meter.hasLast && t < meter.lastTime) {
            // out of order: its period statistics still count, but volume and rules follow the stream
            PeriodAcc acc = periods.get(id, m.timestamp(), watermark);
            if (acc != null) {
                acc.reading(v);
            }
            return;
        }
        PeriodAcc acc = periods.get(id, m.timestamp(), watermark);
        if (acc != null) {
            acc.reading(v);
        }
        if (meter.hasLast && t - meter.lastTime <= maxGap) {
            integrate(id, meter.lastTime, meter.lastValue, t, v, watermark);
        }
        ZonedDateTime local = m.timestamp().atZone(config.zone());
        LocalTime time = local.toLocalTime();
        if (!time.isBefore(config.nightStart()) && time.isBefore(config.nightEnd())) {
            NightAcc night = nights.get(id, m.timestamp(), watermark);
            if (night != null) {
                int minute = (int) Duration.between(config.nightStart(), time).toMinutes();
                night.sum[minute] += v;
                night.count[minute]++;
            }
        }
        rules(id, meter, m.timestamp(), t, v);
        meter.hasLast = true;
        meter.lastTime = t;
        meter.lastValue = v;
    }

    private void rules(String id, Meter meter, Instant at, long t, double v) {
        if (v <= config.zeroFlow()) {
            meter.lastZero = t;
            meter.continuousReported = false;
        } else if (t - meter.lastZero >= DAY && !meter.continuousReported) {
            meter.continuousReported = true;
            pending.add(event(EventType.CONTINUOUS_FLOW, id, Instant.ofEpochMilli(meter.lastZero), at, v, config.zeroFlow(),
                    "no zero-flow moment for 24 hours"));
        }
        double threshold = burstThreshold(meter);
        if (v > threshold) {
            if (!meter.inBurst) {
                meter.inBurst = true;
                pending.add(event(EventType.BURST, id, at, at, v, threshold, "flow far above the recent maximum"));
            }
        } else {
            meter.inBurst = false;
        }
        if (v < -config.reverseThreshold()) {
            if (!meter.inReverse) {
                meter.inReverse = true;
                pending.add(event(EventType.REVERSE_FLOW, id, at, at, v, -config.reverseThreshold(), "water flowing backwards"));
            }
        } else {
            meter.inReverse = false;
        }
    }

    private double burstThreshold(Meter meter) {
        double threshold = Double.isNaN(config.burstLimit()) ? Double.POSITIVE_INFINITY : config.burstLimit();
        if (!Double.isNaN(config.burstFactor()) && meter.history.size() >= HISTORY_PERIODS) {
            double recentMax = 0;
            for (double max : meter.history) {
                recentMax = Math.max(recentMax, max);
            }
            if (recentMax > 0) {
                threshold = Math.min(threshold, config.burstFactor() * recentMax);
            }
        }
        return threshold;
    }

    private static Event event(EventType type, String id, Instant start, Instant end, double value, double limit,
                               String detail) {
        return new Event(type, id, Quantity.FLOW, Unit.CUBIC_METRE_PER_SECOND, start, end, value, limit, detail);
    }

    /** Trapezoidal volume of the linear flow between two readings, split at period ends and at zero. */
    private void integrate(String id, long t1, double v1, long t2, double v2, Instant watermark) {
        long a = t1;
        long periodMillis = config.period().toMillis();
        while (a < t2) {
            long b = Math.min(t2, Math.floorDiv(a, periodMillis) * periodMillis + periodMillis);
            double va = v1 + (v2 - v1) * (a - t1) / (t2 - t1);
            double vb = v1 + (v2 - v1) * (b - t1) / (t2 - t1);
            PeriodAcc acc = periods.get(id, Instant.ofEpochMilli(a), watermark);
            if (acc != null) {
                double seconds = (b - a) / 1000.0;
                if (va >= 0 && vb >= 0) {
                    acc.volume += (va + vb) / 2 * seconds;
                } else if (va <= 0 && vb <= 0) {
                    acc.reverseVolume -= (va + vb) / 2 * seconds;
                } else {
                    double f = va / (va - vb); // share of the chunk before the flow crosses zero
                    double first = va / 2 * f * seconds;
                    double second = vb / 2 * (1 - f) * seconds;
                    acc.volume += Math.max(first, 0) + Math.max(second, 0);
                    acc.reverseVolume -= Math.min(first, 0) + Math.min(second, 0);
                }
            }
            a = b;
        }
    }

    @Override
    public List<AnalyticsRecord> advanceTo(Instant watermark) {
        List<AnalyticsRecord> out = new ArrayList<>(pending);
        pending.clear();
        periods.closeUpTo(watermark, (id, start, end, acc) -> {
            out.add(new WaterPeriod(id, start, end, acc.readings, acc.volume, acc.reverseVolume,
                    acc.readings > 0 ? acc.sum / acc.readings : Double.NaN,
                    acc.readings > 0 ? acc.min : Double.NaN, acc.readings > 0 ? acc.max : Double.NaN));
            Meter meter = meters.get(id);
            if (meter != null && acc.readings > 0) {
                meter.history.add(acc.max);
                if (meter.history.size() > HISTORY_PERIODS) {
                    meter.history.remove(0);
                }
            }
        });
        nights.closeUpTo(watermark, (id, start, end, night) -> {
            double mnf = night.minimumRollingMean((int) WaterConfig.MNF_ROLLING.toMinutes());
            // a meter forgotten while its night was still open (a reading far behind the others) starts afresh
            Meter meter = meters.computeIfAbsent(id, k -> new Meter(start.toEpochMilli()));
            if (!Double.isNaN(mnf) && !Double.isNaN(config.leakThreshold())) {
                meter.nightsAbove = mnf > config.leakThreshold() ? meter.nightsAbove + 1 : 0;
            }
            boolean suspected = meter.nightsAbove >= config.leakNights();
            out.add(new NightFlow(id, start.atZone(config.zone()).toLocalDate(), start, end, mnf, meter.nightsAbove,
                    suspected));
            if (meter.nightsAbove == config.leakNights()) {
                out.add(event(EventType.LEAK_SUSPECTED, id, start, end, mnf, config.leakThreshold(),
                        "minimum night flow above the threshold on " + config.leakNights() + " consecutive nights"));
            }
        });
        return out;
    }

    @Override
    public long lateDropped() {
        return periods.lateDropped();
    }

    /** A meter silent since before silentBefore starts afresh: its burst history and leak nights are forgotten. */
    @Override
    public int forgetIdle(Instant silentBefore) {
        int before = meters.size();
        meters.values().removeIf(m -> (m.hasLast ? m.lastTime : m.lastZero) < silentBefore.toEpochMilli());
        return before - meters.size();
    }

    private static final class PeriodAcc {
        long readings;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double volume;
        double reverseVolume;

        void reading(double v) {
            readings++;
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
    }

    /** Per-minute sums over the night window. */
    static final class NightAcc {
        final double[] sum;
        final int[] count;

        NightAcc(int minutes) {
            sum = new double[minutes];
            count = new int[minutes];
        }

        /** Lowest mean over {@code window} consecutive minutes (each minute's mean weighs the same). */
        double minimumRollingMean(int window) {
            double best = Double.NaN;
            for (int startMinute = 0; startMinute + window <= sum.length; startMinute++) {
                double total = 0;
                int minutes = 0;
                for (int i = startMinute; i < startMinute + window; i++) {
                    if (count[i] > 0) {
                        total += sum[i] / count[i];
                        minutes++;
                    }
                }
                if (minutes >= MIN_COVERAGE * window) {
                    double mean = total / minutes;
                    if (Double.isNaN(best) || mean < best) {
                        best = mean;
                    }
                }
            }
            return best;
        }
    }

    private static final class Meter {
        boolean hasLast;
        long lastTime;
        double lastValue;
        long lastZero;
        boolean continuousReported;
        boolean inBurst;
        boolean inReverse;
        int nightsAbove;
        final List<Double> history = new ArrayList<>();

        Meter(long firstSeen) {
            this.lastZero = firstSeen;
        }
    }
}
