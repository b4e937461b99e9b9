package io.streetgate.analytics.light;

import java.time.Instant;

/**
 * The current ambient light at one sensor, for the lighting control loop on the node.
 *
 * @param sourceId    the light sensor
 * @param at          event time of the last reading
 * @param lux         the last reading, lx
 * @param smoothedLux the exponentially smoothed illuminance, lx
 * @param dark        true between falling below dark-below and rising above light-above
 */
public record AmbientLight(String sourceId, Instant at, double lux, double smoothedLux, boolean dark) {
}
