package io.streetgate.analytics.quality;

import io.streetgate.driver.Quantity;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Quality checks per quantity (site key {@code analytics.quality}, one entry per quantity name). Measured
 * quantities without an entry get {@link #defaults()}; states ({@link Quantity#isState()}) without one get none.
 *
 * @param rules     checks by quantity name
 * @param defaults  checks for quantities not listed (site key {@code analytics.quality.default})
 * @param plausible whether a quantity whose rules give no range gets its {@link PlausibleRanges plausible} one
 */
public record QualityConfig(Map<String, QuantityRules> rules, QuantityRules defaults, boolean plausible) {

    /** No checks: every reading passes unflagged (the drivers' own flags still reject). */
    public static final QualityConfig NONE = new QualityConfig(Map.of(), QuantityRules.NONE, false);
    /** The site file's default: only the plausible ranges. */
    public static final QualityConfig PLAUSIBLE = new QualityConfig(Map.of(), QuantityRules.NONE);

    /** Rules with the plausible ranges where they give none. */
    public QualityConfig(Map<String, QuantityRules> rules, QuantityRules defaults) {
        this(rules, defaults, true);
    }

    public QualityConfig {
        Objects.requireNonNull(rules, "analytics.quality");
        Objects.requireNonNull(defaults, "analytics.quality.default");
        for (String name : rules.keySet()) {
            if (Quantity.byName(name) == null) {
                throw new IllegalArgumentException("analytics.quality." + name
                        + " names no known quantity: use one of " + Quantity.known());
            }
        }
        rules = Map.copyOf(rules);
    }

    /**
     * The checks of a quantity: its own entry, else the defaults. A state the device reports (a setting, a flag)
     * gets no default checks: a setting that does not change would be flagged stuck or flat at every reading.
     */
    public QuantityRules rulesFor(Quantity quantity) {
        QuantityRules given = rules.getOrDefault(quantity.name(), quantity.isState() ? QuantityRules.NONE : defaults);
        return plausible ? PlausibleRanges.apply(quantity, given) : given;
    }

    /**
     * The values of the quantity that can be real at all, for a part that must refuse a reading rather than flag
     * it (CoAP ingest answers 4.00): its plausible range widened by the site's own ({@code range} in
     * {@code analytics.quality.<quantity>} or {@code .default}). Empty when nothing bounds it, or when the plausible
     * ranges are off.
     */
    public Optional<ValueRange> acceptable(Quantity quantity) {
        return plausible ? PlausibleRanges.widened(quantity, rules.getOrDefault(quantity.name(), defaults))
                : Optional.empty();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final Map<String, QuantityRules> rules = new HashMap<>();
        private QuantityRules defaults = QuantityRules.NONE;

        private Builder() {
        }

        public Builder rules(Quantity quantity, QuantityRules r) {
            rules.put(quantity.name(), Objects.requireNonNull(r, "rules"));
            return this;
        }

        public Builder defaults(QuantityRules r) {
            this.defaults = Objects.requireNonNull(r, "defaults");
            return this;
        }

        public QualityConfig build() {
            return new QualityConfig(rules, defaults);
        }
    }
}
