package io.streetgate.ota.agent;

import java.time.Duration;

/**
 * The check after an update: all bundles active, sensors reporting, uplink connected, within a time limit.
 * Implemented by the gateway's health component; the agent calls it on the trial version.
 */
@FunctionalInterface
public interface HealthCheck {
    /** The verdict, with a reason when it fails. */
    record Result(boolean healthy, String reason) {
        public static Result ok() {
            return new Result(true, null);
        }

        public static Result failed(String reason) {
            return new Result(false, reason);
        }
    }

    /** Waits up to {@code timeout} for the node to become healthy. */
    Result check(Duration timeout);
}
