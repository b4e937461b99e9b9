package io.streetgate.uplink.command;

import io.streetgate.driver.Durations;
import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.format.CommandSignature;
import io.streetgate.uplink.payload.CommandRequest;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;

/**
 * Decides whether a command from upstream may go to its owner, in this order: it is fresh (it says when it was
 * issued, or came with an MQTT 5 message expiry; it is not older than {@code max-age}, not past its
 * {@code expires}, not from the future), its signature is valid (required when the rules say so; a signed
 * command's origin becomes {@code key:<name>}), and its origin is within its rate. Plain Java; the uplink's
 * sender thread owns it.
 */
public final class CommandGuard {

    /** A signed command's origin: the name of the key that signed it. */
    public static final String SIGNED_ORIGIN = "key:";

    /** The command to carry out, or why it is refused. */
    public record Verdict(Command command, String refusal) {
        public boolean allowed() {
            return command != null;
        }
    }

    private final CommandRules rules;
    private final RateLimit rate;

    public CommandGuard(CommandRules rules) {
        this.rules = rules;
        this.rate = new RateLimit(rules.perMinute());
    }

    public CommandRules rules() {
        return rules;
    }

    /**
     * @param request what the format read
     * @param expiry  what was left of the message's MQTT 5 expiry on arrival, or null
     * @param now     gateway time
     */
    public Verdict check(CommandRequest request, Duration expiry, Instant now) {
        if (request.refusal() != null) {
            return refuse(request.refusal());
        }
        Command c = request.command();
        String stale = freshness(request, expiry, now);
        if (stale != null) {
            return refuse(stale);
        }
        CommandSignature.Signed signed = request.signed();
        if (signed != null) {
            PublicKey key = rules.keys().get(signed.key());
            if (key == null) {
                return refuse("signed with key '" + signed.key() + "', which this node does not allow (allowed: "
                        + (rules.keys().isEmpty() ? "none" : String.join(", ", new TreeSet<>(rules.keys().keySet())))
                        + "; uplink.commands.keys)");
            }
            if (!CommandSignature.verify(key, signed)) {
                return refuse("the signature does not match the command for this node (key '" + signed.key()
                        + "'); nothing was changed");
            }
            c = c.withOrigin(SIGNED_ORIGIN + signed.key());
        } else if (rules.requireSignature() && !request.notice()) {
            return refuse("this node carries out signed commands only (uplink.commands.require-signature); sign it "
                    + "with one of its keys: streetgate command sign --key <file> ...");
        }
        if (!rate.take(c.origin(), now)) {
            return refuse("more than " + rate.perMinute() + " commands a minute from " + c.origin()
                    + " (uplink.commands.per-minute); try again later");
        }
        return new Verdict(c, null);
    }

    private String freshness(CommandRequest request, Duration expiry, Instant now) {
        Command c = request.command();
        if (!request.issued() && expiry == null) {
            return "the command does not say when it was issued: add \"issued\" (UTC) and \"expires\", or publish it "
                    + "with an MQTT 5 message expiry; a command without a time could be carried out hours late";
        }
        if (request.issued()) {
            if (c.issuedAt().isAfter(now.plus(CommandRules.CLOCK_SKEW))) {
                return "issued at " + c.issuedAt() + ", ahead of the node's time " + now + " by more than "
                        + CommandRules.CLOCK_SKEW.toSeconds() + " s; is the sender's or the node's clock wrong?";
            }
            Instant stale = c.issuedAt().plus(rules.maxAge());
            if (now.isAfter(stale)) {
                return "stale: issued at " + c.issuedAt() + ", " + ago(Duration.between(c.issuedAt(), now))
                        + " before it arrived at " + now + "; commands older than " + ago(rules.maxAge())
                        + " are refused (uplink.commands.max-age)";
            }
        }
        if (request.expires() != null && !now.isBefore(request.expires())) {
            return "expired at " + request.expires() + "; it arrived at " + now;
        }
        return null;
    }

    private static String ago(Duration d) {
        return Durations.format(d.withNanos(0));
    }

    private static Verdict refuse(String reason) {
        return new Verdict(null, reason);
    }
}
