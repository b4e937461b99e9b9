package io.streetgate.analytics.air;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Analyzer;
import io.streetgate.analytics.quality.Rejection;
import io.streetgate.analytics.window.Periods;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Hourly air-quality indices per PM sensor: the hour's PM2.5 and PM10 means, their NowCasts over the last 12
 * hours, the US AQI from the NowCasts (EPA's hourly reporting practice) and the European index from the
 * hourly means. Memory: 12 hourly means per pollutant per source.
 */
public final class AirQualityAnalyzer implements Analyzer {

    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final UsAqi usAqi;
    private final EaqiTable eaqi;
    private final Periods<double[]> hours;
    private final Map<String, History> history = new HashMap<>();

    public AirQualityAnalyzer(AirConfig config) {
        this.usAqi = config.usAqi();
        this.eaqi = config.eaqi();
        // per hour: PM2.5 sum, count, PM10 sum, count
        this.hours = new Periods<>(Periods.fixed(Duration.ofHours(1)), config.allowedLateness(), () -> new double[4]);
    }

    @Override
    public void accept(Measurement m, Instant watermark) {
        int slot;
        if (m.quantity() == Quantity.PM2_5) {
            slot = 0;
        } else if (m.quantity() == Quantity.PM10) {
            slot = 2;
        } else {
            return;
        }
        if (Rejection.isRejected(m.quality()) || !Double.isFinite(m.value())) {
            return;
        }
        double[] acc = hours.get(m.sourceId(), m.timestamp(), watermark);
        if (acc != null) {
            acc[slot] += m.value();
            acc[slot + 1]++;
        }
    }

    @Override
    public List<AnalyticsRecord> advanceTo(Instant watermark) {
        List<AnalyticsRecord> out = new ArrayList<>();
        hours.closeUpTo(watermark, (source, start, end, acc) -> {
            double pm25 = acc[1] > 0 ? acc[0] / acc[1] : Double.NaN;
            double pm10 = acc[3] > 0 ? acc[2] / acc[3] : Double.NaN;
            History h = history.computeIfAbsent(source, s -> new History());
            h.push(start.toEpochMilli(), pm25, pm10);
            OptionalDouble nc25 = NowCast.pm(h.pm25);
            OptionalDouble nc10 = NowCast.pm(h.pm10);
            Map<AqiPollutant, Double> us = new EnumMap<>(AqiPollutant.class);
            nc25.ifPresent(v -> us.put(AqiPollutant.PM2_5, v));
            nc10.ifPresent(v -> us.put(AqiPollutant.PM10, v));
            UsAqi.AqiResult aqi = usAqi.aqi(us).orElse(null);
            Map<EaqiPollutant, Double> eu = new EnumMap<>(EaqiPollutant.class);
            if (!Double.isNaN(pm25)) {
                eu.put(EaqiPollutant.PM2_5, pm25);
            }
            if (!Double.isNaN(pm10)) {
                eu.put(EaqiPollutant.PM10, pm10);
            }
            EaqiTable.EaqiResult european = eaqi.index(eu);
            out.add(new AirQuality(source, start, end, pm25, pm10, nc25.orElse(Double.NaN), nc10.orElse(Double.NaN),
                    aqi == null ? -1 : aqi.aqi(), aqi == null ? null : aqi.category(),
                    aqi == null ? null : aqi.dominant(), european == null ? null : european.level(),
                    european == null ? null : european.dominant()));
        });
        return out;
    }

    @Override
    public long lateDropped() {
        return hours.lateDropped();
    }

    /** A source's history is as old as its newest closed hour: an hour before silentBefore is forgotten. */
    @Override
    public int forgetIdle(Instant silentBefore) {
        int before = history.size();
        long cutoff = silentBefore.toEpochMilli() - HOUR;
        history.values().removeIf(h -> h.newestHour < cutoff);
        return before - history.size();
    }

    /** The last 12 hourly means, newest first, NaN for hours without readings. */
    private static final class History {
        final double[] pm25 = nan();
        final double[] pm10 = nan();
        long newestHour = Long.MIN_VALUE;

        static double[] nan() {
            double[] a = new double[NowCast.HOURS];
            Arrays.fill(a, Double.NaN);
            return a;
        }

        void push(long hourStart, double v25, double v10) {
            int shift = newestHour == Long.MIN_VALUE ? NowCast.HOURS
                    : (int) Math.min(NowCast.HOURS, (hourStart - newestHour) / HOUR);
            shift(pm25, shift);
            shift(pm10, shift);
            pm25[0] = v25;
            pm10[0] = v10;
            newestHour = hourStart;
        }

        private static void shift(double[] a, int by) {
            if (by <= 0) {
                return;
            }
            System.arraycopy(a, 0, a, by, Math.max(0, a.length - by));
            Arrays.fill(a, 0, Math.min(by, a.length), Double.NaN);
        }
    }
}
