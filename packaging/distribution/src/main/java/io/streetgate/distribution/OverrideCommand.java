package io.streetgate.distribution;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code streetgate override ACTUATOR (--level L | --on | --off) (--for D | --until T) [--note TEXT]} and
 * {@code streetgate override ACTUATOR --release}: a manual override of one actuator through the running gateway's
 * control (the {@code actuator.override} and {@code actuator.release} commands, docs/control.md). Prints the
 * acknowledgement; a refusal is printed with its reason and exits with 2.
 */
@Command(name = "override", mixinStandardHelpOptions = true,
        description = "Set an actuator by hand for a while (it returns to its control at the expiry), or release it.")
final class OverrideCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ACTUATOR", description = "the actuator's id in the site file, e.g. lamp-1")
    String actuator;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
        @Option(names = "--level", paramLabel = "L", description = "level 0..1 (a lamp: 0, or at least its class level)")
        Double level;

        @Option(names = "--on", description = "switch it on (level 1)")
        boolean on;

        @Option(names = "--off", description = "switch it off (level 0)")
        boolean off;

        @Option(names = "--release", description = "end its override now")
        boolean release;
    }

    @Option(names = "--for", paramLabel = "DURATION", description = "how long it holds, e.g. 30m, 2h; a bare number is seconds")
    String duration;

    @Option(names = "--until", paramLabel = "TIME", description = "when it ends, UTC, e.g. 2026-06-21T23:00:00Z")
    String until;

    @Option(names = "--note", description = "why, for the audit record")
    String note;

    @Option(names = "--state-dir", description = "The gateway's state folder (default: ${DEFAULT-VALUE})")
    Path stateDir = Home.defaultState();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> body;
        try {
            body = body();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return Streetgate.EXIT_BAD_INPUT;
        }
        return CommandCommand.send(spec, stateDir, body);
    }

    /** The command as the status endpoint takes it. */
    Map<String, Object> body() {
        Map<String, Object> args = new LinkedHashMap<>();
        String name;
        if (what.release) {
            if (duration != null || until != null) {
                throw new IllegalArgumentException("--release takes no --for or --until");
            }
            name = "actuator.release";
        } else {
            name = "actuator.override";
            if (what.level != null) {
                args.put("level", what.level);
            } else {
                args.put("on", what.on);
            }
            if ((duration == null) == (until == null)) {
                throw new IllegalArgumentException("an override needs an expiry: give --for (e.g. 30m) or --until "
                        + "(a UTC time), not both");
            }
            if (duration != null) {
                // a bare number is seconds, as the command's own "for" takes it (docs/control.md)
                args.put("for", duration.strip().matches("\\d+") ? (Object) Long.parseLong(duration.strip()) : duration);
            } else {
                args.put("until", until);
            }
        }
        if (note != null) {
            args.put("note", note);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("target", actuator);
        body.put("arguments", args);
        body.put("origin", "cli:" + System.getProperty("user.name"));
        return body;
    }
}
