package io.streetgate.fleet;

import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.CommandHandler;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.ota.message.CampaignNotice;
import io.streetgate.ota.message.MessageRefused;
import io.streetgate.ota.message.OtaMessages;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The commands a simulated gateway answers, through the uplink's own command router: {@code ping} (is the
 * node there, how long has it run, how much waits in its store) and {@code ota.campaign}, a campaign notice read
 * with the OTA message schema as the real agent reads it, but only acknowledged: a simulated node downloads and
 * installs nothing. Anything else is refused by the router with the known commands, as on a real gateway.
 */
final class GatewayCommands implements CommandHandler {

    static final String PING = "ping";
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
        return Set.of(PING, Command.OTA_CAMPAIGN);
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

    /**
     * Read with the one OTA message schema, as the agent reads it: a notice it would refuse is refused with the
     * schema's reason. Its {@code not_after} is compared with the real clock, not the street's accelerated one:
     * ops stamp notices in real UTC.
     */
    private static CommandResult campaign(Command command) {
        CampaignNotice notice;
        try {
            notice = OtaMessages.notice(command.arguments()).requireFresh(Instant.now());
        } catch (MessageRefused e) {
            return CommandResult.refused(e.getMessage());
        }
        return CommandResult.done(notice.describe() + " taken (simulated gateway: nothing is downloaded or installed)",
                Map.of("running", SIMULATED_VERSION, "simulated", true));
    }
}
