package io.streetgate.analytics.quality;

import java.time.Duration;
import java.util.List;

/**
 * The quality checks for one quantity (site key {@code analytics.quality.<quantity>}). A check left null is
 * off. Build with {@link #builder()}.
 *
 * @param min              lowest valid value, inclusive (site key {@code range.min}); NaN for no lower limit
 * @param max              highest valid value, inclusive (site key {@code range.max}); NaN for no upper limit
 * @param maxRatePerSecond largest plausible |Δvalue/Δt| in unit per second against the last accepted
 *                         reading (site key {@code max-rate-per-second}); NaN for no limit
 * @param hampel           outlier rule, or null
 * @param stuck            stuck-sensor rule, or null
 * @param flatLine         rail-value rule, or null
 * @param gap              gap rule, or null
 */
public record QuantityRules(double min, double max, double maxRatePerSecond, HampelRule hampel, StuckRule stuck,
                            FlatLineRule flatLine, GapRule gap) {

    /** No checks at all. */
    public static final QuantityRules NONE = builder().build();

    public QuantityRules {
        if (Double.isInfinite(min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("range = " + min + ".." + max
                    + " is not valid: use finite limits, or leave one out");
        }
        if (!Double.isNaN(min) && !Double.isNaN(max) && min > max) {
            throw new IllegalArgumentException("range.min = " + min + " is above range.max = " + max
                    + ": swap them");
        }
        if (!Double.isNaN(maxRatePerSecond) && !(maxRatePerSecond > 0 && Double.isFinite(maxRatePerSecond))) {
            throw new IllegalArgumentException("max-rate-per-second = " + maxRatePerSecond
                    + " is not valid: use a positive rate in the quantity's unit per second");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder; every setter validates through the record constructors. */
    public static final class Builder {
        private double min = Double.NaN;
        private double max = Double.NaN;
        private double maxRate = Double.NaN;
        private HampelRule hampel;
        private StuckRule stuck;
        private FlatLineRule flatLine;
        private GapRule gap;

        private Builder() {
        }

        public Builder range(double min, double max) {
            this.min = min;
            this.max = max;
            return this;
        }

        public Builder maxRatePerSecond(double rate) {
            this.maxRate = rate;
            return this;
        }

        public Builder hampel(int halfWindow, double threshold, double minSigma) {
            this.hampel = new HampelRule(halfWindow, threshold, minSigma);
            return this;
        }

        public Builder stuck(int minSamples, Duration minDuration, double epsilon) {
            this.stuck = new StuckRule(minSamples, minDuration, epsilon);
            return this;
        }

        public Builder flatLine(List<Double> rails, double tolerance, int minSamples) {
            this.flatLine = new FlatLineRule(rails, tolerance, minSamples);
            return this;
        }

        public Builder gap(Duration expectedInterval, double factor) {
            this.gap = new GapRule(expectedInterval, factor);
            return this;
        }

        public QuantityRules build() {
            return new QuantityRules(min, max, maxRate, hampel, stuck, flatLine, gap);
        }
    }
}
