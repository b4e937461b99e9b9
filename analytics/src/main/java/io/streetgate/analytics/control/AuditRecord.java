package io.streetgate.analytics.control;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Fields;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Who did what to an actuator, when, and what it changed: kept in the node's audit log and sent upstream as
 * the {@code audit} output (without the {@code origin} and {@code detail}, which may name a person or hold what
 * they typed: see {@link io.streetgate.analytics.privacy.NodeOutputs}). Refused requests are recorded too, with
 * the reason.
 *
 * @param at         when it happened (gateway time)
 * @param action     {@code override}, {@code release}, {@code expired} or {@code refused}
 * @param actuatorId the actuator named (may be what the request named, even if unknown)
 * @param origin     who asked ({@code Command.origin}); {@code control} for an expiry
 * @param commandId  the command's id; empty for an expiry
 * @param oldLevel   the level before; NaN when unknown or unchanged by a refusal
 * @param oldReason  the reason before, e.g. {@code schedule}
 * @param newLevel   the level after; NaN for a refusal
 * @param newReason  the reason after
 * @param until      the override's expiry, or null
 * @param detail     the refusal's reason, or the person's note
 */
public record AuditRecord(Instant at, String action, String actuatorId, String origin, String commandId,
                          double oldLevel, String oldReason, double newLevel, String newReason, Instant until,
                          String detail) implements AnalyticsRecord {

    public AuditRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        actuatorId = actuatorId == null ? "" : actuatorId;
        origin = origin == null ? "" : origin;
        commandId = commandId == null ? "" : commandId;
        oldReason = oldReason == null ? "" : oldReason;
        newReason = newReason == null ? "" : newReason;
        detail = detail == null ? "" : detail;
    }

    @Override
    public String kind() {
        return "audit";
    }

    @Override
    public String sourceId() {
        return actuatorId.isEmpty() ? "node" : actuatorId;
    }

    @Override
    public Map<String, Object> fields() {
        return Fields.of("sourceId", sourceId(), "at", at, "action", action, "channel", channel(), "origin", origin,
                "commandId", commandId, "oldLevel", finite(oldLevel), "oldReason", oldReason,
                "newLevel", finite(newLevel), "newReason", newReason, "until", until, "detail", detail);
    }

    /**
     * How the request came, without who sent it: the origin's first part ({@code mqtt}, {@code local},
     * {@code control}); what follows it may name a person.
     */
    public String channel() {
        int colon = origin.indexOf(':');
        return colon < 0 ? origin : origin.substring(0, colon);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
