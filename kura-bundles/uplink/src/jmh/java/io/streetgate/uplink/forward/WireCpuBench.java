package io.streetgate.uplink.forward;

import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.site.UplinkConfig;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.link.Tls;
import io.streetgate.uplink.payload.JsonFormat;
import io.streetgate.uplink.payload.PayloadFormat;
import io.streetgate.uplink.payload.SparkplugFormat;
import io.streetgate.uplink.store.ForwardStore;
import io.streetgate.uplink.testing.Mosquitto;
import io.streetgate.uplink.testing.TestClock;
import io.streetgate.uplink.testing.TestPki;
import io.streetgate.uplink.testing.Uplink;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static io.streetgate.uplink.testing.PoleBroker.NODE;

/**
 * The gateway's whole CPU per summary on the way out, to the socket (issue 23: the lean format's no worse than
 * JSON's): a day of {@link WireBytesTest}'s street (33 one-minute series, 47 520 summaries) waits in the store
 * and the uplink sends it to mosquitto over TLS 1.3 (MQTT 5, QoS 1), once per format; the JVM's CPU time
 * (every thread: the store's reads and acknowledgements, the encoding, Paho, TLS, GC and JIT) from the connection
 * up until the broker has acknowledged the last summary, divided by the summaries. The lean format sends its
 * packs as the site file's defaults make them. A drain, not the street's trickle: a summary sent alone as it
 * comes costs JSON more (a wake-up and a read each), so the drain flatters JSON. Formats alternate per round,
 * after two warm-up drains each. Part {@code wire} of {@code UplinkBench}; the command is in docs/performance.md.
 */
public final class WireCpuBench {

    private static final int HOURS = 24;
    /** Drains of each format not counted: with one, the JIT was still at work in the first counted round. */
    private static final int WARM_UP_ROUNDS = 2;
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private WireCpuBench() {
    }

    /** One drain: the gateway's and the broker's CPU per summary (µs), and the wall time (s). */
    record Drain(double jvmMicros, double brokerMicros, double seconds) {
    }

    public static void run(Path dir, TestPki pki, Mosquitto broker, int rounds) throws Exception {
        Map<String, Function<ForwardStore, PayloadFormat>> formats = new LinkedHashMap<>();
        formats.put("JSON", s -> new JsonFormat("streetgate", NODE));
        formats.put("Sparkplug B", s -> new SparkplugFormat("streetgate", NODE, s));
        formats.put("lean (defaults)", s -> WireBytesTest.lean(s, UplinkConfig.Pack.DEFAULT));
        Map<String, List<Drain>> drains = new LinkedHashMap<>();
        int run = 0;
        for (int round = 1 - WARM_UP_ROUNDS; round <= rounds; round++) { // the rounds up to 0 warm up
            for (Map.Entry<String, Function<ForwardStore, PayloadFormat>> f : formats.entrySet()) {
                Drain d = drain(dir.resolve("wire-" + run++ + ".db"), pki, broker, f.getValue());
                if (round > 0) {
                    drains.computeIfAbsent(f.getKey(), k -> new ArrayList<>()).add(d);
                }
            }
        }
        int summaries = WireBytesTest.STREET.size() * HOURS * 60;
        System.out.printf(Locale.ROOT, "## Gateway CPU per summary to the socket (%d summaries, TLS, MQTT 5, QoS 1, "
                + "%d rounds)%n", summaries, rounds);
        System.out.println("| format | JVM CPU µs per summary, each round | median | against JSON | broker CPU µs | drain s |");
        System.out.println("|---|---|---|---|---|---|");
        double json = median(drains.get("JSON"), Drain::jvmMicros);
        for (Map.Entry<String, List<Drain>> e : drains.entrySet()) {
            double m = median(e.getValue(), Drain::jvmMicros);
            StringBuilder each = new StringBuilder();
            for (Drain d : e.getValue()) {
                each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", d.jvmMicros()));
            }
            System.out.printf(Locale.ROOT, "| %s | %s | **%.1f** | %.2fx | %.1f | %.1f |%n", e.getKey(), each, m,
                    m / json, median(e.getValue(), Drain::brokerMicros), median(e.getValue(), Drain::seconds));
        }
        System.out.println();
    }

    private static double median(List<Drain> drains, java.util.function.ToDoubleFunction<Drain> figure) {
        double[] v = drains.stream().mapToDouble(figure).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static Drain drain(Path file, TestPki pki, Mosquitto broker, Function<ForwardStore, PayloadFormat> format)
            throws Exception {
        TestClock clock = new TestClock(WireBytesTest.DAY);
        LinkSettings link = LinkSettings.builder(URI.create(broker.url()), "pole-0042")
                .protocol(LinkSettings.Protocol.MQTT_5).login("pole-0042", "s3cret-Pole".toCharArray())
                .tls(Tls.socketFactory(pki.caCert, null, null)).keepAlive(Duration.ofSeconds(30)).cleanStart(false)
                .sessionExpiry(Duration.ofDays(1)).connectTimeout(Duration.ofSeconds(5)).build();
        try (Uplink u = new Uplink(file, TimeBase.of(clock), format, link, Uplink.fastSettings(),
                new HealthRegistryImpl())) {
            int n = fill(u.store);
            new ProcessBuilder("sync").inheritIO().start().waitFor(); // the fill's write-back is not the drain's
            System.gc();
            Thread.sleep(500);
            clock.advance(Duration.ofMinutes(20)); // every pack's window has passed, as at the end of a backlog
            u.forwarder.start();
            while (!u.forwarder.stats().connected()) {
                Thread.sleep(1);
            }
            long start = System.nanoTime();
            long cpu = OS.getProcessCpuTime();
            Duration brokerCpu = broker.cpuTime();
            while (u.store.waiting() > 0 || u.forwarder.stats().inFlight() > 0) {
                Thread.sleep(10); // the end is seen up to 10 ms late; polling costs every format the same
            }
            Drain d = new Drain((OS.getProcessCpuTime() - cpu) / 1e3 / n,
                    broker.cpuTime().minus(brokerCpu).toNanos() / 1e3 / n, (System.nanoTime() - start) / 1e9);
            u.awaitDrained(Duration.ofMinutes(1)); // the same condition, with its diagnostics
            return d;
        }
    }

    /**
     * A day of the street, minute by minute as the pipeline stores it: a few series per thread, the threads
     * meeting at each minute (the store commits concurrent appends in groups: one thread would take minutes).
     */
    private static int fill(ForwardStore store) throws Exception {
        int threads = 11;
        CyclicBarrier minuteDone = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(42 + first);
                    List<WireBytesTest.Series> mine = new ArrayList<>();
                    for (int s = first; s < WireBytesTest.STREET.size(); s += threads) {
                        mine.add(WireBytesTest.STREET.get(s));
                    }
                    double[] levels = mine.stream().mapToDouble(WireBytesTest.Series::level).toArray();
                    for (int minute = 1; minute <= HOURS * 60; minute++) {
                        java.time.Instant end = WireBytesTest.DAY.minus(Duration.ofHours(HOURS)).plusSeconds(60L * minute);
                        for (int i = 0; i < mine.size(); i++) {
                            levels[i] += random.nextGaussian() * mine.get(i).spread();
                            store.append(WireBytesTest.summary(mine.get(i), end, levels[i], random));
                        }
                        minuteDone.await();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return WireBytesTest.STREET.size() * HOURS * 60;
    }
}
