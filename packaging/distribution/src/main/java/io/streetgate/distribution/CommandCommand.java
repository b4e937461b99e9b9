package io.streetgate.distribution;

import io.streetgate.ota.message.CampaignNotice;
import io.streetgate.ota.message.OtaMessages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code streetgate command NAME [--target ID] [KEY=VALUE ...]}: sends a command to the running gateway, as the
 * uplink's command topic would; its help shows a campaign notice as the example ({@link #campaignExample()}). With
 * {@code --node}, it
 * prints the command message for that node's MQTT command topic instead, issued now and holding for
 * {@code --valid}, and signed with {@code --sign-with} (docs/uplink.md, "Signed commands").
 */
@Command(name = "command", mixinStandardHelpOptions = true, description = "Send a command to the running gateway's component that owns it.")
final class CommandCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "e.g. actuator.override, ota.campaign")
    String name;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "arguments (numbers and true/false are typed)")
    Map<String, String> arguments = new LinkedHashMap<>();

    @Option(names = "--target", description = "what the command is about (an actuator id, a device id)")
    String target = "";

    @Option(names = "--state-dir", description = "The gateway's state folder (default: ${DEFAULT-VALUE})")
    Path stateDir = Home.defaultState();

    @Option(names = "--node", description = "print the command message for this node's MQTT command topic "
            + "instead of sending it to the local gateway")
    String node;

    @Option(names = "--valid", description = "with --node: how long the command holds after now (default: ${DEFAULT-VALUE})")
    String valid = "5m";

    @Option(names = "--sign-with", paramLabel = "FILE", description = "with --node: sign with this Ed25519 key "
            + "(PKCS#8 PEM, from streetgate command-key)")
    Path key;

    @Option(names = "--key-name", description = "with --sign-with: the key's name in the node's site file "
            + "(default: ${DEFAULT-VALUE})")
    String keyName = "ops-console";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> args = new LinkedHashMap<>();
        arguments.forEach((k, v) -> args.put(k, typed(v)));
        if (node != null) {
            return print(args);
        }
        if (key != null) {
            spec.commandLine().getErr().println("--sign-with signs a message for a node's MQTT command topic: "
                    + "give --node <node id> too");
            return Streetgate.EXIT_BAD_INPUT;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("target", target);
        body.put("arguments", args);
        body.put("origin", "cli:" + System.getProperty("user.name"));
        return send(spec, stateDir, body);
    }

    /** Prints the command message for {@link #node}, signed when a key is given. */
    private int print(Map<String, Object> args) throws java.io.IOException {
        java.util.Optional<java.time.Duration> holds = io.streetgate.driver.Durations.parse(valid);
        if (holds.isEmpty() || holds.get().isNegative() || holds.get().isZero()) {
            spec.commandLine().getErr().println("--valid '" + valid + "' is not a positive duration; "
                    + io.streetgate.driver.Durations.HINT);
            return Streetgate.EXIT_BAD_INPUT;
        }
        Map<String, Object> message = CommandMessage.members(name, target, args,
                "cli:" + System.getProperty("user.name"), java.time.Instant.now(), holds.get());
        if (key != null) {
            CommandMessage.sign(message, node, keyName, CommandMessage.readKey(key));
        }
        spec.commandLine().getOut().println(CommandMessage.json(message));
        return 0;
    }

    /**
     * Posts a command to the running gateway and prints its acknowledgement (the reason, then the details as
     * JSON) or its refusal.
     *
     * @return 0 when it was carried out, 1 when no gateway answered, {@link Streetgate#EXIT_BAD_INPUT} when refused
     */
    static int send(CommandSpec spec, Path stateDir, Map<String, Object> body) throws java.io.IOException,
            InterruptedException {
        StatusClient.Response r;
        try {
            r = StatusClient.fromState(stateDir).post("/command", body);
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        ZoneId zone = ZoneId.systemDefault();
        if (r.code() == 200) {
            spec.commandLine().getOut().println(LocalTimes.of(String.valueOf(r.body().get("reason")), zone));
            Object details = r.body().get("details");
            if (details instanceof Map<?, ?> d) {
                // one "key: value" line each, as a person reads them, times in local time
                d.forEach((k, v) -> spec.commandLine().getOut().println("  " + k + ": " + LocalTimes.of(String.valueOf(v),
                        zone)));
            }
            return 0;
        }
        spec.commandLine().getErr().println("refused: " + LocalTimes.of(String.valueOf(
                r.body().getOrDefault("reason", r.body().get("error"))), zone));
        return Streetgate.EXIT_BAD_INPUT;
    }

    /**
     * The help's example: a halt notice typed as arguments, written by the OTA message schema itself, so the
     * example is always what the agent reads; shell lines of at most 72 characters (the help is 80 wide).
     */
    static String[] campaignExample() {
        Map<String, Object> fields = OtaMessages.noticeFields(CampaignNotice.halt("spring-2030",
                Instant.parse("2030-01-08T00:00:00Z")));
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder("  streetgate command ota.campaign");
        for (Map.Entry<String, Object> f : fields.entrySet()) {
            String argument = f.getKey() + "=" + f.getValue();
            if (line.length() + argument.length() + 3 > 72) {
                lines.add(line.append(" \\").toString());
                line = new StringBuilder("    ").append(argument);
            } else {
                line.append(' ').append(argument);
            }
        }
        lines.add(line.toString());
        return lines.toArray(new String[0]);
    }

    static Object typed(String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        try {
            return value.matches("-?\\d+") ? Long.parseLong(value) : value.matches("-?\\d*\\.\\d+") ? Double.parseDouble(value) : value;
        } catch (NumberFormatException e) {
            return value;
        }
    }
}
