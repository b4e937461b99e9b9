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
 */
public record Command(String id, String name, String target, Map<String, Object> arguments, String origin,
                      Instant receivedAt) {

    public Command {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        target = target == null ? "" : target;
        arguments = Map.copyOf(arguments == null ? Map.of() : arguments);
        origin = origin == null ? "" : origin;
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
