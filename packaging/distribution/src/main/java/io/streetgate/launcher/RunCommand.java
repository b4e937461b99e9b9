package io.streetgate.launcher;

import io.streetgate.site.Problem;
import io.streetgate.site.SiteConfig;
import io.streetgate.site.SiteFile;
import io.streetgate.site.StandardDevices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code streetgate run [--simulate]}: runs the gateway until SIGTERM or Ctrl-C. */
@Command(name = "run", description = "Run the gateway (on a simulated street with --simulate).")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--simulate", description = "Run on a simulated street: simulated chips on simulated buses, "
            + "no hardware needed")
    boolean simulate;

    @Option(names = "--site", paramLabel = "FILE", description = "The site file (default: the simulated street "
            + "with --simulate, else /etc/streetgate/site.yaml or conf/site.yaml)")
    Path site;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where the gateway keeps its state "
            + "(default: $STREETGATE_STATE_DIR or ~/.local/state/streetgate)")
    Path stateDir;

    @Option(names = "--quiet", description = "Do not print what the gateway publishes")
    boolean quiet;

    @Option(names = "--framework", hidden = true, defaultValue = "felix",
            description = "OSGi framework to run on: felix or equinox")
    String framework;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long launched = System.nanoTime();
        PrintStream out = System.out;
        Home home = Home.of(stateDir);
        Path siteFile = (site != null ? site : home.defaultSite(simulate)).toAbsolutePath();
        SiteFile.Result result = SiteFile.read(siteFile, StandardDevices.catalog());
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
        GatewayRuntime runtime = GatewayRuntime.start(framework, home.bundles(), home.state(), properties);

        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            out.println("Stopping streetgate...");
            runtime.stop(15_000);
            out.println("streetgate stopped");
            out.flush();
            stopped.countDown();
        }, "sg-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        out.printf("streetgate node %s on %s: %d bundles installed%s%n", config.node().id(),
                framework, runtime.bundleCount(), simulate ? ", simulated street at " + config.simulation().speed()
                        + "x" : "");
        Readiness.report(home.state(), launched, out);

        OutputPrinter printer = null;
        if (!quiet && config.localBroker().enabled()) {
            out.println("What the gateway publishes on its local broker, as it happens (Ctrl-C to stop):");
            printer = OutputPrinter.connect(home.state(), config.node().id(), out, 30_000, () ->
                    out.printf("(first summary %d ms after launch)%n", (System.nanoTime() - launched) / 1_000_000));
        }
        runtime.awaitStop();
        if (printer != null) {
            printer.close();
        }
        stopped.await();
        return 0;
    }
}
