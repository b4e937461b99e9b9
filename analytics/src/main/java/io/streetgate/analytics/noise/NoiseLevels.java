package io.streetgate.analytics.noise;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Fields;

import java.time.Instant;
import java.util.Map;

/**
 * Noise indicators of one sound level meter over a period, in dB(A).
 *
 * @param sourceId the sound level meter
 * @param start    period start
 * @param end      period end
 * @param samples  level samples in the period
 * @param laeq     equivalent continuous level (energy average)
 * @param lamax    highest sample level (the meter's fast-weighted level when it reports LAF samples)
 * @param l10      level exceeded 10 % of the time (90th percentile)
 * @param l50      level exceeded half the time
 * @param l90      level exceeded 90 % of the time (10th percentile, the background)
 */
public record NoiseLevels(String sourceId, Instant start, Instant end, long samples, double laeq, double lamax,
                          double l10, double l50, double l90) implements AnalyticsRecord {

    public NoiseLevels {
        Fields.requirePeriod(sourceId, start, end);
    }

    @Override
    public String kind() {
        return "noise";
    }

    @Override
    public Map<String, Object> fields() {
        return Fields.period(sourceId, start, end,
                "unit", "dBA",
                "samples", samples,
                "laeq", laeq,
                "lamax", lamax,
                "l10", l10,
                "l50", l50,
                "l90", l90);
    }
}
