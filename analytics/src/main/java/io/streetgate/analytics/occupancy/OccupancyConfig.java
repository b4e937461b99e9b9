package io.streetgate.analytics.occupancy;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Occupancy per zone (site key {@code analytics.occupancy}).
 *
 * @param period          length of each reporting period (site key {@code period}, 1 min..1 day; 15 min or
 *                        more is the usual disclosure-control practice)
 * @param k               counts below k are suppressed before anything leaves the analytics, and so are the
 *                        dwell and occupied share derived from so few visits (site key {@code k}, 2..100;
 *                        5 is the common statistical-agency choice, 10 stricter; domain-facts section 6)
 * @param zones           zone of each presence sensor or people counter by source id; a source not listed
 *                        is its own zone (site key {@code zones})
 * @param maxHold         longest time one presence reading is taken to hold its state, so that a silent
 *                        sensor does not keep a zone occupied (site key {@code max-hold}, > 0)
 * @param allowedLateness how long after its end a period still takes late readings (site key
 *                        {@code allowed-lateness})
 */
public record OccupancyConfig(Duration period, int k, Map<String, String> zones, Duration maxHold,
                              Duration allowedLateness) {

    public OccupancyConfig {
        Objects.requireNonNull(period, "analytics.occupancy.period");
        Objects.requireNonNull(zones, "analytics.occupancy.zones");
        Objects.requireNonNull(maxHold, "analytics.occupancy.max-hold");
        Objects.requireNonNull(allowedLateness, "analytics.occupancy.allowed-lateness");
        if (period.compareTo(Duration.ofMinutes(1)) < 0 || period.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("analytics.occupancy.period = " + period
                    + " is not valid: use 1 min to 1 day (15 min or more is usual)");
        }
        if (k < 2 || k > 100) {
            throw new IllegalArgumentException("analytics.occupancy.k = " + k
                    + " is not valid: use 2..100 (5 is common, 10 is stricter)");
        }
        if (maxHold.isNegative() || maxHold.isZero()) {
            throw new IllegalArgumentException("analytics.occupancy.max-hold = " + maxHold
                    + " is not valid: use a positive duration such as 5m");
        }
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("analytics.occupancy.allowed-lateness = " + allowedLateness
                    + " is not valid: use 0s or more");
        }
        zones = Map.copyOf(zones);
    }

    /** 15-minute periods, k = 5, each sensor its own zone, readings hold 5 minutes. */
    public static OccupancyConfig defaults() {
        return new OccupancyConfig(Duration.ofMinutes(15), 5, Map.of(), Duration.ofMinutes(5), Duration.ofMinutes(1));
    }

    public OccupancyConfig withZones(Map<String, String> newZones) {
        return new OccupancyConfig(period, k, newZones, maxHold, allowedLateness);
    }

    public String zoneOf(String sourceId) {
        return zones.getOrDefault(sourceId, sourceId);
    }
}
