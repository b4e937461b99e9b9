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
 */
public record CommandRequest(Command command, String id, String name, String target, String refusal,
                             boolean rebirth, boolean issued, Instant expires, CommandSignature.Signed signed) {

    public static CommandRequest of(Command c, boolean issued, Instant expires, CommandSignature.Signed signed) {
        return new CommandRequest(c, c.id(), c.name(), c.target(), null, false, issued, expires, signed);
    }

    public static CommandRequest refused(String id, String name, String target, String reason) {
        return new CommandRequest(null, id, name, target, reason, false, false, null, null);
    }

    public static CommandRequest rebirth(String id) {
        return new CommandRequest(null, id, "rebirth", "", null, true, false, null, null);
    }
}
