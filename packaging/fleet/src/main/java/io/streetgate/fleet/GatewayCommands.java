package io.streetgate.fleet;

import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.CommandHandler;
import io.streetgate.gateway.api.CommandResult;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The commands a simulated gateway answers, through the uplink's own command router: {@code ping} (is the
 * node there, how long has it run, how much waits in its store) and {@code ota.campaign}, checked like the
 * real OTA agent checks it but only acknowledged: a simulated node downloads and installs nothing. Anything
 * else is refused by the router with the known commands, as on a real gateway.
 */
final class GatewayCommands implements CommandHandler {

    static final String PING = "ping";
    static final String CAMPAIGN = "ota.campaign";
    static final String SIMULATED_VERSION = "0.1.0-sim";

    private final String node;
    private final Supplier<Instant> now;
    private final Instant started;
    private final Supplier<Long> waiting;

    GatewayCommands(String node, Supplier<Instant> now, Supplier<Long> waiting) {
        this.node = node;
        this.now = now;
        this.started = now.get();
        this.waiting = waiting;
    }

    @Override
    public Set<String> commands() {
        return Set.of(PING, CAMPAIGN);
    }

    @Override
    public CommandResult handle(Command command) {
        return PING.equals(command.name()) ? ping() : campaign(command);
    }

    private CommandResult ping() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("node", node);
        d.put("uptimeSeconds", Duration.between(started, now.get()).toSeconds());
        d.put("waiting", waiting.get());
        d.put("running", SIMULATED_VERSION);
        d.put("simulated", true);
        return CommandResult.done("pong from " + node, d);
    }

    private static CommandResult campaign(Command command) {
        Object campaign = command.arguments().get("campaign");
        Object action = command.arguments().getOrDefault("action", "update");
        if (!(campaign instanceof String id) || id.isBlank()) {
            return CommandResult.refused("ota.campaign needs a campaign id (argument 'campaign')");
        }
        if ("update".equals(action)) {
            Object target = command.arguments().get("target");
            if (!(target instanceof String path) || path.isBlank()) {
                return CommandResult.refused("ota.campaign update needs the target path (argument 'target')");
            }
        } else if (!"halt".equals(action)) {
            return CommandResult.refused("ota.campaign action '" + action + "' is not update or halt");
        }
        return CommandResult.done("campaign " + id + " " + action + " taken (simulated gateway: nothing is "
                + "downloaded or installed)", Map.of("running", SIMULATED_VERSION, "simulated", true));
    }
}
