package io.streetgate.analytics.water;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Water-flow analytics (site key {@code analytics.water}). Flows in m³/s (the {@code flow} quantity), negative
 * for reverse flow. Thresholds NaN switch their rule off.
 *
 * @param period              volume and flow statistics period (site key {@code period}, 1 min..1 day)
 * @param zone                local time zone of the night window (site key {@code zone})
 * @param nightStart          start of the minimum-night-flow window (site key {@code night.start}; 02:00 is
 *                            typical, UK practice 03:00)
 * @param nightEnd            its end, later the same night (site key {@code night.end}; 04:00)
 * @param leakThreshold       MNF above which a night counts toward a leak, m³/s: the expected legitimate
 *                            night use plus an allowance (site key {@code leak.threshold})
 * @param leakNights          consecutive nights above the threshold that raise a leak suspicion (site key
 *                            {@code leak.nights}, 1..30; 3 in the single-property rule)
 * @param zeroFlow            flows at or below this count as no flow for the continuous-flow rule, m³/s
 *                            (site key {@code leak.zero-flow}, ≥ 0)
 * @param burstFactor         a flow above this multiple of the highest flow of the last 24 periods is a
 *                            burst (site key {@code burst.factor}, > 1)
 * @param burstLimit          a flow above this is a burst whatever the history, m³/s (site key
 *                            {@code burst.limit})
 * @param reverseThreshold    a flow below minus this is reverse flow, m³/s (site key {@code reverse.threshold},
 *                            ≥ 0)
 * @param maxGap              longest interval between readings that is integrated into volume; longer ones
 *                            are gaps (site key {@code max-gap})
 * @param allowedLateness     how long after their end periods and nights take late readings (site key
 *                            {@code allowed-lateness})
 */
public record WaterConfig(Duration period, ZoneId zone, LocalTime nightStart, LocalTime nightEnd,
                          double leakThreshold, int leakNights, double zeroFlow, double burstFactor,
                          double burstLimit, double reverseThreshold, Duration maxGap, Duration allowedLateness) {

    /** Rolling mean length of the minimum night flow (1 h). */
    public static final Duration MNF_ROLLING = Duration.ofHours(1);

    public WaterConfig {
        Objects.requireNonNull(period, "analytics.water.period");
        Objects.requireNonNull(zone, "analytics.water.zone");
        Objects.requireNonNull(nightStart, "analytics.water.night.start");
        Objects.requireNonNull(nightEnd, "analytics.water.night.end");
        Objects.requireNonNull(maxGap, "analytics.water.max-gap");
        Objects.requireNonNull(allowedLateness, "analytics.water.allowed-lateness");
        if (period.compareTo(Duration.ofMinutes(1)) < 0 || period.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("analytics.water.period = " + period + " is not valid: use 1 min to 1 day");
        }
        if (nightStart.getSecond() != 0 || nightEnd.getSecond() != 0
                || Duration.between(nightStart, nightEnd).compareTo(MNF_ROLLING) < 0) {
            throw new IllegalArgumentException("analytics.water.night = " + nightStart + ".." + nightEnd
                    + " is not valid: use whole minutes, the end at least 1 h after the start on the same night"
                    + " (e.g. 02:00..04:00)");
        }
        positiveOrOff("leak.threshold", leakThreshold);
        if (leakNights < 1 || leakNights > 30) {
            throw new IllegalArgumentException("analytics.water.leak.nights = " + leakNights + " is not valid: use 1..30");
        }
        if (!(zeroFlow >= 0) || Double.isInfinite(zeroFlow)) {
            throw new IllegalArgumentException("analytics.water.leak.zero-flow = " + zeroFlow + " is not valid: use 0 or more");
        }
        if (!Double.isNaN(burstFactor) && !(burstFactor > 1 && Double.isFinite(burstFactor))) {
            throw new IllegalArgumentException("analytics.water.burst.factor = " + burstFactor
                    + " is not valid: use a multiple above 1 (e.g. 3)");
        }
        positiveOrOff("burst.limit", burstLimit);
        if (!(reverseThreshold >= 0) || Double.isInfinite(reverseThreshold)) {
            throw new IllegalArgumentException("analytics.water.reverse.threshold = " + reverseThreshold
                    + " is not valid: use 0 or more m3/s");
        }
        if (maxGap.isNegative() || maxGap.isZero()) {
            throw new IllegalArgumentException("analytics.water.max-gap = " + maxGap + " is not valid: use a positive duration");
        }
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("analytics.water.allowed-lateness = " + allowedLateness
                    + " is not valid: use 0s or more");
        }
    }

    private static void positiveOrOff(String key, double v) {
        if (!Double.isNaN(v) && !(v > 0 && Double.isFinite(v))) {
            throw new IllegalArgumentException("analytics.water." + key + " = " + v
                    + " is not valid: use a positive flow in m3/s, or leave it out");
        }
    }

    /**
     * Hourly periods, night 02:00-04:00, leak after 3 nights above the threshold, burst at 3× the recent
     * maximum, reverse flow below −1e-6 m³/s (3.6 l/h), gaps over 5 minutes.
     */
    public static WaterConfig defaults(ZoneId zone, double leakThreshold) {
        return new WaterConfig(Duration.ofHours(1), zone, LocalTime.of(2, 0), LocalTime.of(4, 0), leakThreshold, 3,
                0.0, 3.0, Double.NaN, 1e-6, Duration.ofMinutes(5), Duration.ofMinutes(5));
    }
}
