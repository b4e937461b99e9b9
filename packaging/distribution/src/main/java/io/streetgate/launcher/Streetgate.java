package io.streetgate.launcher;

import io.streetgate.flash.FlashCommand;
import io.streetgate.ota.cli.OtaCommand;
import io.streetgate.provision.ProvisionCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code streetgate} command. */
@Command(name = "streetgate", mixinStandardHelpOptions = true, versionProvider = Streetgate.Version.class,
        description = "Edge gateway runtime for street poles and cabinets.",
        subcommands = {RunCommand.class, ConfigCommand.class, StatusCommand.class, SimCommand.class,
                CommandCommand.class, OverrideCommand.class, OtaCommand.class, SelfTestCommand.class,
                ScanCommand.class, ProvisionCommand.class, FlashCommand.class, CommandLine.HelpCommand.class})
public final class Streetgate {

    /** Exit code for bad input (a site file with errors, a bad argument). */
    public static final int EXIT_BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Streetgate());
        cli.setExitCodeExceptionMapper(e -> EXIT_BAD_INPUT);
        // one-line errors for the ops commands (a bad key file, an expired role) instead of stack traces
        cli.setExecutionExceptionHandler(OtaCommand.ERRORS);
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
