package io.streetgate.distribution;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.driver.DeviceType;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.SelfTestResult.Check;
import io.streetgate.distribution.SelfTestReport.Device;
import io.streetgate.distribution.SelfTestReport.DeviceResult;
import io.streetgate.provision.ConfigDirOption;
import io.streetgate.site.SiteConfig;
import io.streetgate.site.SiteFile;
import io.streetgate.driver.DeviceCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code streetgate selftest [DEVICE...]}: every configured sensor and actuator, through the running gateway or
 * {@code --offline}; a report a technician reads on a small screen, or JSON. Exit code 0 when every device
 * passes, 1 when any fails, 2 on bad input. With a person at the terminal it asks for what only a person can
 * check: motion in front of each presence sensor, and whether each actuator visibly moves.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Test every sensor and actuator: reachable, plausible values, actuators move and report back.",
                "Exit code: 0 all pass, 1 any fail, 2 bad input."})
final class SelfTestCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DEVICE", arity = "0..*", description = "Only these devices (ids from the site file)")
    List<String> only = new ArrayList<>();

    @Option(names = "--json", description = "Print the report as JSON (for the ticket system)")
    boolean json;

    @Option(names = "--details", description = "Print every check under its device's line")
    boolean details;

    @Option(names = "--offline", description = "No gateway runs: build the drivers in this process from the site file")
    boolean offline;

    @Option(names = "--simulate", description = "With --offline: on the simulated street of the site file")
    boolean simulate;

    @Option(names = "--fault", paramLabel = "DEVICE=FAULT", description = "With --offline --simulate: break a "
            + "simulated device first (nack, crc, stuck, timeout, garbage, short_frame), for training")
    Map<String, String> faults = new LinkedHashMap<>();

    @Option(names = "--site", paramLabel = "FILE", description = "With --offline: the site file (default: the "
            + "simulated street with --simulate, else /etc/streetgate/site.yaml or conf/site.yaml)")
    Path site;

    @Mixin
    ConfigDirOption configDir = new ConfigDirOption();

    @Option(names = "--state-dir", paramLabel = "DIR", description = "The gateway's state folder (default: ${DEFAULT-VALUE})")
    Path stateDir = Home.defaultState();

    @Option(names = "--no-prompt", description = "Ask nothing even when a person is at the terminal")
    boolean noPrompt;

    @Option(names = "--watch", paramLabel = "SECONDS", defaultValue = "20",
            description = "How long to wait for motion in front of a presence sensor (default: ${DEFAULT-VALUE})")
    int watchSeconds;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long one device may take (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    /** The person at the terminal; tests replace it. */
    Supplier<Optional<Technician>> technician = Technician::atConsole;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String problem = checkOptions();
        if (problem != null) {
            err.println(problem);
            return Streetgate.EXIT_BAD_INPUT;
        }
        SelfTestBench bench;
        try {
            bench = offline ? offlineBench() : GatewayBench.connect(stateDir, Duration.ofSeconds(timeoutSeconds));
        } catch (BadInput e) {
            err.println(e.getMessage());
            return Streetgate.EXIT_BAD_INPUT;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return Streetgate.EXIT_BAD_INPUT;
        } catch (IOException e) {
            err.println(e.getMessage() + (offline ? "" : "; with no gateway running, test with --offline"));
            return 1;
        }
        try (bench) {
            return run(bench);
        }
    }

    private String checkOptions() {
        if (simulate && !offline) {
            return "--simulate needs --offline (a running simulated gateway is tested without either)";
        }
        if (!faults.isEmpty() && !simulate) {
            return "--fault needs --offline --simulate";
        }
        if ((site != null || configDir.given().isPresent()) && !offline) {
            return (site != null ? "--site" : "--config-dir") + " needs --offline (the running gateway tests its own "
                    + "site file)";
        }
        if (watchSeconds < 1 || watchSeconds > 300) {
            return "--watch " + watchSeconds + ": give 1 to 300 seconds";
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 300) {
            return "--timeout " + timeoutSeconds + ": give 1 to 300 seconds";
        }
        return null;
    }

    /** Thrown for input the user must fix: exit code 2. */
    static final class BadInput extends Exception {
        BadInput(String message) {
            super(message);
        }
    }

    private SelfTestBench offlineBench() throws BadInput, InterruptedException {
        if (StatusClient.gatewayAnswers(stateDir)) {
            throw new BadInput("a gateway is running with state folder " + stateDir + ": it owns the buses. Test "
                    + "through it (without --offline), or stop it first (systemctl stop streetgate)");
        }
        Home home = Home.of(stateDir);
        Path file;
        try {
            file = home.siteFile(site, configDir, simulate);
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
        SiteFile.Result result = SiteFile.read(file, DeviceCatalog.installed());
        if (!result.problems().isEmpty() || result.config().isEmpty()) {
            StringBuilder b = new StringBuilder();
            result.problems().forEach(p -> b.append(p).append('\n'));
            throw new BadInput(b + file.toString() + " has problems; fix them first (streetgate config validate "
                    + file + ")");
        }
        SiteConfig config = result.config().get();
        // Modbus register maps named in the site file are relative to its folder
        Path folder = file.getParent();
        return simulate ? OfflineBench.simulated(config, folder, faults) : OfflineBench.hardware(config, folder);
    }

    int run(SelfTestBench bench) throws InterruptedException, IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<Device> devices = bench.devices();
        List<String> known = devices.stream().map(Device::id).toList();
        List<String> unknown = only.stream().filter(id -> !known.contains(id)).toList();
        if (!unknown.isEmpty()) {
            spec.commandLine().getErr().println("no device " + String.join(", ", unknown) + " in the site file; "
                    + "devices: " + String.join(", ", known));
            return Streetgate.EXIT_BAD_INPUT;
        }
        if (!only.isEmpty()) {
            devices = devices.stream().filter(d -> only.contains(d.id())).toList();
        }
        Optional<Technician> person = noPrompt || json ? Optional.empty() : technician.get();
        Instant started = Instant.now();
        if (!json) {
            out.println(SelfTestReport.header(bench.node(), bench.mode()));
            out.flush();
        }
        List<DeviceResult> results = new ArrayList<>();
        Map<String, String> forAPerson = new LinkedHashMap<>();
        for (Device device : devices) {
            DeviceResult r = bench.test(device);
            if (person.isPresent() && r.passed()) {
                r = withPersonsCheck(bench, person.get(), r);
            } else if (person.isEmpty()) {
                personsCheck(device).ifPresent(what -> forAPerson.put(device.id(), what));
            }
            results.add(r);
            if (!json) {
                out.println(SelfTestReport.line(r));
                if (details) {
                    SelfTestReport.details(r).forEach(out::println);
                }
                out.flush();
            }
        }
        SelfTestReport report = new SelfTestReport(bench.node(), bench.mode(), started, results, forAPerson);
        if (json) {
            out.println(JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(report.toJson()));
        } else {
            out.println(SelfTestReport.rule());
            report.leftForAPerson().forEach(out::println);
            out.println(report.footer());
        }
        out.flush();
        return report.passed() ? 0 : 1;
    }

    /** What only a person can check: motion in front of a presence sensor; an actuator visibly moving. */
    private DeviceResult withPersonsCheck(SelfTestBench bench, Technician person, DeviceResult r)
            throws InterruptedException {
        Device d = r.device();
        if (d.actuator()) {
            SelfTestBench.Held held = bench.hold(d);
            if (!held.ok()) {
                return r.with(Check.fail("hold", held.reason()));
            }
            boolean seen = person.confirm(held.question(d.id()));
            Check restored = bench.release(d);
            r = r.with(new Check("seen by eye", seen, seen ? "yes" : "no"));
            return restored.passed() ? r : r.with(restored);
        }
        if (reportsPresence(d.type())) {
            String how = bench.mode().equals("gateway-simulated")
                    ? " (simulated street: streetgate sim motion " + d.id() + ")" : "";
            person.tell("Wave at " + d.id() + " within " + watchSeconds + " s..." + how);
            boolean seen = bench.presence(d, Duration.ofSeconds(watchSeconds));
            return r.with(new Check("motion", seen, seen ? "seen" : "none in " + watchSeconds + " s"));
        }
        return r;
    }

    /** What only a person can check on this device, if anything. */
    private static Optional<String> personsCheck(Device d) {
        if (d.actuator()) {
            return Optional.of("that it visibly moves");
        }
        return reportsPresence(d.type()) ? Optional.of("motion in front of it") : Optional.empty();
    }

    private static boolean reportsPresence(String type) {
        return DeviceCatalog.installed().type(type).map(DeviceType::quantities)
                .map(q -> q.contains(Quantity.PRESENCE)).orElse(false);
    }
}
