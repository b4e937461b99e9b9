package io.streetgate.fleet;

import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.Broker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code streetgate sim fleet}: many simulated gateways in this process, each running the real uplink against a
 * real broker, fed with one-minute summaries of its own simulated street on an accelerated clock. Prints a live
 * line every few seconds and a summary at the end. Exits 0, 1 when a gateway never connected, 2 on bad usage.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run many simulated gateways, each with its own real uplink (store file, sender, Paho MQTT "
                + "client, JSON or Sparkplug B, commands), against a real broker: for trying campaigns, dashboards "
                + "and broker sizing.",
                "Every gateway sends the one-minute summaries of its simulated street (temperature, light) and its "
                        + "15-minute occupancy; gateway time runs --speed times faster than the wall clock.",
                "Commands answered: ping, ota.campaign (acknowledged only: nothing is installed), Sparkplug rebirth."},
        footer = {"", "Examples:",
                "  streetgate sim fleet --gateways 250 --broker tcp://127.0.0.1:1883 --duration 2m",
                "  streetgate sim fleet --gateways 500 --format sparkplug --broker ssl://mqtt.test.example:8883 "
                        + "--ca-file ca.pem --username '{node}' --password-file fleet.password --stagger 60s",
                "", "Exit codes: 0 done, 1 a gateway never connected, 2 bad usage."})
public class FleetCommand implements Callable<Integer> {
    public static final int OK = 0;
    public static final int NEVER_CONNECTED = 1;
    public static final int USAGE = 2;

    @Option(names = "--gateways", paramLabel = "N", defaultValue = "100",
            description = "Simulated gateways (default: ${DEFAULT-VALUE}).")
    int gateways;

    @Option(names = "--prefix", paramLabel = "NAME", defaultValue = "sim",
            description = "Node ids are NAME-0001, NAME-0002, ... (default: ${DEFAULT-VALUE}); also the MQTT client ids.")
    String prefix;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "60",
            description = "Gateway time runs X times faster (default: ${DEFAULT-VALUE}: a one-minute summary every "
                    + "second per stream).")
    double speed;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "0", converter = Durations.class,
            description = "How long to run, real time (e.g. 90s, 5m); 0 runs until Ctrl-C (default).")
    Duration duration;

    @Option(names = "--start", paramLabel = "INSTANT",
            description = "Gateway time at the start, e.g. 2026-06-21T19:00:00Z (default: now).")
    Instant start;

    @Option(names = "--broker", paramLabel = "URL", defaultValue = "tcp://127.0.0.1:1883",
            description = "ssl://host:port or tcp://host:port (default: ${DEFAULT-VALUE}).")
    String broker;

    @Option(names = "--protocol", paramLabel = "V", defaultValue = "5",
            description = "MQTT version: 5 or 3.1.1 (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--format", paramLabel = "F", defaultValue = "json",
            description = "json or sparkplug (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--username", paramLabel = "USER",
            description = "Login of every gateway; {node} is replaced by the node id.")
    String username;

    @Option(names = "--password-file", paramLabel = "FILE", description = "The password on its first line.")
    Path passwordFile;

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "CA the broker's certificate must chain to (ssl://; default: the JVM's trusted CAs).")
    Path caFile;

    @Option(names = "--client-cert", paramLabel = "PEM", description = "TLS client certificate chain (with --client-key).")
    Path clientCert;

    @Option(names = "--client-key", paramLabel = "PEM", description = "Its PKCS#8 key, unencrypted.")
    Path clientKey;

    @Option(names = "--topic-prefix", paramLabel = "P", defaultValue = "streetgate",
            description = "First topic level of the JSON format (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--group", paramLabel = "G", defaultValue = "streetgate",
            description = "Sparkplug group id (default: ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--stagger", paramLabel = "TIME", defaultValue = "10s", converter = Durations.class,
            description = "Spread the first connects evenly over TIME; 0 connects all at once (default: ${DEFAULT-VALUE}).")
    Duration stagger;

    @Option(names = "--keep-alive", paramLabel = "TIME", defaultValue = "60s", converter = Durations.class,
            description = "MQTT keep-alive (default: ${DEFAULT-VALUE}).")
    Duration keepAlive;

    @Option(names = "--reconnect-min", paramLabel = "TIME", defaultValue = "2s", converter = Durations.class,
            description = "Back-off after a lost connection, first interval (default: ${DEFAULT-VALUE}, as on a gateway).")
    Duration reconnectMin;

    @Option(names = "--reconnect-max", paramLabel = "TIME", defaultValue = "5m", converter = Durations.class,
            description = "Back-off cap (default: ${DEFAULT-VALUE}, as on a gateway).")
    Duration reconnectMax;

    @Option(names = "--store-dir", paramLabel = "DIR",
            description = "Keep the gateways' store files here (DIR/<node>/store.db), so a second run goes on "
                    + "where this one stopped; default: a temporary folder in memory (/dev/shm) where there is one, "
                    + "deleted at the end.")
    Path storeDir;

    @Option(names = "--store-max-mib", paramLabel = "MIB", defaultValue = "8",
            description = "Bound of each gateway's store file (default: ${DEFAULT-VALUE}).")
    int storeMaxMib;

    @Option(names = "--seed", defaultValue = "1", description = "Same seed, same streets (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--report-every", paramLabel = "TIME", defaultValue = "5s", converter = Durations.class,
            description = "Live line interval (default: ${DEFAULT-VALUE}).")
    Duration reportEvery;

    @Option(names = "--drain", paramLabel = "TIME", defaultValue = "15s", converter = Durations.class,
            description = "At the end, wait up to TIME for what the stores hold to be delivered (default: ${DEFAULT-VALUE}).")
    Duration drain;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final CountDownLatch stopRequested = new CountDownLatch(1);

    public FleetCommand() {
    }

    /** For a launcher that runs the command on its own. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new FleetCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FleetSettings settings;
        TimeBase time;
        try {
            settings = settings(err);
            time = TimeBase.accelerated(start == null ? Instant.now() : start, speed);
        } catch (IllegalArgumentException | IOException e) {
            err.println("streetgate sim fleet: " + e.getMessage());
            return USAGE;
        }
        boolean temporary = storeDir == null;
        Path dir = temporary ? TemporaryStores.create() : Files.createDirectories(storeDir);
        CountDownLatch finished = new CountDownLatch(1);
        Thread onCtrlC = new Thread(() -> {
            stopRequested.countDown();
            try {
                finished.await(60, TimeUnit.SECONDS); // let the gateways say goodbye and the folder go
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "fleet-shutdown");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            out.printf("fleet: %d gateways %s-0001..%s, %s, broker %s, gateway time x%s from %s, stores in %s%n",
                    settings.gateways(), prefix, settings.nodeId(settings.gateways() - 1), settings.describeFormat(),
                    settings.broker(), trim(speed), time.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    dir + (temporary ? " (" + TemporaryStores.describe(dir) + ", deleted at the end)" : ""));
            out.flush();
            return run(settings, time, dir, out);
        } finally {
            if (temporary) {
                deleteTree(dir);
            }
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what is running us down
            }
        }
    }

    private int run(FleetSettings settings, TimeBase time, Path dir, PrintWriter out) throws InterruptedException {
        ProcessFootprint before = ProcessFootprint.now();
        long began = System.nanoTime();
        LiveReport report = new LiveReport(before, began);
        try (Fleet fleet = new Fleet(settings, dir, time, seed)) {
            fleet.start();
            long end = duration.isZero() ? Long.MAX_VALUE : began + duration.toNanos();
            while (System.nanoTime() < end) {
                long wait = Math.min(reportEvery.toNanos(), end - System.nanoTime());
                if (stopRequested.await(Math.max(1, wait), TimeUnit.NANOSECONDS)) {
                    out.println("fleet: stopping (interrupted)");
                    break;
                }
                out.println(report.line(fleet.stats(), ProcessFootprint.now()));
                out.flush();
            }
            fleet.stopFeeding();
            if (!drain.isZero() && !fleet.awaitDrained(drain)) {
                out.println("fleet: not everything was delivered within " + Durations.describe(drain)
                        + " (--drain); it stays in the store files" + (storeDir == null ? ", which are deleted" : ""));
            }
            FleetStats last = fleet.stats();
            report.summary(last, settings, out);
            out.flush();
            if (last.everConnected() < last.gateways()) {
                out.printf("fleet: %d gateway(s) never connected; last error: %s%n",
                        last.gateways() - last.everConnected(), last.lastError());
                return NEVER_CONNECTED;
            }
            return OK;
        }
    }

    private FleetSettings settings(PrintWriter err) throws IOException {
        URI url = URI.create(broker);
        boolean sparkplug = switch (format) {
            case "json" -> false;
            case "sparkplug" -> true;
            default -> throw new IllegalArgumentException("--format '" + format + "' is not json or sparkplug");
        };
        if (url.getHost() == null) {
            throw new IllegalArgumentException("--broker '" + broker + "' is not ssl://host:port or tcp://host:port");
        }
        SSLSocketFactory tls = null;
        if ("ssl".equals(url.getScheme())) {
            if ((clientCert == null) != (clientKey == null)) {
                throw new IllegalArgumentException("--client-cert and --client-key go together");
            }
            tls = Broker.tls(caFile, clientCert, clientKey);
        } else if ("tcp".equals(url.getScheme())) {
            if (caFile != null || clientCert != null) {
                throw new IllegalArgumentException("--ca-file and --client-cert need an ssl:// broker, not " + broker);
            }
            if (!InetAddress.getByName(url.getHost()).isLoopbackAddress()) {
                err.println("fleet: WARNING " + broker + " is plain TCP: passwords and messages cross the network "
                        + "unencrypted");
            }
        }
        char[] password = null;
        if (passwordFile != null) {
            String first = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            if (first.isEmpty()) {
                throw new IllegalArgumentException("--password-file " + passwordFile + " has no password on its first line");
            }
            password = first.toCharArray();
        }
        if (storeMaxMib < 1) {
            throw new IllegalArgumentException("--store-max-mib " + storeMaxMib + " must be at least 1");
        }
        return new FleetSettings(gateways, prefix, url, protocol, sparkplug, username,
                password, tls, topicPrefix, group, stagger, keepAlive, reconnectMin, reconnectMax,
                (long) storeMaxMib << 20);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("fleet: could not delete " + dir + ": " + e);
        }
    }
}
