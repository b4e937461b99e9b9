package io.streetgate.analytics.control;

import java.time.Instant;
import java.util.Objects;

/**
 * A manual setting of one actuator that a person asked for, in force from {@code from} until {@code until}.
 *
 * @param actuatorId the actuator
 * @param level      0..1
 * @param from       when it was accepted
 * @param until      when it ends by itself (mandatory)
 * @param origin     who asked, from the command (e.g. {@code mqtt:ops-console}, {@code local:cli:anna})
 * @param commandId  the command's id, for the audit record
 * @param note       what the person said about it; may be empty
 */
public record ManualOverride(String actuatorId, double level, Instant from, Instant until, String origin,
                       String commandId, String note) {

    public ManualOverride {
        Objects.requireNonNull(actuatorId, "actuatorId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("an override must end after it starts");
        }
        origin = origin == null ? "" : origin;
        commandId = commandId == null ? "" : commandId;
        note = note == null ? "" : note;
    }

    public boolean activeAt(Instant now) {
        return now.isBefore(until);
    }

    /** The setting it stands for. */
    public Setting setting() {
        // who asked and their note stay in the audit log: this detail goes upstream with the actuator's state
        return new Setting(level, Reason.OVERRIDE, "override until " + until);
    }
}
