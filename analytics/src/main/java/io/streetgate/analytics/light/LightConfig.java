package io.streetgate.analytics.light;

import java.time.Duration;
import java.util.Objects;

/**
 * Ambient light for the lighting control (site key {@code analytics.light}). The switching levels are the
 * site's choice (a photocell's usual range is a few tens of lux); they are not taken from a standard.
 *
 * @param period          statistics period (site key {@code period}, 1 min..1 day)
 * @param darkBelowLux    smoothed illuminance below which it is dark (site key {@code dark-below}, lx)
 * @param lightAboveLux   smoothed illuminance above which it is light again; above dark-below, so that the
 *                        state does not flicker at dusk (site key {@code light-above}, lx)
 * @param smoothing       time constant of the exponential smoothing, and how long the smoothed level must stay
 *                        across a threshold before the state switches, so that headlights and shadows do
 *                        not switch it (site key {@code smoothing}, 0..1 h; 0 for none)
 * @param allowedLateness how long after its end a period still takes late readings (site key
 *                        {@code allowed-lateness})
 */
public record LightConfig(Duration period, double darkBelowLux, double lightAboveLux, Duration smoothing,
                          Duration allowedLateness) {

    public LightConfig {
        Objects.requireNonNull(period, "analytics.light.period");
        Objects.requireNonNull(smoothing, "analytics.light.smoothing");
        Objects.requireNonNull(allowedLateness, "analytics.light.allowed-lateness");
        if (period.compareTo(Duration.ofMinutes(1)) < 0 || period.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("analytics.light.period = " + period + " is not valid: use 1 min to 1 day");
        }
        if (!(darkBelowLux >= 0 && Double.isFinite(darkBelowLux))) {
            throw new IllegalArgumentException("analytics.light.dark-below = " + darkBelowLux
                    + " is not valid: use an illuminance in lx, 0 or more");
        }
        if (!(lightAboveLux > darkBelowLux && Double.isFinite(lightAboveLux))) {
            throw new IllegalArgumentException("analytics.light.light-above = " + lightAboveLux
                    + " is not valid: use an illuminance above dark-below (" + darkBelowLux + " lx)");
        }
        if (smoothing.isNegative() || smoothing.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("analytics.light.smoothing = " + smoothing + " is not valid: use 0s..1h");
        }
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("analytics.light.allowed-lateness = " + allowedLateness
                    + " is not valid: use 0s or more");
        }
    }
}
