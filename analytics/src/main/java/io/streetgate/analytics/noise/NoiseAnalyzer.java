package io.streetgate.analytics.noise;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Analyzer;
import io.streetgate.analytics.Event;
import io.streetgate.analytics.EventType;
import io.streetgate.analytics.quality.Rejection;
import io.streetgate.analytics.window.PercentileConfig;
import io.streetgate.analytics.window.Periods;
import io.streetgate.analytics.window.QuantileSketch;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.Unit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Noise indicators from sound level samples ({@link Quantity#SOUND_LEVEL}, dB(A), one sample per equal
 * interval as a sound level meter reports them): per period LAeq (energy average), LAmax, L10, L50 and L90;
 * per local day Lday, Levening, Lnight and Lden; and {@link EventType#NOISE_EXCEEDANCE} events when a
 * period's LAeq exceeds the limit for the part of the day it starts in, or a sample exceeds the LAmax limit.
 * Statistical levels are exact up to 128 samples per period and within ±0.05 % (0.05 dB at 100 dB) beyond,
 * in at most a few kilobytes per source and period. Raw samples are not kept.
 */
public final class NoiseAnalyzer implements Analyzer {

    /** Exact up to 128 samples, then relative accuracy 0.05 %: 0.05 dB at 100 dB. */
    static final PercentileConfig LEVELS = new PercentileConfig(128, 0.0005, 8192);

    private final NoiseConfig config;
    private final Periods<PeriodAcc> periods;
    private final Periods<double[]> days;

    public NoiseAnalyzer(NoiseConfig config) {
        this.config = config;
        Periods.Calendar calendar = config.period().equals(Duration.ofDays(1))
                ? Periods.days(config.zone()) : Periods.fixed(config.period());
        this.periods = new Periods<>(calendar, config.allowedLateness(), PeriodAcc::new);
        // day, evening, night: energy sum and sample count each
        this.days = new Periods<>(Periods.days(config.zone()), config.allowedLateness(), () -> new double[6]);
    }

    @Override
    public void accept(Measurement m, Instant watermark) {
        if (m.quantity() != Quantity.SOUND_LEVEL || Rejection.isRejected(m.quality()) || !Double.isFinite(m.value())) {
            return;
        }
        double energy = SoundLevels.energy(m.value());
        PeriodAcc p = periods.get(m.sourceId(), m.timestamp(), watermark);
        if (p != null) {
            p.add(m.value(), energy, m.timestamp());
        }
        double[] day = days.get(m.sourceId(), m.timestamp(), watermark);
        if (day != null) {
            LocalTime local = m.timestamp().atZone(config.zone()).toLocalTime();
            int slot = 2 * config.lden().periodOf(local).ordinal();
            day[slot] += energy;
            day[slot + 1]++;
        }
    }

    @Override
    public List<AnalyticsRecord> advanceTo(Instant watermark) {
        List<AnalyticsRecord> out = new ArrayList<>();
        periods.closeUpTo(watermark, (source, start, end, p) -> {
            NoiseLevels levels = new NoiseLevels(source, start, end, p.count, SoundLevels.level(p.energy / p.count),
                    p.max, p.levels.quantile(0.90), p.levels.quantile(0.50), p.levels.quantile(0.10));
            out.add(levels);
            LdenPeriods.Period part = config.lden().periodOf(start.atZone(config.zone()).toLocalTime());
            double limit = config.limitFor(part);
            if (!Double.isNaN(limit) && levels.laeq() > limit) {
                out.add(new Event(EventType.NOISE_EXCEEDANCE, source, Quantity.SOUND_LEVEL, Unit.DECIBEL_A, start, end,
                        levels.laeq(), limit, "LAeq over " + config.period() + " above the " + part.name().toLowerCase()
                        + " limit"));
            }
            if (!Double.isNaN(config.limitLAmax()) && p.max > config.limitLAmax()) {
                out.add(new Event(EventType.NOISE_EXCEEDANCE, source, Quantity.SOUND_LEVEL, Unit.DECIBEL_A, p.maxAt,
                        p.maxAt, p.max, config.limitLAmax(), "LAmax above its limit"));
            }
        });
        days.closeUpTo(watermark, (source, start, end, d) -> {
            double lday = d[1] > 0 ? SoundLevels.level(d[0] / d[1]) : Double.NaN;
            double levening = d[3] > 0 ? SoundLevels.level(d[2] / d[3]) : Double.NaN;
            double lnight = d[5] > 0 ? SoundLevels.level(d[4] / d[5]) : Double.NaN;
            out.add(new NoiseDay(source, start.atZone(config.zone()).toLocalDate(), start, end, lday, levening, lnight,
                    config.lden().lden(lday, levening, lnight), (long) (d[1] + d[3] + d[5])));
        });
        return out;
    }

    @Override
    public long lateDropped() {
        return periods.lateDropped();
    }

    /** Nothing outlives its period here: the periods close themselves. */
    @Override
    public int forgetIdle(Instant silentBefore) {
        return 0;
    }

    private static final class PeriodAcc {
        final QuantileSketch levels = new QuantileSketch(LEVELS);
        long count;
        double energy;
        double max = Double.NEGATIVE_INFINITY;
        Instant maxAt;

        void add(double level, double e, Instant at) {
            count++;
            energy += e;
            levels.add(level);
            if (level > max) {
                max = level;
                maxAt = at;
            }
        }
    }
}
