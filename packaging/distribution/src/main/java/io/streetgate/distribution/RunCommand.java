package io.streetgate.distribution;

import io.streetgate.provision.ConfigDirOption;
import io.streetgate.provision.StateDirectory;
import io.streetgate.site.Problem;
import io.streetgate.site.SiteConfig;
import io.streetgate.site.SiteFile;
import io.streetgate.driver.DeviceCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** {@code streetgate run [--simulate]}: runs the gateway until SIGTERM or Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the gateway (on a simulated street with --simulate).")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--simulate", description = "Run on a simulated street: simulated chips on simulated buses, "
            + "no hardware needed")
    boolean simulate;

    @Option(names = "--site", paramLabel = "FILE", description = "The site file (default: the simulated street "
            + "with --simulate, else /etc/streetgate/site.yaml or conf/site.yaml)")
    Path site;

    @Mixin
    ConfigDirOption configDir = new ConfigDirOption();

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where the gateway keeps its state "
            + "(default: $STREETGATE_STATE_DIR or ~/.local/state/streetgate)")
    Path stateDir;

    @Option(names = "--quiet", description = "Do not print what the gateway publishes")
    boolean quiet;

    @Option(names = "--lines", description = "Print what the gateway publishes one line per message, also on a "
            + "terminal (where the default is a live view of the street, redrawn in place)")
    boolean lines;

    @Option(names = "--add-bundles", paramLabel = "DIR", description = "Also start the bundles in DIR "
            + "(site-specific add-ons); they are not part of OTA bundle sets")
    List<Path> addBundles = new ArrayList<>();

    @Option(names = "--framework", hidden = true, defaultValue = "felix",
            description = "OSGi framework to run on: felix or equinox")
    String framework;

    @Spec
    CommandSpec spec;

    /** Exit code when only a new process can go on (EX_TEMPFAIL of sysexits.h: try again). */
    static final int EXIT_FRESH_START = 75;
    /** How long sockets of a stopped framework may take to close (some close on a thread of their own). */
    private static final long CLOSE_WAIT_MILLIS = 10_000;

    /** What the process holds beyond {@code own} once a stopped framework's sockets had time to close. */
    private static List<String> leftBehind(List<String> own) throws java.io.IOException, InterruptedException {
        long pid = ProcessHandle.current().pid();
        long deadline = System.nanoTime() + CLOSE_WAIT_MILLIS * 1_000_000;
        List<String> left = ProcessSockets.beyond(own, ProcessSockets.servers(pid));
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = ProcessSockets.beyond(own, ProcessSockets.servers(pid));
        }
        return left;
    }

    private static String version() {
        String v = RunCommand.class.getPackage().getImplementationVersion();
        return v == null ? "0.0.0-development" : v;
    }

    @Override
    public Integer call() throws Exception {
        AtomicLong launched = new AtomicLong(System.nanoTime());
        PrintStream out = System.out;
        Home home = Home.of(stateDir);
        if (simulate && stateDir == null && home.state().equals(StateDirectory.SERVICE_STATE)) {
            // a simulated street must not write into the real node's store, keys and OTA slots
            spec.commandLine().getErr().println("streetgate run --simulate would use the service's state folder "
                    + StateDirectory.SERVICE_STATE + "; give it a folder of its own: --state-dir DIR");
            return Streetgate.EXIT_BAD_INPUT;
        }
        if (simulate && !Files.isDirectory(home.simulator())) {
            spec.commandLine().getErr().println("--simulate: " + Streetgate.NO_SIMULATOR);
            return Streetgate.EXIT_BAD_INPUT;
        }
        Path siteFile;
        try {
            siteFile = home.siteFile(site, configDir, simulate);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return Streetgate.EXIT_BAD_INPUT;
        }
        SiteFile.Result result = SiteFile.read(siteFile, DeviceCatalog.installed());
        result.problems().forEach(p -> System.err.println(p));
        if (result.config().isEmpty()) {
            System.err.println(siteFile + " cannot be used; fix it and start again (check it with "
                    + "'streetgate config validate " + siteFile + "')");
            return Streetgate.EXIT_BAD_INPUT;
        }
        if (!result.problems().isEmpty()) {
            System.err.println(result.problems().size() + " problem(s) in " + siteFile
                    + ": those entries do not run, the rest does");
        }
        SiteConfig config = result.config().get();
        Files.createDirectories(home.state());
        Files.deleteIfExists(home.state().resolve("status.endpoint"));

        Map<String, String> properties = new HashMap<>();
        properties.put("streetgate.site.file", siteFile.toString());
        properties.put("streetgate.simulate", Boolean.toString(simulate));
        properties.put("streetgate.version", version());

        OutputPrinter printer = null;
        LiveScreen screen = null;
        Path restartRequest = home.state().resolve(GatewayRuntime.RESTART_REQUEST);
        Files.deleteIfExists(restartRequest);
        AtomicReference<GatewayRuntime> running = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean shuttingDown = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown.set(true);
            out.println("Stopping streetgate...");
            GatewayRuntime runtime = running.get();
            if (runtime != null) {
                runtime.stop(15_000);
            }
            out.println("streetgate stopped");
            out.flush();
            stopped.countDown();
        }, "sg-shutdown"));
        // what this process listens on before any bundle ran: a stopped set must leave it so
        List<String> ownSockets = ProcessSockets.servers(ProcessHandle.current().pid());
        while (true) {
            Path bundles = GatewayRuntime.bundleSet(home.bundles(), home.state(), version());
            List<Path> dirs = new ArrayList<>(List.of(bundles));
            if (simulate) {
                // the simulator's platform stands in for the Pi's (docs/simulation.md)
                dirs.add(home.simulator());
            }
            dirs.addAll(addBundles);
            GatewayRuntime runtime = GatewayRuntime.start(framework, dirs, home.state(), properties);
            running.set(runtime);
            out.printf("streetgate node %s on %s: %d bundles installed from %s%s%n", config.node().id(), framework,
                    runtime.bundleCount(), bundles,
                    simulate ? ", simulated street at " + config.simulation().speed() + "x" : "");
            Readiness.report(home.state(), launched.get(), out);
            if (printer == null && !quiet && config.localBroker().enabled()) {
                Consumer<Map<String, Object>> sink;
                if (System.console() != null && !lines) {
                    Path log = LogToFile.divert(home.state());
                    out.println("A live view of the street follows" + (log == null ? "" : "; the log is in " + log)
                            + " (--lines prints one line per message instead)");
                    screen = new LiveScreen(config.node().id(), out);
                    sink = screen::accept;
                } else {
                    out.println("What the gateway publishes on its local broker, as it happens (Ctrl-C to stop):");
                    sink = message -> out.println(OutputPrinter.format(message));
                }
                printer = OutputPrinter.connect(home.state(), config.node().id(), sink, 30_000, () ->
                        out.println("(first summary " + (System.nanoTime() - launched.get()) / 1_000_000
                                + " ms after launch)"));
            }
            runtime.awaitStop();
            if (!Files.deleteIfExists(restartRequest)) {
                break;
            }
            List<String> left = leftBehind(ownSockets);
            if (!left.isEmpty()) {
                // a bundle of the stopped set did not close what it opened; only a new process is rid of it
                System.err.println("The stopped bundle set left " + String.join(", ", left) + " open in this process;"
                        + " streetgate exits (" + EXIT_FRESH_START + ") so that a new process starts on the next set"
                        + " (the service is restarted by systemd; by hand, start it again)");
                return EXIT_FRESH_START;
            }
            // the OTA agent switched bundle sets: start the framework again on the new set
            out.println("Restarting on the new bundle set...");
            launched.set(System.nanoTime());
        }
        if (printer != null) {
            printer.close();
        }
        if (screen != null) {
            screen.close();
        }
        if (shuttingDown.get()) {
            stopped.await();
        }
        return 0;
    }
}
