package io.streetgate.analytics.control;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Fields;

import java.time.Instant;
import java.util.Objects;

/**
 * An actuator's level and the reason for it, for the upstream {@code actuator} output and the status.
 *
 * @param actuatorId the actuator
 * @param role       what it does: {@code lamp}, {@code heating}, {@code cooling}, {@code ventilation}, {@code output}
 * @param level      the level applied, 0..1; NaN when none could be applied yet
 * @param reason     why
 * @param detail     one line for people
 * @param since      when it took this level and reason
 * @param at         when this was reported
 */
public record ActuatorState(String actuatorId, String role, double level, Reason reason, String detail,
                            Instant since, Instant at) implements AnalyticsRecord {

    public ActuatorState {
        Objects.requireNonNull(actuatorId, "actuatorId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(at, "at");
        detail = detail == null ? "" : detail;
        role = role == null ? "output" : role;
    }

    @Override
    public String kind() {
        return "actuator";
    }

    @Override
    public String sourceId() {
        return actuatorId;
    }

    @Override
    public java.util.Map<String, Object> fields() {
        return Fields.of("sourceId", actuatorId, "role", role, "level", Double.isNaN(level) ? null : level,
                "reason", reason.label(), "detail", detail, "since", since, "at", at);
    }
}
