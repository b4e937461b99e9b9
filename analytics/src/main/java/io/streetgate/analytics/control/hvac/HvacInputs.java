package io.streetgate.analytics.control.hvac;

import java.time.Instant;
import java.util.Optional;

/**
 * What the HVAC loop knows at a step.
 *
 * @param temperature       the zone's last temperature reading, °C
 * @param temperatureFaulty the zone's temperature sensor reports faulty health
 * @param co2               the zone's last CO2 reading, ppm
 * @param co2Faulty         the CO2 sensor reports faulty health
 * @param fallback          the fallback temperature source's last reading, °C
 */
public record HvacInputs(Optional<Reading> temperature, boolean temperatureFaulty, Optional<Reading> co2,
                         boolean co2Faulty, Optional<Reading> fallback) {

    /** A value and when it was measured. */
    public record Reading(double value, Instant at) {
    }

    public static HvacInputs of(Double temperature, Double co2, Instant at) {
        return new HvacInputs(Optional.ofNullable(temperature).map(t -> new Reading(t, at)), false,
                Optional.ofNullable(co2).map(c -> new Reading(c, at)), false, Optional.empty());
    }
}
