package io.streetgate.uplink.payload;

import io.streetgate.driver.HealthState;
import io.streetgate.gateway.api.ComponentStatus;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Which devices are down, read from the gateway's health registry as it goes upstream ({@link NodeState}): a
 * sensor is down while its part {@code sensor/<id>} is faulty (no valid readings) or after it left the registry
 * (removed from the site file); it is up again when its part is back and not faulty. Degraded sensors still
 * deliver and stay up. Devices that are not sensors (zones, actuators) are never down. Not thread-safe: the
 * sender thread asks it.
 */
final class DeviceLiveness {

    /** The health registry's name of a sampled sensor (gateway's SensorSampler). */
    static final String SENSOR_PREFIX = "sensor/";

    /** What changed since the last look. */
    record Change(Set<String> died, Set<String> returned) {
        boolean isEmpty() {
            return died.isEmpty() && returned.isEmpty();
        }
    }

    private final UnaryOperator<String> deviceOfSensor;
    private final Set<String> seen = new HashSet<>();
    private final Set<String> down = new HashSet<>();

    /** @param deviceOfSensor the device id a sensor id is published under */
    DeviceLiveness(UnaryOperator<String> deviceOfSensor) {
        this.deviceOfSensor = deviceOfSensor;
    }

    /** Takes the registry's parts; returns the devices that went down and those that came back, sorted. */
    Change update(List<ComponentStatus> parts) {
        Set<String> present = new HashSet<>();
        Set<String> nowDown = new HashSet<>();
        for (ComponentStatus p : parts) {
            if (p.name().startsWith(SENSOR_PREFIX)) {
                String device = deviceOfSensor.apply(p.name().substring(SENSOR_PREFIX.length()));
                present.add(device);
                if (p.health().state() == HealthState.FAULTY) {
                    nowDown.add(device);
                }
            }
        }
        for (String device : seen) {
            if (!present.contains(device)) {
                nowDown.add(device); // removed
            }
        }
        seen.addAll(present);
        Set<String> died = new TreeSet<>(nowDown);
        died.removeAll(down);
        Set<String> returned = new TreeSet<>(down);
        returned.removeAll(nowDown);
        down.clear();
        down.addAll(nowDown);
        return new Change(died, returned);
    }

    boolean isDown(String device) {
        return down.contains(device);
    }
}
