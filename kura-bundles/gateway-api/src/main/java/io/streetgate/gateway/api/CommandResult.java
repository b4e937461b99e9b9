package io.streetgate.gateway.api;

import java.util.Map;

/**
 * The answer to a command, sent back to whoever sent it.
 *
 * @param accepted whether it was carried out (or started)
 * @param reason   why not, or what was done; a person can act on it
 * @param details  JSON-friendly values (old and new state, an expiry)
 */
public record CommandResult(boolean accepted, String reason, Map<String, Object> details) {

    public CommandResult {
        reason = reason == null ? "" : reason;
        details = Map.copyOf(details == null ? Map.of() : details);
    }

    public static CommandResult done(String what, Map<String, Object> details) {
        return new CommandResult(true, what, details);
    }

    public static CommandResult refused(String reason) {
        return new CommandResult(false, reason, Map.of());
    }
}
