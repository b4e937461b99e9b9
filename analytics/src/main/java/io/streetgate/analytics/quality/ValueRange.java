package io.streetgate.analytics.quality;

/**
 * The values a reading of a quantity may have, inclusive; an open end is NaN.
 *
 * @param min lowest value, or NaN for none
 * @param max highest value, or NaN for none
 */
public record ValueRange(double min, double max) {

    /** Whether the value is within the range (NaN is within none). */
    public boolean contains(double value) {
        return !Double.isNaN(value) && !(value < min) && !(value > max);
    }

    /** {@code min..max}, an open end as nothing, as the docs and the site file's problems show a range. */
    @Override
    public String toString() {
        return PlausibleRanges.show(min) + ".." + PlausibleRanges.show(max);
    }
}
