package io.streetgate.drivers.modbus.bus;

import io.streetgate.driver.DriverFault;

import java.util.Map;

/**
 * What a bus has done so far.
 *
 * @param requests   requests sent
 * @param failures   failed requests by fault (requests refused without sending, for a unit in back-off, count
 *                   under {@link #skipped})
 * @param skipped    requests not sent because their unit was backed off
 * @param connects   connections opened
 */
public record LinkStats(long requests, Map<DriverFault, Long> failures, long skipped, long connects) {

    public LinkStats {
        failures = Map.copyOf(failures);
    }

    public long failures(DriverFault fault) {
        return failures.getOrDefault(fault, 0L);
    }
}
