package io.streetgate.gateway.api;

import java.util.Set;

/** Registered only by a simulated street (the simulator bundle): lets people and tests break its devices. */
public interface SimulationControl {

    /** The ids of the devices that are simulated. */
    Set<String> devices();

    /**
     * Injects a fault into a simulated device.
     *
     * @param deviceId the device's id from the site file
     * @param fault    one of {@code nack}, {@code crc}, {@code stuck}, {@code timeout}
     * @throws IllegalArgumentException naming the unknown device or fault and the valid ones
     */
    void injectFault(String deviceId, String fault);

    /** Lets the device work again. */
    void clearFault(String deviceId);

    /**
     * Someone passes in front of a simulated presence sensor now: what a technician's wave is on a real pole.
     *
     * @throws IllegalArgumentException naming the device when it is not a simulated presence sensor
     */
    void passerBy(String deviceId);
}
