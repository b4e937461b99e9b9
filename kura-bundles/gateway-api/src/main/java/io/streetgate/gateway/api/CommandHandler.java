package io.streetgate.gateway.api;

import java.util.Set;

/**
 * A component that owns commands (the actuators' control, the OTA agent, the uplink's own rebirth).
 * Register as a service; the uplink routes each command to the handler that names it and sends the result
 * back. A command nobody owns, or that a handler refuses, is answered with the reason; nothing is applied
 * half-way.
 */
public interface CommandHandler {

    /** The command names this handler owns, e.g. {@code actuator.override}. */
    Set<String> commands();

    /** Carries out a command or refuses it with a reason. Must not block for long (hand slow work off). */
    CommandResult handle(Command command);
}
