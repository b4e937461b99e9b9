package io.streetgate.analytics.light;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Fields;

import java.time.Instant;
import java.util.Map;

/**
 * Ambient illuminance statistics of one sensor over a period, in lx.
 *
 * @param sourceId     the light sensor
 * @param start        period start
 * @param end          period end
 * @param count        readings
 * @param min          lowest
 * @param mean         mean
 * @param p10          10th percentile (nearest rank)
 * @param median       median
 * @param p90          90th percentile
 * @param max          highest
 * @param darkFraction share of the readings taken while the hysteresis state was dark
 */
public record LightStats(String sourceId, Instant start, Instant end, long count, double min, double mean,
                         double p10, double median, double p90, double max, double darkFraction)
        implements AnalyticsRecord {

    public LightStats {
        Fields.requirePeriod(sourceId, start, end);
    }

    @Override
    public String kind() {
        return "light";
    }

    @Override
    public Map<String, Object> fields() {
        return Fields.period(sourceId, start, end, "unit", "lx", "count", count, "min", min, "mean", mean,
                "p10", p10, "median", median, "p90", p90, "max", max, "darkFraction", darkFraction);
    }
}
