package io.streetgate.ota.cli;

import io.streetgate.ota.repo.Progress;
import io.streetgate.ota.tuf.TufException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ota}: the ops tool for the update repository and campaigns. Mounted as {@code streetgate ota} by the
 * launcher ({@code top.addSubcommand("ota", new OtaCommand()); top.setExecutionExceptionHandler(OtaCommand.ERRORS)}
 * or its own handler), and runnable on its own through {@link #main}.
 */
@Command(name = "ota", mixinStandardHelpOptions = true, versionProvider = OtaCommand.Version.class,
        description = "Signed over-the-air updates: keys, the TUF repository, publishing, campaigns.",
        subcommands = {KeygenCommand.class, InitCommand.class, AddCommand.class, RemoveCommand.class, SignCommand.class,
                PublishCommand.class, RotateCommand.class, RenewCommand.class, StatusCommand.class,
                TufClientCommand.class, CampaignCommand.class, CommandLine.HelpCommand.class})
public class OtaCommand implements Callable<Integer> {
    /** Exit codes: 0 done, 1 refused or failed (message says why), 2 bad usage. */
    public static final int OK = 0;
    public static final int FAILED = 1;

    private Clock clock = Clock.systemUTC();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public OtaCommand() {
    }

    public OtaCommand(Clock clock) {
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return OK;
    }

    /**
     * TUF, I/O and argument errors become one line on stderr and exit code 1; anything else also prints its stack
     * trace. The launcher installs it on its own top-level command line, which picocli uses for subcommands too.
     */
    public static final CommandLine.IExecutionExceptionHandler ERRORS = (ex, cmd, parse) -> {
        PrintWriter err = cmd.getErr();
        Throwable e = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (e instanceof TufException || e instanceof IOException || e instanceof IllegalArgumentException) {
            err.println("ota: " + describe(e));
        } else {
            err.println("ota: unexpected error: " + describe(e));
            e.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    };

    /** A configured command line for {@code ota} on its own (tests, {@link #main}). */
    public static CommandLine commandLine(Clock clock) {
        CommandLine cl = new CommandLine(new OtaCommand(clock));
        cl.setExecutionExceptionHandler(ERRORS);
        return cl;
    }

    private static String describe(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return f.getFile() + " already exists" + (f.getReason() != null ? ": " + f.getReason() : "");
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /** Runs with the given arguments and streams; for tests and embedding. */
    public static int run(Clock clock, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(clock);
        cl.setOut(out);
        cl.setErr(err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    public static void main(String... args) {
        System.exit(commandLine(Clock.systemUTC()).execute(args));
    }

    /** A progress line on stderr, redrawn in place. */
    static Progress progressTo(PrintWriter err) {
        return (what, done, total) -> {
            String line = total > 0
                    ? String.format(Locale.ROOT, "%s %3d%% (%d/%d MiB)", what, done * 100 / total, done >> 20, total >> 20)
                    : String.format(Locale.ROOT, "%s %d MiB", what, done >> 20);
            err.print("\r" + line + (done == total ? "\n" : ""));
            err.flush();
        };
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = OtaCommand.class.getPackage().getImplementationVersion();
            return new String[] {"streetgate ota " + (v == null ? "(development build)" : v)};
        }
    }
}
