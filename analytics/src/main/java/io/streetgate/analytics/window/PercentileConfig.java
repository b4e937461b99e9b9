package io.streetgate.analytics.window;

/**
 * How a window estimates percentiles within bounded memory.
 *
 * @param exactCapacity    readings kept as exact values; percentiles are exact up to this many readings per
 *                         window (site key {@code analytics.windows.percentiles.exact-capacity}, 0..4096)
 * @param relativeAccuracy relative error bound α of the sketch used beyond the exact capacity (site key
 *                         {@code analytics.windows.percentiles.relative-accuracy}, 0.0001..0.1)
 * @param maxBins          most buckets per sign the sketch keeps (site key
 *                         {@code analytics.windows.percentiles.max-bins}, 16..65536); at the defaults it
 *                         covers values spanning a factor of 10^17 before the smallest magnitudes are merged
 */
public record PercentileConfig(int exactCapacity, double relativeAccuracy, int maxBins) {

    /** 128 exact readings (a 2-minute window at 1 Hz), then 1 % relative accuracy in at most 2048 bins. */
    public static final PercentileConfig DEFAULT = new PercentileConfig(128, 0.01, 2048);

    public PercentileConfig {
        if (exactCapacity < 0 || exactCapacity > 4096) {
            throw new IllegalArgumentException("analytics.windows.percentiles.exact-capacity = " + exactCapacity
                    + " is not valid: use 0..4096");
        }
        if (!(relativeAccuracy >= 0.0001 && relativeAccuracy <= 0.1)) {
            throw new IllegalArgumentException("analytics.windows.percentiles.relative-accuracy = "
                    + relativeAccuracy + " is not valid: use 0.0001..0.1 (0.01 is 1 %)");
        }
        if (maxBins < 16 || maxBins > 65536) {
            throw new IllegalArgumentException("analytics.windows.percentiles.max-bins = " + maxBins
                    + " is not valid: use 16..65536");
        }
    }
}
