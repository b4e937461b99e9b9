package io.streetgate.uplink.command;

import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.CommandAudit;
import io.streetgate.gateway.api.CommandHandler;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.CommandRouter;
import io.streetgate.uplink.payload.CommandRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The command handlers there are right now (OSGi services come and go), and the way of a command from
 * upstream to the one that owns it: the {@link CommandGuard} first (fresh, signed where required, within its
 * origin's rate), then {@link CommandRouter} (nobody or two owners refuse, with the reason). A command refused
 * before it reached its owner is recorded through the {@link CommandAudit}, when there is one.
 */
public class CommandDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);

    private final List<CommandHandler> handlers = new CopyOnWriteArrayList<>();
    private volatile CommandGuard guard = new CommandGuard(CommandRules.DEFAULT);
    private volatile CommandAudit audit;

    public void add(CommandHandler handler) {
        handlers.add(handler);
    }

    public void remove(CommandHandler handler) {
        handlers.remove(handler);
    }

    /** New rules; the rate limit starts afresh with them. */
    public void rules(CommandRules rules) {
        guard = new CommandGuard(Objects.requireNonNull(rules, "rules"));
    }

    public CommandRules rules() {
        return guard.rules();
    }

    /** Where refusals are recorded; null for nowhere (they are still answered and logged). */
    public void audit(CommandAudit audit) {
        this.audit = audit;
    }

    /** Whether a handler that owns this command is there now (OSGi services arrive in any order). */
    public boolean owned(String name) {
        return handlers.stream().anyMatch(h -> h.commands().contains(name));
    }

    public CommandResult route(Command command) {
        return CommandRouter.route(command, handlers);
    }

    /**
     * Checks a command that arrived from upstream and, when it passes, runs it through its owner.
     *
     * @param expiry what was left of its MQTT 5 message expiry on arrival, or null
     */
    public CommandResult dispatch(CommandRequest request, Duration expiry, Instant now) {
        CommandGuard.Verdict v = guard.check(request, expiry, now);
        if (v.allowed()) {
            return route(v.command());
        }
        CommandAudit a = audit;
        if (a != null) {
            Command c = request.command();
            try {
                a.refused(now, request.id(), request.name(), request.target(), c == null ? "mqtt" : c.origin(),
                        c == null ? List.of() : c.arguments().keySet(), v.refusal());
            } catch (RuntimeException e) {
                LOG.warn("The refusal of command {} could not be audited: {}", request.id(), e.toString());
            }
        }
        return CommandResult.refused(v.refusal());
    }

    /**
     * Records commands refused before they were read (the uplink's inbox was full): one audit record for the
     * lot, so that a flood leaves one record per pass of the sender, not one per junk command (the sender's log
     * counts them too).
     */
    public void refusedUnread(Instant now, long count, String reason) {
        CommandAudit a = audit;
        if (a == null) {
            return;
        }
        try {
            a.refused(now, "unread", null, null, "mqtt", List.of(), count + " command(s) refused unread: " + reason);
        } catch (RuntimeException e) {
            LOG.warn("The refusal of {} unread command(s) could not be audited: {}", count, e.toString());
        }
    }
}
