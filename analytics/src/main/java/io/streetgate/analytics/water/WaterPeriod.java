package io.streetgate.analytics.water;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Fields;

import java.time.Instant;
import java.util.Map;

/**
 * One meter's flow over a period.
 *
 * @param sourceId      the meter
 * @param start         period start
 * @param end           period end
 * @param readings      flow readings in the period
 * @param volume        forward volume, m³ (trapezoidal integral of the flow; gaps longer than max-gap are
 *                      not bridged)
 * @param reverseVolume volume that flowed backwards, m³ (positive)
 * @param meanFlow      mean of the flow readings, m³/s
 * @param minFlow       lowest flow reading, m³/s
 * @param maxFlow       highest flow reading, m³/s
 */
public record WaterPeriod(String sourceId, Instant start, Instant end, long readings, double volume,
                          double reverseVolume, double meanFlow, double minFlow, double maxFlow)
        implements AnalyticsRecord {

    public WaterPeriod {
        Fields.requirePeriod(sourceId, start, end);
    }

    @Override
    public String kind() {
        return "water";
    }

    @Override
    public Map<String, Object> fields() {
        return Fields.period(sourceId, start, end, "readings", readings, "volume", volume, "volumeUnit", "m3",
                "reverseVolume", reverseVolume, "meanFlow", meanFlow, "minFlow", minFlow, "maxFlow", maxFlow,
                "flowUnit", "m3/s");
    }
}
