package io.streetgate.uplink.payload;

import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.format.CommandSignature;

import java.time.Instant;

/**
 * What a command message asked for: a command for its owner, a refusal (the message could not be read), or
 * the uplink's own rebirth.
 *
 * @param command the command, or null when refused or a rebirth
 * @param id      its id for the answer
 * @param name    its name as far as known
 * @param target  its target as far as known
 * @param refusal why it cannot be carried out, or null
 * @param rebirth whether it asks for a new Sparkplug birth sequence
 * @param issued  whether the message said when it was issued ({@link Command#issuedAt}); otherwise that is
 *                its arrival
 * @param expires until when the message says it holds, or null
 * @param signed  its signature, or null when it is not signed
 * @param notice  whether it is an OTA campaign notice: bounded by its own {@code not_after} (as
 *                {@code expires}), and the agent acts only on a target the update repository signed, with the
 *                version and sha256 the notice names; so no command key is asked of it
 */
public record CommandRequest(Command command, String id, String name, String target, String refusal,
                             boolean rebirth, boolean issued, Instant expires, CommandSignature.Signed signed,
                             boolean notice) {

    public static CommandRequest of(Command c, boolean issued, Instant expires, CommandSignature.Signed signed) {
        return new CommandRequest(c, c.id(), c.name(), c.target(), null, false, issued, expires, signed, false);
    }

    /** An OTA campaign notice as its command, taken at its arrival and holding until {@code notAfter}. */
    public static CommandRequest notice(Command c, Instant notAfter) {
        return new CommandRequest(c, c.id(), c.name(), c.target(), null, false, true, notAfter, null, true);
    }

    public static CommandRequest refused(String id, String name, String target, String reason) {
        return new CommandRequest(null, id, name, target, reason, false, false, null, null, false);
    }

    public static CommandRequest rebirth(String id) {
        return new CommandRequest(null, id, "rebirth", "", null, true, false, null, null, false);
    }
}
