package io.streetgate.gateway.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A command that arrived from outside the gateway (MQTT: a Sparkplug NCMD/DCMD or a JSON command message; the
 * CLI), addressed to the component that owns it.
 *
 * @param id         an id for the acknowledgement (from the message, or made up on arrival)
 * @param name       what to do, e.g. {@code actuator.override}, {@code ota.campaign}, {@code rebirth}
 * @param target     what it is about (an actuator id, a device id), empty for the node itself
 * @param arguments  its parameters (String, Number, Boolean values)
 * @param origin     who sent it, for the audit record (e.g. {@code mqtt:ops-console}, {@code cli:root})
 * @param receivedAt when the gateway received it
 * @param issuedAt   when its sender issued it (the command message's {@code issued}, a Sparkplug payload's
 *                   timestamp); {@code receivedAt} when the sender did not say. Durations in its arguments
 *                   (an override's {@code for}) count from here, not from its arrival
 */
public record Command(String id, String name, String target, Map<String, Object> arguments, String origin,
                      Instant receivedAt, Instant issuedAt) {

    /**
     * A campaign notice for the OTA agent (docs/ota.md): the uplink makes it of a notice it hears, the agent and
     * the fleet's simulated gateways answer it. Here because all three meet at this API, and the uplink does not
     * import the OTA tool's message schema.
     */
    public static final String OTA_CAMPAIGN = "ota.campaign";

    public Command {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        target = target == null ? "" : target;
        arguments = Map.copyOf(arguments == null ? Map.of() : arguments);
        origin = origin == null ? "" : origin;
        Objects.requireNonNull(receivedAt, "receivedAt");
        issuedAt = issuedAt == null ? receivedAt : issuedAt;
    }

    /** A command issued where it was received (the CLI, the status endpoint). */
    public Command(String id, String name, String target, Map<String, Object> arguments, String origin,
                   Instant receivedAt) {
        this(id, name, target, arguments, origin, receivedAt, receivedAt);
    }

    /** The same command, sent by someone else (e.g. the name of the key that signed it). */
    public Command withOrigin(String who) {
        return new Command(id, name, target, arguments, who, receivedAt, issuedAt);
    }
}
