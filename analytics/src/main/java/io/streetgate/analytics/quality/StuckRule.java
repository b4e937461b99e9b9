package io.streetgate.analytics.quality;

import java.time.Duration;
import java.util.Objects;

/**
 * Stuck sensor: the reading has not changed by more than {@code epsilon} for at least {@code minSamples}
 * consecutive readings spanning at least {@code minDuration}; every reading from that point until the value
 * moves again is flagged {@code STUCK}. Source: shared/reference/domain-facts-with-sources.md section 6
 * ("identical readings (or variance below ε) for N consecutive samples, e.g. ≥ 6 × the expected noise
 * period").
 *
 * @param minSamples  consecutive unchanged readings (site key {@code stuck.samples}, ≥ 2)
 * @param minDuration time they must span (site key {@code stuck.duration}, ≥ 0)
 * @param epsilon     largest change still counted as "unchanged", in the quantity's unit (site key
 *                    {@code stuck.epsilon}, ≥ 0; 0 means bit-identical)
 */
public record StuckRule(int minSamples, Duration minDuration, double epsilon) {

    public StuckRule {
        Objects.requireNonNull(minDuration, "stuck.duration");
        if (minSamples < 2) {
            throw new IllegalArgumentException("stuck.samples = " + minSamples + " is not valid: use 2 or more");
        }
        if (minDuration.isNegative()) {
            throw new IllegalArgumentException("stuck.duration = " + minDuration + " is not valid: use 0s or more");
        }
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("stuck.epsilon = " + epsilon + " is not valid: use 0 or more");
        }
    }
}
