package io.streetgate.gateway.api;

import io.streetgate.driver.Health;

import java.util.Map;
import java.util.Objects;

/**
 * The health of one part of the gateway as last reported.
 *
 * @param name    e.g. {@code sensor/env-1}, {@code broker}, {@code pipeline}
 * @param health  state, reason, since
 * @param details counters and last values for people and tools (JSON-friendly values only)
 */
public record ComponentStatus(String name, Health health, Map<String, Object> details) {

    public ComponentStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(health, "health");
        details = Map.copyOf(details == null ? Map.of() : details);
    }
}
