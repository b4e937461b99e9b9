package io.streetgate.launcher;

import com.fasterxml.jackson.jr.ob.JSON;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code streetgate command NAME [--target ID] [KEY=VALUE ...]}: sends a command to the running gateway, as the
 * uplink's command topic would (e.g. {@code ota.campaign campaign=c1 action=halt}).
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> args = new LinkedHashMap<>();
        arguments.forEach((k, v) -> args.put(k, typed(v)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("target", target);
        body.put("arguments", args);
        body.put("origin", "cli:" + System.getProperty("user.name"));
        return send(spec, stateDir, body);
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
        if (r.code() == 200) {
            spec.commandLine().getOut().println(r.body().get("reason"));
            Object details = r.body().get("details");
            if (details instanceof Map<?, ?> d && !d.isEmpty()) {
                spec.commandLine().getOut().println(JSON.std.asString(d));
            }
            return 0;
        }
        spec.commandLine().getErr().println("refused: " + r.body().getOrDefault("reason", r.body().get("error")));
        return Streetgate.EXIT_BAD_INPUT;
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
