package io.streetgate.analytics.control.lighting;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One lamp under the lighting control.
 *
 * @param id              the actuator id of its dimming output (from the site file's actuators)
 * @param lightingClass   the class it must meet whenever it is lit
 * @param floor           the level that meets that class with this luminaire (from the lighting design); no rule
 *                        goes below it while the lamp is lit
 * @param presenceSensors the PIR or radar sensors whose detections raise this lamp
 * @param neighbours      the lamps raised (to the neighbour level) when this lamp's sensors detect someone
 * @param power           its power model, for the energy when there is no meter
 * @param statusSource    the sensor id of its lamp controller's readings (lamp failure, burning time), if any
 */
public record LampConfig(String id, LightingClass lightingClass, double floor, List<String> presenceSensors,
                         List<String> neighbours, LedDriverPower power, Optional<String> statusSource) {

    public LampConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(lightingClass, "lightingClass");
        Objects.requireNonNull(power, "power");
        presenceSensors = List.copyOf(presenceSensors);
        neighbours = List.copyOf(neighbours);
        statusSource = statusSource == null ? Optional.empty() : statusSource;
        if (!(floor > 0 && floor <= 1)) {
            throw new IllegalArgumentException("control.lighting.lamps." + id + ".floor = " + floor
                    + " is not valid: use the level (above 0, at most 1) that meets " + lightingClass.describe());
        }
        if (neighbours.contains(id)) {
            throw new IllegalArgumentException("control.lighting.lamps." + id + ".neighbours names the lamp itself");
        }
    }

    /** What the floor stands for, in messages: e.g. {@code the M4 (0.75 cd/m²) floor}. */
    public String floorName() {
        return "the " + lightingClass.describe() + " floor";
    }
}
