package io.streetgate.analytics.window;

import java.time.Duration;
import java.util.Objects;

/**
 * An event-time window: its length, how far it slides, how late a reading may arrive, and how percentiles
 * are kept. A tumbling window slides by its own length.
 *
 * @param size            window length (site key {@code analytics.windows[].size}, 1 s..7 days)
 * @param slide           distance between window starts; equal to size for tumbling windows, otherwise a
 *                        divisor of size (site key {@code analytics.windows[].slide})
 * @param allowedLateness how long after its end a window stays open for late readings (site key
 *                        {@code analytics.windows[].allowed-lateness}, 0..1 day)
 * @param percentiles     bounded percentile estimation
 */
public record WindowConfig(Duration size, Duration slide, Duration allowedLateness, PercentileConfig percentiles) {

    public WindowConfig {
        Objects.requireNonNull(size, "analytics.windows[].size");
        Objects.requireNonNull(slide, "analytics.windows[].slide");
        Objects.requireNonNull(allowedLateness, "analytics.windows[].allowed-lateness");
        Objects.requireNonNull(percentiles, "analytics.windows[].percentiles");
        if (size.compareTo(Duration.ofSeconds(1)) < 0 || size.compareTo(Duration.ofDays(7)) > 0
                || size.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("analytics.windows[].size = " + size
                    + " is not valid: use whole seconds from 1s to 7d");
        }
        if (slide.isNegative() || slide.isZero() || slide.compareTo(size) > 0
                || size.toMillis() % slide.toMillis() != 0) {
            throw new IllegalArgumentException("analytics.windows[].slide = " + slide
                    + " is not valid: use a positive divisor of the window size " + size);
        }
        if (size.toMillis() / slide.toMillis() > 1440) {
            throw new IllegalArgumentException("analytics.windows[].slide = " + slide
                    + " is not valid: a window may span at most 1440 slides, so use at least "
                    + Duration.ofMillis((size.toMillis() + 1439) / 1440));
        }
        if (allowedLateness.isNegative() || allowedLateness.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("analytics.windows[].allowed-lateness = " + allowedLateness
                    + " is not valid: use 0s..1d");
        }
    }

    public static WindowConfig tumbling(Duration size, Duration allowedLateness) {
        return new WindowConfig(size, size, allowedLateness, PercentileConfig.DEFAULT);
    }

    public static WindowConfig sliding(Duration size, Duration slide, Duration allowedLateness) {
        return new WindowConfig(size, slide, allowedLateness, PercentileConfig.DEFAULT);
    }

    public WindowConfig withPercentiles(PercentileConfig newPercentiles) {
        return new WindowConfig(size, slide, allowedLateness, newPercentiles);
    }

    public boolean isTumbling() {
        return slide.equals(size);
    }
}
