package io.streetgate.analytics.occupancy;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Fields;

import java.time.Instant;
import java.util.Map;

/**
 * Occupancy of one zone over a period. Person-derived values are null when suppressed: a count below k, and
 * the occupied share and dwell when the visits behind them are fewer than k.
 *
 * @param zone             the zone
 * @param start            period start
 * @param end              period end
 * @param k                the suppression threshold in force
 * @param visits           presence episodes that started in the period, or null when suppressed
 * @param count            people counted by counters (motion events) in the period, or null when suppressed
 *                         or no counter reported
 * @param occupiedFraction share of the period (0..1) some presence sensor of the zone saw someone, or null
 * @param meanDwellSeconds mean length of the presence episodes that ended in the period, s, or null
 */
public record OccupancyPeriod(String zone, Instant start, Instant end, int k, Long visits, Long count,
                              Double occupiedFraction, Double meanDwellSeconds) implements AnalyticsRecord {

    public OccupancyPeriod {
        Fields.requirePeriod(zone, start, end);
        if ((visits != null && visits < k) || (count != null && count < k)) {
            throw new IllegalArgumentException("a count below k = " + k + " must be suppressed, not reported");
        }
    }

    /** True when any value was withheld. */
    public boolean suppressed() {
        return visits == null || occupiedFraction == null;
    }

    @Override
    public String kind() {
        return "occupancy";
    }

    @Override
    public String sourceId() {
        return zone;
    }

    @Override
    public Map<String, Object> fields() {
        return Fields.period(zone, start, end, "zone", zone, "k", k, "suppressed", suppressed(), "visits", visits,
                "count", count, "occupiedFraction", occupiedFraction, "meanDwellSeconds", meanDwellSeconds,
                "unit", "s");
    }
}
