package io.streetgate.ota.cli;

import io.streetgate.ota.client.TufClient;
import io.streetgate.ota.download.DownloadPolicy;
import io.streetgate.ota.download.Downloader;
import io.streetgate.ota.tuf.TargetInfo;
import io.streetgate.ota.tuf.TufException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The TUF client as the tuf-conformance suite drives a client under test (its CLIENT-CLI.md):
 * <pre>
 * CLIENT --metadata-dir DIR init TRUSTED_ROOT
 * CLIENT --metadata-dir DIR --metadata-url URL refresh
 * CLIENT --metadata-dir DIR --metadata-url URL --target-name PATH [--target-name PATH...]
 *        --target-base-url URL --target-dir DIR download
 * </pre>
 * Exit code 0 on success, 1 on any failure. Trusted metadata is kept under unversioned names in DIR.
 */
@Command(name = "tuf-client", mixinStandardHelpOptions = true,
        description = "The device's TUF client as a command line (the tuf-conformance client interface).",
        subcommands = {TufClientCommand.Init.class, TufClientCommand.Refresh.class, TufClientCommand.Download.class})
public final class TufClientCommand implements Callable<Integer> {
    @Option(names = "--metadata-dir", required = true, paramLabel = "DIR") Path metadataDir;
    @Option(names = "--metadata-url", paramLabel = "URL") URI metadataUrl;
    @Option(names = "--target-name", paramLabel = "TARGETPATH") List<String> targetNames;
    @Option(names = "--target-base-url", paramLabel = "URL") URI targetBaseUrl;
    @Option(names = "--target-dir", paramLabel = "DIR") Path targetDir;
    @Option(names = {"-v", "--verbose"}) boolean[] verbose;

    @ParentCommand
    OtaCommand parent;
    @Spec
    CommandSpec spec;

    Clock clock() {
        return parent != null ? parent.clock() : Clock.systemUTC();
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 1;
    }

    TufClient client() {
        if (metadataUrl == null) {
            throw new TufException(TufException.Reason.CONFIG, "--metadata-url is required for this command");
        }
        PrintWriter err = spec.commandLine().getErr();
        DownloadPolicy policy = DownloadPolicy.DEFAULT.withTimeouts(Duration.ofSeconds(10), 256, Duration.ofSeconds(10))
                .withRetries(1, Duration.ZERO, Duration.ZERO).withDisk(Long.MAX_VALUE, 0);
        return TufClient.builder().metadataDir(metadataDir).metadataUrl(metadataUrl).targetsUrl(targetBaseUrl)
                .fetcher(Downloader.create(policy)).clock(clock())
                .log(verbose != null && verbose.length > 0 ? err::println : s -> { }).build();
    }

    @Command(name = "init", description = "Trusts the given root.json (copied into the metadata folder; no network).")
    static final class Init implements Callable<Integer> {
        @Parameters(paramLabel = "TRUSTED_ROOT") Path trustedRoot;
        @ParentCommand TufClientCommand top;

        @Override
        public Integer call() throws Exception {
            Files.createDirectories(top.metadataDir);
            Files.copy(trustedRoot, top.metadataDir.resolve("root.json"), StandardCopyOption.REPLACE_EXISTING);
            return 0;
        }
    }

    @Command(name = "refresh", description = "Updates root, timestamp, snapshot and targets.")
    static final class Refresh implements Callable<Integer> {
        @ParentCommand TufClientCommand top;

        @Override
        public Integer call() {
            TufClient.State s = top.client().refresh();
            top.spec.commandLine().getOut().printf("refreshed: root %d, timestamp %d, snapshot %d, targets %d%n",
                    s.rootVersion(), s.timestampVersion(), s.snapshotVersion(), s.targetsVersion());
            return 0;
        }
    }

    @Command(name = "download", description = "Refreshes, then downloads and verifies each --target-name into --target-dir.")
    static final class Download implements Callable<Integer> {
        @ParentCommand TufClientCommand top;

        @Override
        public Integer call() throws Exception {
            if (top.targetNames == null || top.targetDir == null || top.targetBaseUrl == null) {
                throw new TufException(TufException.Reason.CONFIG, "download needs --target-name, --target-base-url and --target-dir");
            }
            TufClient c = top.client();
            c.refresh();
            Files.createDirectories(top.targetDir);
            for (String name : top.targetNames) {
                TargetInfo t = c.requireTarget(name);
                Optional<Path> cached = c.findCached(t, top.targetDir);
                Path p = cached.isPresent() ? cached.get() : c.download(t, top.targetDir);
                top.spec.commandLine().getOut().printf("%s -> %s%n", name, p);
            }
            return 0;
        }
    }

    /** Runs the client on its own: the executable the conformance suite calls. */
    public static void main(String... args) {
        CommandLine cl = new CommandLine(new TufClientCommand());
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            cmd.getErr().println("tuf-client: " + ex.getMessage());
            return 1;
        });
        cl.setParameterExceptionHandler((ex, args2) -> {
            ex.getCommandLine().getErr().println("tuf-client: " + ex.getMessage());
            return 1;
        });
        System.exit(cl.execute(args));
    }
}
