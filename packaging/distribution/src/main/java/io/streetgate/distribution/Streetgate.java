package io.streetgate.distribution;

import io.streetgate.flash.FlashCommand;
import io.streetgate.ota.cli.OtaCommand;
import io.streetgate.provision.ProvisionCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code streetgate} command. */
@Command(name = "streetgate", mixinStandardHelpOptions = true, versionProvider = Streetgate.Version.class,
        description = "Edge gateway runtime for street poles and cabinets.",
        subcommands = {RunCommand.class, ConfigCommand.class, StatusCommand.class, SimCommand.class,
                CommandCommand.class, CommandKeyCommand.class, OverrideCommand.class, OtaCommand.class, SelfTestCommand.class,
                ScanCommand.class, ProvisionCommand.class, FlashCommand.class, CommandLine.HelpCommand.class})
public final class Streetgate {

    /** Exit code for bad input (a site file with errors, a bad argument). */
    public static final int EXIT_BAD_INPUT = 2;

    public static void main(String[] args) {
        CommandLine cli = commandLine();
        // the commands print to the terminal's streams as they are now, whatever the log does with System.err later
        cli.setOut(new PrintWriter(System.out, true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true));
        cli.setExecutionStrategy(parsed -> {
            logOutOfTheOutput(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        System.exit(cli.execute(args));
    }

    /**
     * A command prints only what it means to: log lines (a library's WARN among them) go to the state folder's
     * {@code log/command.log}. {@code run} is the gateway, whose log is its output (or a file behind the live view).
     */
    static void logOutOfTheOutput(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult command = parsed;
        while (command.hasSubcommand()) {
            command = command.subcommand();
        }
        if (command == parsed || command.commandSpec().name().equals("run") || command.isUsageHelpRequested()
                || command.isVersionHelpRequested()) {
            return;
        }
        boolean hasStateDir = command.commandSpec().findOption("--state-dir") != null;
        Object given = hasStateDir ? command.matchedOptionValue("--state-dir", null) : null;
        LogToFile.commandOnly(given instanceof Path p ? p : given != null ? Path.of(given.toString()) : Home.defaultState());
    }

    /** Why a simulated command cannot run on this installation. */
    static final String NO_SIMULATOR = "this installation has no simulated street (the .deb and the node image "
            + "leave the simulator out; the distribution archive has it)";

    /** A simulator class was not found: the installation has no {@code simulator} folder. */
    static boolean simulatorMissing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoClassDefFoundError && String.valueOf(t.getMessage()).startsWith("io/streetgate/sim/")) {
                return true;
            }
        }
        return false;
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Streetgate());
        cli.setExitCodeExceptionMapper(e -> EXIT_BAD_INPUT);
        // the ota tool has no MQTT; the launcher has the uplink's connection code
        cli.getSubcommands().get("ota").getSubcommands().get("campaign").addSubcommand("run", new CampaignRunCommand());
        List<String> footer = new ArrayList<>(List.of("", "Example, a campaign notice for the OTA agent (docs/ota.md, "
                + "\"Messages\"):"));
        footer.addAll(List.of(CommandCommand.campaignExample()));
        cli.getSubcommands().get("command").getCommandSpec().usageMessage().footer(footer.toArray(new String[0]));
        // one-line errors for the ops commands (a bad key file, an expired role) instead of stack traces, and
        // for a simulated command (sim fleet) where the simulator is not installed
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (simulatorMissing(e)) {
                command.getErr().println(command.getCommandName() + ": " + NO_SIMULATOR);
                return EXIT_BAD_INPUT;
            }
            return OtaCommand.ERRORS.handleExecutionException(e, command, parsed);
        });
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println(e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return EXIT_BAD_INPUT;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Streetgate.class.getPackage().getImplementationVersion();
            return new String[]{"streetgate " + (v == null ? "development" : v)};
        }
    }
}
