package io.streetgate.distribution;

import io.streetgate.fleet.FleetCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code streetgate sim fault|clear|motion}: break and mend devices of a gateway running on a simulated street,
 * and make someone pass a PIR;
 * {@code streetgate sim fleet}: many simulated gateways with their real uplinks against a broker (docs/fleet.md).
 */
@Command(name = "sim", mixinStandardHelpOptions = true, subcommands = FleetCommand.class,
        description = "Control a gateway that runs on a simulated street, or run a simulated fleet.")
final class SimCommand {

    @Option(names = "--state-dir", description = "The gateway's state folder (default: ${DEFAULT-VALUE})")
    Path stateDir = Home.defaultState();

    @Spec
    CommandSpec spec;

    @Command(name = "fault", mixinStandardHelpOptions = true,
            description = "Inject a fault into a simulated device: nack, crc, stuck or timeout.")
    int fault(@Parameters(paramLabel = "DEVICE") String device, @Parameters(paramLabel = "FAULT") String fault)
            throws Exception {
        return call("POST", "/sim/fault?device=" + enc(device) + "&fault=" + enc(fault));
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Let a simulated device work again.")
    int clear(@Parameters(paramLabel = "DEVICE") String device) throws Exception {
        return call("DELETE", "/sim/fault?device=" + enc(device));
    }

    @Command(name = "motion", mixinStandardHelpOptions = true, description = "Make someone pass in front of a "
            + "simulated PIR now (what a wave is on a real pole, e.g. while selftest watches it).")
    int motion(@Parameters(paramLabel = "DEVICE") String device) throws Exception {
        return call("POST", "/sim/motion?device=" + enc(device));
    }

    private int call(String method, String path) throws Exception {
        StatusClient client;
        try {
            client = StatusClient.fromState(stateDir);
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        StatusClient.Response r = method.equals("POST") ? client.post(path) : client.delete(path);
        if (r.code() == 200) {
            spec.commandLine().getOut().println("ok");
            return 0;
        }
        spec.commandLine().getErr().println(r.body().getOrDefault("error", "failed with HTTP " + r.code()));
        return r.code() == 400 ? Streetgate.EXIT_BAD_INPUT : 1;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
