package io.streetgate.analytics.quality;

import java.time.Duration;
import java.util.Objects;

/**
 * Gap detection: a reading that follows the previous one of its series by more than
 * {@code factor × expectedInterval} is flagged {@code GAP_BEFORE} (informational: it is still aggregated)
 * and the missing readings are counted.
 *
 * @param expectedInterval the sampling interval the sensor is configured for (site key
 *                         {@code gap.expected-interval}, > 0)
 * @param factor           tolerance before a delay counts as a gap (site key {@code gap.factor}, ≥ 1; 1.5
 *                         flags a single lost reading and tolerates jitter of half an interval)
 */
public record GapRule(Duration expectedInterval, double factor) {

    public GapRule {
        Objects.requireNonNull(expectedInterval, "gap.expected-interval");
        if (expectedInterval.isNegative() || expectedInterval.isZero()) {
            throw new IllegalArgumentException("gap.expected-interval = " + expectedInterval
                    + " is not valid: use the sensor's positive sampling interval");
        }
        if (!(factor >= 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("gap.factor = " + factor + " is not valid: use 1 or more (1.5 flags one lost reading)");
        }
    }

    public static GapRule every(Duration expectedInterval) {
        return new GapRule(expectedInterval, 1.5);
    }
}
