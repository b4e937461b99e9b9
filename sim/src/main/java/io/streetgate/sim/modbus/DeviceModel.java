package io.streetgate.sim.modbus;

import java.time.Instant;

/**
 * What a simulated device does with its registers: before each request its slave asks the model to bring the
 * registers up to the time of the request. Models keep their own state (energy counters, totalizers) and must
 * cope with time that jumps forward by any amount.
 */
public interface DeviceModel {

    /** Sets the registers for the instant {@code now}; called with non-decreasing instants. */
    void update(Instant now, RegisterBank registers);

    /** Lays out the model's registers once, before the first update (refused ranges, write guards). */
    default void install(RegisterBank registers) {
    }
}
