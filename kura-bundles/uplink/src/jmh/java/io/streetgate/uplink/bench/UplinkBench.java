package io.streetgate.uplink.bench;

import io.streetgate.analytics.privacy.PrivacyGate;
import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.gateway.api.format.UplinkJson;
import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.forward.DeflateLevelBench;
import io.streetgate.uplink.forward.Forwarder;
import io.streetgate.uplink.forward.SummaryEncodeBench;
import io.streetgate.uplink.forward.WireCpuBench;
import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.link.Tls;
import io.streetgate.uplink.payload.JsonFormat;
import io.streetgate.uplink.payload.Outgoing;
import io.streetgate.uplink.payload.SparkplugFormat;
import io.streetgate.uplink.store.FieldCodec;
import io.streetgate.uplink.store.ForwardStore;
import io.streetgate.uplink.store.StoredMessage;
import io.streetgate.uplink.testing.Mosquitto;
import io.streetgate.uplink.testing.TestPki;
import io.streetgate.uplink.testing.Uplink;
import org.eclipse.paho.client.mqttv3.MqttPersistable;
import org.eclipse.paho.client.mqttv3.persist.MqttDefaultFilePersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The uplink's performance, each measure side by side with its yardstick in one run (docs/performance.md):
 * store appends per second (SQLite WAL, synchronous=FULL) against Paho's own MqttDefaultFilePersistence for
 * the same messages; messages per second through the uplink against a bare Paho loop to the same mosquitto;
 * the drain of one day of a busy node; bytes per summary as JSON and as Sparkplug B; the CPU per summary from
 * the stored message to the payload, JSON against Sparkplug B and the lean format (JMH: {@link SummaryEncodeBench});
 * the gateway's whole CPU per summary to the socket, per format ({@link WireCpuBench}: part {@code wire}, not in
 * the default set, {@code -Duplink.bench.wire.rounds=R}, default 3); the lean format's packs at each deflate level
 * ({@link DeflateLevelBench}: part {@code levels}, not in the default set).
 * <pre>mvn -q -Dbench=uplink -DskipTests -pl kura-bundles/uplink -am verify</pre>
 * ({@code -Djmh.args=N} sets the messages per uplink run, default 50000, and
 * {@code -Dbench.jvmArgs=-Duplink.bench.only=link} runs one part: codec, sender, store, link, day, bytes, encode, wire, levels;
 * {@code -Duplink.bench.encode.prof=stack} adds a JMH profiler to the encode part; {@code -Duplink.bench.rounds=R} and {@code -Duplink.bench.warmup=W} set the link part's rounds, default 7, and
 * warm-up runs, default 2.)
 */
public final class UplinkBench {

    static final Instant T0 = Instant.parse("2026-06-21T00:00:00Z");
    static final int WARM_UP_RUNS = Integer.getInteger("uplink.bench.warmup", 2);
    static final int ROUNDS = Integer.getInteger("uplink.bench.rounds", 7);
    /** Host steal (CPU taken by the hypervisor for other guests) up to which a round counts as quiet. */
    static final double QUIET_STEAL = 3;
    static final int WINDOW = 20; // mosquitto's max_inflight_messages: the Receive Maximum both sides get

    private UplinkBench() {
    }

    public static void main(String[] args) throws Exception {
        // only a number counts: the parent's default jmh.args are JMH's options
        int n = args.length > 0 && args[0].trim().matches("\\d+") ? Integer.parseInt(args[0].trim()) : 50_000;
        Path dir = Files.createTempDirectory("uplink-bench");
        System.out.printf(Locale.ROOT, "uplink bench: %d messages per run, %s, JDK %s, %d cores, files in %s%n%n", n,
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), dir);
        String only = System.getProperty("uplink.bench.only", "codec,sender,store,link,day,bytes,encode");
        if (only.contains("codec")) {
            senderCodec();
        }
        if (only.contains("sender")) {
            senderWork(dir, Math.min(n, 50_000));
        }
        if (only.contains("store")) {
            storeAppends(dir, Math.min(n, 20_000)); // one fsync each: 20 000 are enough for a steady rate
        }
        TestPki pki = TestPki.create(dir.resolve("pki"));
        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"), pki, pki.serverCert, pki.serverKey,
                Map.of("pole-0042", "s3cret-Pole"), false)) {
            if (only.contains("link")) {
                uplinkVersusBarePaho(dir, pki, broker, n);
            }
            if (only.contains("day")) {
                dayDrain(dir, pki, broker);
            }
            if (only.contains("wire")) {
                WireCpuBench.run(dir, pki, broker, Integer.getInteger("uplink.bench.wire.rounds", 3));
            }
        }
        if (only.contains("bytes")) {
            bytesPerSummary(dir);
        }
        if (only.contains("levels")) {
            DeflateLevelBench.run();
        }
        if (only.contains("encode")) {
            encodePerSummary();
        }
    }

    /** A one-minute summary with the default allow-list's fields, as the pipeline hands it over. */
    static UplinkMessage summary(int sensor, int minute) {
        Instant end = T0.plusSeconds(60L * (minute + 1));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sourceId", "env-" + sensor);
        f.put("quantity", "temperature");
        f.put("unit", "Cel");
        f.put("start", end.minusSeconds(60));
        f.put("end", end);
        f.put("count", 6L);
        f.put("min", 18.25);
        f.put("mean", 18.51);
        f.put("max", 18.93);
        f.put("stdDev", 0.21);
        f.put("p10", 18.3);
        f.put("p50", 18.5);
        f.put("p90", 18.9);
        f.put("p95", 18.92);
        return PrivacyGate.readBack("summary", "env-" + sensor, f);
    }

    // ---------------------------------------------------------------- encode

    /**
     * {@link SummaryEncodeBench} through JMH's runner (its own forked JVM, with the GC profiler), and the table of
     * docs/performance.md: ns per summary, bytes allocated per summary above the set-up's, and each format
     * against JSON.
     */
    static void encodePerSummary() throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(SummaryEncodeBench.class.getName())
                .addProfiler(GCProfiler.class);
        // e.g. -Duplink.bench.encode.prof=stack: where the time goes
        String profiler = System.getProperty("uplink.bench.encode.prof");
        if (profiler != null) {
            options.addProfiler(profiler);
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, double[]> byFormat = new LinkedHashMap<>(); // ns/summary, error, B/summary
        for (RunResult r : results) {
            // "gc.alloc.rate.norm" in JMH 1.37, with a leading middle dot before
            Result<?> alloc = r.getSecondaryResults().entrySet().stream()
                    .filter(e -> e.getKey().endsWith("gc.alloc.rate.norm")).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
            byFormat.put(r.getParams().getParam("format"), new double[] {r.getPrimaryResult().getScore(),
                    r.getPrimaryResult().getScoreError(), alloc == null ? Double.NaN : alloc.getScore()});
        }
        double[] json = byFormat.get("json");
        double[] baseline = byFormat.get("baseline");
        System.out.println("## CPU per summary, stored message to payload (JMH, one thread, 33 series x 15 min an "
                + "invocation)");
        System.out.println("| format | ns per summary (99.9 % error) | bytes allocated per summary | against JSON |");
        System.out.println("|---|---|---|---|");
        for (Map.Entry<String, double[]> e : byFormat.entrySet()) {
            if (e.getKey().equals("baseline")) {
                continue;
            }
            double[] v = e.getValue();
            System.out.printf(Locale.ROOT, "| %s | %.0f (± %.0f) | %.0f | %.2fx |%n", e.getKey(), v[0], v[1],
                    v[2] - baseline[2], v[0] / json[0]);
        }
        System.out.println();
    }

    // ---------------------------------------------------------------- codec

    /**
     * The codec's work per message, apart from the store's query and the link, on one thread with nothing else
     * running: writing the stored form (at append: typed binary fields), decoding it (what the sender does for
     * each message, whichever the format), and encoding the JSON payload from the decoded message. Best of five
     * rounds of a million.
     */
    static void senderCodec() {
        UplinkMessage m = summary(1, 0);
        byte[] row = FieldCodec.encode(m.fields());
        long sink = 0;
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        for (int round = 0; round < 8; round++) { // the first three warm the JIT up
            int n = 1_000_000;
            long[] t = new long[4];
            t[0] = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += FieldCodec.encode(m.fields()).length;
            }
            t[1] = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += FieldCodec.decode(row).size();
            }
            t[2] = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += UplinkJson.encode("pole-0042", m, i + 1, "9f3a1c22").length;
            }
            t[3] = System.nanoTime();
            if (round >= 3) {
                for (int k = 0; k < 3; k++) {
                    best[k] = Math.min(best[k], (t[k + 1] - t[k]) / (double) n);
                }
            }
        }
        System.out.println("## Codec work per summary (one thread, no I/O; best of 5 rounds of 1,000,000)");
        System.out.printf(Locale.ROOT, "| step | ns per message |%n|---|---|%n"
                + "| write the stored form, at append (FieldCodec: typed binary fields, CRC) | %.0f |%n"
                + "| decode the stored form into a map (FieldCodec; every format, before it encodes) | %.0f |%n"
                + "| encode the JSON payload from the message's map (UplinkJson, as JsonFormat does) | %.0f |%n%n",
                best[0], best[1], best[2]);
        if (sink == 42) {
            System.out.println(); // keeps the loops' results alive
        }
    }

    /**
     * The sender's whole own work per message during a drain, on one thread with no link: reading the store
     * ({@link Forwarder#READ_AHEAD} at a time), encoding the JSON message from the stored form, and the
     * acknowledgement's bookkeeping with the watermark saved once per {@link Forwarder#SAVE_EVERY}, as the
     * sender does them. What the bare Paho loop does not do; best of 5 rounds of {@code n} messages.
     */
    static void senderWork(Path dir, int n) throws Exception {
        double bestRead = Double.MAX_VALUE;
        double bestEncode = Double.MAX_VALUE;
        double bestAck = Double.MAX_VALUE;
        for (int round = 0; round < 7; round++) { // the first two warm the JIT up
            try (ForwardStore store = ForwardStore.open(ForwardStore.Settings.of(dir.resolve("w" + round + ".db"),
                    1L << 30), TimeBase.system())) {
                fill(store, n, 60);
                settle();
                JsonFormat format = new JsonFormat("bench", "pole-0042");
                ForwardStore.Cursor cursor = store.cursor();
                Instant now = Instant.now();
                long read = 0;
                long encode = 0;
                long ack = 0;
                int acknowledged = 0;
                while (true) {
                    long t0 = System.nanoTime();
                    List<StoredMessage> batch = cursor.next(Forwarder.READ_AHEAD);
                    long t1 = System.nanoTime();
                    if (batch.isEmpty()) {
                        break;
                    }
                    for (StoredMessage m : batch) {
                        format.encode(m, false, now);
                    }
                    long t2 = System.nanoTime();
                    for (StoredMessage m : batch) {
                        cursor.acknowledge(m);
                        if (++acknowledged % Forwarder.SAVE_EVERY == 0) {
                            store.flushAcknowledged();
                        }
                    }
                    long t3 = System.nanoTime();
                    read += t1 - t0;
                    encode += t2 - t1;
                    ack += t3 - t2;
                }
                if (acknowledged != n) {
                    throw new IllegalStateException("read " + acknowledged + " of " + n + " messages");
                }
                if (round >= 2) {
                    bestRead = Math.min(bestRead, read / 1e3 / n);
                    bestEncode = Math.min(bestEncode, encode / 1e3 / n);
                    bestAck = Math.min(bestAck, ack / 1e3 / n);
                }
            }
        }
        System.out.printf(Locale.ROOT, "## Sender's own work per message in a drain (one thread, no link; best of 5 rounds "
                + "of %d)%n", n);
        System.out.printf(Locale.ROOT, "| step | µs per message |%n|---|---|%n| read the store (%d a query) "
                + "| %.2f |%n| encode the JSON message from the stored row (topic and payload) | %.2f |%n| acknowledge, watermark saved "
                + "per %d | %.2f |%n| **total** | **%.2f** |%n%n", Forwarder.READ_AHEAD, bestRead, bestEncode,
                Forwarder.SAVE_EVERY, bestAck, bestRead + bestEncode + bestAck);
    }

    // ---------------------------------------------------------------- store

    static void storeAppends(Path dir, int n) throws Exception {
        System.out.println("## Store appends (each durable when it returns)");
        System.out.println("| writer | messages | appends/s |");
        System.out.println("|---|---|---|");
        for (int round = 0; round < 2; round++) {
            double ours = ourAppends(dir.resolve("s" + round + ".db"), n, 1);
            double grouped = ourAppends(dir.resolve("g" + round + ".db"), n, 8);
            double paho = pahoPuts(dir.resolve("paho" + round), n);
            System.out.printf(Locale.ROOT, "| streetgate store, 1 thread (WAL, synchronous=FULL) | %d | %.0f |%n", n, ours);
            System.out.printf(Locale.ROOT, "| streetgate store, 8 threads (group commit) | %d | %.0f |%n", n, grouped);
            System.out.printf(Locale.ROOT, "| Paho MqttDefaultFilePersistence.put (file + fsync per message) | %d | %.0f |%n",
                    n, paho);
            System.out.printf(Locale.ROOT, "| ratio store/Paho (1 thread) | | **%.1fx** |%n", ours / paho);
        }
        System.out.println();
    }

    static double ourAppends(Path file, int n, int threads) throws Exception {
        try (ForwardStore store = ForwardStore.open(ForwardStore.Settings.of(file, 1L << 30), TimeBase.system())) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int from = t;
                done.add(pool.submit(() -> {
                    for (int i = from; i < n; i += threads) {
                        store.append(summary(i % 60, i / 60));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double rate = n / ((System.nanoTime() - start) / 1e9);
            pool.shutdown();
            return rate;
        }
    }

    static double pahoPuts(Path dir, int n) throws Exception {
        MqttDefaultFilePersistence p = new MqttDefaultFilePersistence(dir.toString());
        p.open("bench-client", "ssl://localhost:8883");
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            byte[] payload = UplinkJson.encode("pole-0042", summary(i % 60, i / 60), i + 1, "9f3a1c22");
            p.put("s-" + i, new Persistable(payload));
        }
        double rate = n / ((System.nanoTime() - start) / 1e9);
        p.clear();
        p.close();
        return rate;
    }

    /** What Paho persists for an outgoing QoS 1 PUBLISH: a small fixed header and the payload. */
    record Persistable(byte[] payload) implements MqttPersistable {
        @Override
        public byte[] getHeaderBytes() {
            return new byte[] {0x32, 0, 0, 0, 0, 0};
        }

        @Override
        public int getHeaderLength() {
            return 6;
        }

        @Override
        public int getHeaderOffset() {
            return 0;
        }

        @Override
        public byte[] getPayloadBytes() {
            return payload;
        }

        @Override
        public int getPayloadOffset() {
            return 0;
        }

        @Override
        public int getPayloadLength() {
            return payload.length;
        }
    }

    // ---------------------------------------------------------------- link

    /** A sender's rate, and the CPU the JVM and the broker spent per message (µs) while it sent. */
    record Run(double rate, double jvmCpuMicros, double brokerCpuMicros, double stealPercent) {
    }

    /** Times a sending phase: wall time, this JVM's CPU and the broker's. */
    static final class Meter {
        private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        private final Mosquitto broker;
        private final long start = System.nanoTime();
        private final long jvm0 = OS.getProcessCpuTime();
        private final Duration broker0;
        private final java.util.Map<Long, Long> threads0 = threadCpu();
        private final long[] host0 = hostCpu();

        /** The host's CPU time so far (/proc/stat "cpu" line, in ticks): {all, stolen by the hypervisor}. */
        static long[] hostCpu() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long all = 0;
                for (int i = 1; i <= 8 && i < f.length; i++) {
                    all += Long.parseLong(f[i]);
                }
                return new long[] {all, f.length > 8 ? Long.parseLong(f[8]) : 0};
            } catch (java.io.IOException | RuntimeException e) {
                return new long[] {0, 0};
            }
        }

        static java.util.Map<Long, Long> threadCpu() {
            java.lang.management.ThreadMXBean t = java.lang.management.ManagementFactory.getThreadMXBean();
            java.util.Map<Long, Long> m = new java.util.HashMap<>();
            for (long id : t.getAllThreadIds()) {
                m.put(id, t.getThreadCpuTime(id));
            }
            return m;
        }

        Meter(Mosquitto broker) throws java.io.IOException {
            this.broker = broker;
            this.broker0 = broker.cpuTime();
        }

        Run stop(int n) throws java.io.IOException {
            double seconds = (System.nanoTime() - start) / 1e9;
            long jvm = OS.getProcessCpuTime() - jvm0;
            java.lang.management.ThreadMXBean tb = java.lang.management.ManagementFactory.getThreadMXBean();
            java.util.Map<String, Long> by = new java.util.TreeMap<>();
            long sum = 0;
            for (var e : threadCpu().entrySet()) {
                long d = e.getValue() - threads0.getOrDefault(e.getKey(), 0L);
                var info = tb.getThreadInfo(e.getKey());
                if (info == null || d <= 0) continue;
                by.merge(info.getThreadName().replaceAll("\\d+", "N").replaceAll(":.*", ""), d, Long::sum);
                sum += d;
            }
            StringBuilder sb = new StringBuilder();
            by.forEach((k, v) -> { if (v / 1e3 / n >= 0.3) sb.append(String.format(" %s=%.1f", k, v / 1e3 / n)); });
            System.out.printf("  threads:%s  other(GC,JIT)=%.1f%n", sb, (jvm - sum) / 1e3 / n);
            long[] host = hostCpu();
            double steal = host[0] == host0[0] ? 0 : 100.0 * (host[1] - host0[1]) / (host[0] - host0[0]);
            return new Run(n / seconds, jvm / 1e3 / n, broker.cpuTime().minus(broker0).toNanos() / 1e3 / n, steal);
        }
    }

    static void uplinkVersusBarePaho(Path dir, TestPki pki, Mosquitto broker, int n) throws Exception {
        System.out.println("## Uplink throughput to mosquitto 2 (TLS, QoS 1, in-flight window " + WINDOW + ")");
        System.out.println("| round | sender | messages/s | JVM CPU µs/msg | broker CPU µs/msg | host steal |");
        System.out.println("|---|---|---|---|---|---|");
        // warm-up of all three until the JIT has compiled their paths (the uplink's is longer: SQLite, the codec,
        // JSON), not reported
        for (int w = 0; w < WARM_UP_RUNS; w++) {
            barePaho(pki, broker, n, false);
            barePaho(pki, broker, n, true);
            try (Uplink u = uplink(dir.resolve("warm-up-" + w + ".db"), pki, broker)) {
                fill(u.store, n, 60);
                drain(u, broker, n);
            }
        }
        List<Double> ratios = new ArrayList<>();
        List<Double> ratiosEncoding = new ArrayList<>();
        List<Double> quietRatios = new ArrayList<>();
        List<double[]> stealAndRatio = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            // the store is filled first, so that the three timed runs follow each other within seconds: this
            // shared machine's speed drifts over tens of seconds, and a ratio of runs far apart measures the
            // drift. The order rotates, so that none of the three always runs first.
            try (Uplink u = uplink(dir.resolve("u" + round + ".db"), pki, broker)) {
                fill(u.store, n, 60);
                Run bare = null;
                Run encoding = null;
                Run ours = null;
                for (int k = 0; k < 3; k++) {
                    settle();
                    switch ((round + k) % 3) {
                        case 0 -> bare = barePaho(pki, broker, n, false);
                        case 1 -> encoding = barePaho(pki, broker, n, true);
                        default -> ours = drain(u, broker, n);
                    }
                }
                row(round, "bare Paho MQTT 5 loop, payloads encoded beforehand", bare);
                row(round, "bare Paho MQTT 5 loop, encoding each summary as it publishes", encoding);
                row(round, "streetgate uplink (store read, JSON encode, publish, delivered on PUBACK)", ours);
                System.out.printf(Locale.ROOT, "| %d | ratio uplink / bare (encoded beforehand; encoding as it goes) | %.2f; %.2f | | | |%n",
                        round, ours.rate() / bare.rate(), ours.rate() / encoding.rate());
                ratios.add(ours.rate() / bare.rate());
                ratiosEncoding.add(ours.rate() / encoding.rate());
                stealAndRatio.add(new double[]{(ours.stealPercent() - bare.stealPercent()) / 100, ours.rate() / bare.rate()});
                if (Math.max(bare.stealPercent(), Math.max(encoding.stealPercent(), ours.stealPercent())) <= QUIET_STEAL) {
                    quietRatios.add(ours.rate() / bare.rate());
                }
            }
        }
        System.out.printf(Locale.ROOT, "| | **median ratio of %d** (encoded beforehand; encoding as it goes) | **%.2f**; %.2f | | | |%n",
                ROUNDS, median(ratios), median(ratiosEncoding));
        System.out.printf(Locale.ROOT, "| | median ratio of the %d rounds in which the hypervisor took at most %.0f %% of the "
                + "CPU (encoded beforehand) | %s | | | |%n%n", quietRatios.size(), QUIET_STEAL,
                quietRatios.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f", median(quietRatios)));
        double[] atEqualSteal = ratioAtEqualSteal(stealAndRatio);
        System.out.printf(Locale.ROOT, "| | ratio at equal steal (log ratio fitted to the rounds' steal difference, uplink "
                + "minus bare; slope %.2f per unit) | %.3f (95 %%: %.3f-%.3f) | | | |%n%n", atEqualSteal[3],
                atEqualSteal[0], atEqualSteal[1], atEqualSteal[2]);
    }

    /**
     * The ratio uplink / bare that the rounds give where both runs of a round lost the same share of the CPU to
     * the hypervisor. Steal is what varies most on this shared host, and a round whose uplink run lost more of it
     * than its bare run gives a low ratio for that reason alone; a least-squares line of log(ratio) against the
     * difference in steal (uplink minus bare, as a fraction) has its intercept where the difference is zero.
     * Returns that ratio, the ends of its 95 % interval (two standard errors of the intercept) and the slope;
     * with fewer than three rounds, or no spread in steal, the plain geometric mean and no interval.
     */
    static double[] ratioAtEqualSteal(List<double[]> stealAndRatio) {
        int n = stealAndRatio.size();
        double mx = 0;
        double my = 0;
        for (double[] r : stealAndRatio) {
            mx += r[0] / n;
            my += Math.log(r[1]) / n;
        }
        double sxx = 0;
        double sxy = 0;
        for (double[] r : stealAndRatio) {
            sxx += (r[0] - mx) * (r[0] - mx);
            sxy += (r[0] - mx) * (Math.log(r[1]) - my);
        }
        if (n < 3 || sxx == 0) {
            return new double[]{Math.exp(my), Double.NaN, Double.NaN, 0};
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double squares = 0;
        for (double[] r : stealAndRatio) {
            double e = Math.log(r[1]) - (intercept + slope * r[0]);
            squares += e * e;
        }
        double se = Math.sqrt(squares / (n - 2) * (1.0 / n + mx * mx / sxx));
        return new double[]{Math.exp(intercept), Math.exp(intercept - 2 * se), Math.exp(intercept + 2 * se), slope};
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void row(int round, String sender, Run r) {
        System.out.printf(Locale.ROOT, "| %d | %s | %.0f | %.1f | %.1f | %.0f %% |%n", round, sender, r.rate(),
                r.jvmCpuMicros(), r.brokerCpuMicros(), r.stealPercent());
    }

    /**
     * A bare Paho loop: publish, at most {@link #WINDOW} waiting for their PUBACK. With {@code encodeEach}
     * the loop encodes each summary as it publishes it, as an application without a store would; otherwise
     * the payloads are encoded before the clock starts.
     */
    static Run barePaho(TestPki pki, Mosquitto broker, int n, boolean encodeEach) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(broker.url(), "bare-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setSocketFactory(Tls.socketFactory(pki.caCert, null, null));
        o.setUserName("pole-0042");
        o.setPassword("s3cret-Pole".getBytes());
        c.connect(o).waitForCompletion(10_000);
        List<UplinkMessage> summaries = new ArrayList<>(n);
        List<byte[]> payloads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            summaries.add(summary(i % 60, i / 60));
            payloads.add(encodeEach ? null : UplinkJson.encode("pole-0042", summaries.get(i), i + 1, "9f3a1c22"));
        }
        Semaphore window = new Semaphore(WINDOW);
        Meter meter = new Meter(broker);
        MqttActionListener release = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken t) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken t, Throwable e) {
                window.release();
            }
        };
        for (int i = 0; i < n; i++) {
            window.acquire();
            byte[] payload = encodeEach ? UplinkJson.encode("pole-0042", summaries.get(i), i + 1, "9f3a1c22")
                    : payloads.get(i);
            c.publish("bench/pole-0042/summary/env-" + (i % 60) + "/temperature", payload, 1, false, null, release);
        }
        window.acquire(WINDOW);
        Run run = meter.stop(n);
        c.disconnect().waitForCompletion(5000);
        c.close();
        return run;
    }

    /** An uplink to the bench's broker with its store in {@code file}, not yet started. */
    static Uplink uplink(Path file, TestPki pki, Mosquitto broker) {
        LinkSettings link = LinkSettings.builder(java.net.URI.create(broker.url()), "pole-0042")
                .protocol(LinkSettings.Protocol.MQTT_5).login("pole-0042", "s3cret-Pole".toCharArray())
                .tls(Tls.socketFactory(pki.caCert, null, null)).keepAlive(Duration.ofSeconds(30)).cleanStart(false)
                .sessionExpiry(Duration.ofHours(1)).connectTimeout(Duration.ofSeconds(5)).build();
        return new Uplink(file, TimeBase.system(), s -> new JsonFormat("bench", "pole-0042"), link,
                Uplink.fastSettings(), new HealthRegistryImpl());
    }

    /** Starts the uplink and times it emptying its store of {@code n} messages, from the moment it is connected. */
    static Run drain(Uplink uplink, Mosquitto broker, int n) throws Exception {
        uplink.forwarder.start();
        // the clock starts when the connection is up, as the bare loop's does
        while (!uplink.forwarder.stats().connected()) {
            Thread.sleep(0, 200_000);
        }
        Meter meter = new Meter(broker);
        // polled every 10 ms: the end is seen up to 10 ms late (about 0.4 % of a 50,000-message run, against the
        // uplink), where polling every millisecond cost this JVM 1.2-2.2 µs of CPU per message in timer wake-ups
        // that the bare loop, which blocks until its last PUBACK, does not pay
        while (uplink.store.waiting() > 0 || uplink.forwarder.stats().inFlight() > 0) {
            Thread.sleep(10);
        }
        Run run = meter.stop(n);
        uplink.awaitDrained(Duration.ofMinutes(1)); // the same condition, with its diagnostics
        return run;
    }

    /**
     * Lets the file system write back what filling the store left dirty, and the JVM collect its garbage,
     * before a timed drain: a real backlog builds up over hours, and its drain does not share the machine
     * with the write-back of its own filling.
     */
    static void settle() throws Exception {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        System.gc();
        Thread.sleep(500);
    }

    static void fill(ForwardStore store, int n, int streams) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int from = t;
            done.add(pool.submit(() -> {
                for (int i = from; i < n; i += 16) {
                    store.append(summary(i % streams, i / streams));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    static void dayDrain(Path dir, TestPki pki, Mosquitto broker) throws Exception {
        // a busy node: 60 one-minute summary streams (e.g. 15 sensors with 4 quantities) for 24 h
        int streams = 60;
        int n = streams * 24 * 60;
        long start = System.nanoTime();
        double rate;
        long storeBytes;
        try (Uplink u = uplink(dir.resolve("day.db"), pki, broker)) {
            fill(u.store, n, streams);
            storeBytes = u.store.status().usedBytes(); // as counted against max-size
            settle();
            rate = drain(u, broker, n).rate();
        }
        double total = (System.nanoTime() - start) / 1e9;
        System.out.println("## Backlog drain: one day of a busy node (60 summary streams, 1 per minute each)");
        System.out.printf(Locale.ROOT, "| messages | store bytes | drain time (from connect) | messages/s | fill + connect + drain |"
                + "%n|---|---|---|---|---|%n| %d | %.1f MB | **%.1f s** | %.0f | %.1f s |%n%n", n,
                storeBytes / 1e6, n / rate, rate, total);
    }

    // ---------------------------------------------------------------- bytes

    static void bytesPerSummary(Path dir) throws Exception {
        UplinkMessage m = summary(1, 0);
        byte[] json = UplinkJson.encode("pole-0042", m, 1042, "9f3a1c22");
        try (ForwardStore store = ForwardStore.open(ForwardStore.Settings.of(dir.resolve("bytes.db"), 1L << 20),
                TimeBase.system())) {
            store.append(m);
            store.append(summary(1, 1));
            List<StoredMessage> two = store.cursor().next(2);
            SparkplugFormat spb = new SparkplugFormat("harbour", "pole-0042", store);
            spb.will(Instant.now());
            spb.sessionStarted(Instant.now(), new io.streetgate.uplink.payload.NodeState(List.of(), store.status()));
            List<Outgoing> first = spb.encode(two.get(0), false, Instant.now());
            List<Outgoing> second = spb.encode(two.get(1), false, Instant.now());
            int dbirth = first.get(0).payload().length;
            int ddataFirst = first.get(first.size() - 1).payload().length;
            int ddata = second.get(second.size() - 1).payload().length;
            System.out.println("## Bytes per summary (14 fields: source, quantity, unit, start, end, count, min, mean, "
                    + "max, std dev, p10, p50, p90, p95)");
            System.out.println("| form | payload bytes | topic |\n|---|---|---|");
            System.out.printf(Locale.ROOT, "| JSON (with seq and epoch) | %d | `%s` (%d) |%n", json.length,
                    UplinkJson.topic("streetgate", "pole-0042", m), UplinkJson.topic("streetgate", "pole-0042", m).length());
            System.out.printf(Locale.ROOT, "| Sparkplug B DDATA, steady state (aliases, unit by exception) | %d | `%s` (%d) |%n",
                    ddata, spb.topic("DDATA", "env-1"), spb.topic("DDATA", "env-1").length());
            System.out.printf(Locale.ROOT, "| Sparkplug B DDATA, first after a birth (with the unit) | %d | |%n", ddataFirst);
            System.out.printf(Locale.ROOT, "| Sparkplug B DBIRTH of the device (once per connection) | %d | |%n", dbirth);
            System.out.printf(Locale.ROOT, "| in the store (row, counted against max-size) | %d | |%n", two.get(0).size());
        }
    }
}
