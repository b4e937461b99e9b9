package io.streetgate.uplink.forward;

import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.site.UplinkConfig;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.payload.JsonFormat;
import io.streetgate.uplink.payload.NodeState;
import io.streetgate.uplink.payload.Outgoing;
import io.streetgate.uplink.payload.PayloadFormat;
import io.streetgate.uplink.payload.SparkplugFormat;
import io.streetgate.uplink.store.ForwardStore;
import io.streetgate.uplink.store.StoredMessage;
import io.streetgate.uplink.store.StreamKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static io.streetgate.uplink.testing.PoleBroker.NODE;

/**
 * The gateway's CPU per summary on the way out (issue 23: the lean format's no worse than JSON's), for each
 * payload format: from the stored message, as the store's cursor hands it to the sender (its fields in their
 * stored form, not yet decoded), to the payload bytes handed to MQTT, on the sender's one thread. An invocation
 * is the next 15 minutes of the simulated street's 33 one-minute series ({@link WireBytesTest#street()}, with
 * that test's random walk, so that each invocation's values are new): 495 summaries encoded as the sender does
 * and, for the lean format with its defaults (deflate, 15-minute packs), its packs taken when the window has
 * passed. Scores are per summary. Paho's framing and the link are not in it (the same for every format apart
 * from topic length). In this package to share the street with {@link WireBytesTest}.
 * <p>
 * {@code baseline} only makes the invocation's stored messages: with {@code -prof gc} its allocation per
 * summary is the set-up's, to be subtracted from the formats' (JMH counts a per-invocation set-up's allocation,
 * not its time). The command is in docs/performance.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SummaryEncodeBench {

    static final int WINDOW_MINUTES = 15;
    /** 33 series times 15 minutes; a constant because JMH's @OperationsPerInvocation needs one (checked). */
    static final int SUMMARIES = 495;

    /** The site file's {@code uplink.format} names; {@code baseline} encodes nothing. */
    @Param({"json", "sparkplug", "senml-cbor", "baseline"})
    String format;

    private Path dir;
    private ForwardStore store;
    private PayloadFormat payloadFormat;
    private final SplittableRandom random = new SplittableRandom(42);
    private double[] levels;
    private Instant windowStart = WireBytesTest.DAY;
    private long nextId = 1;
    private long nextSeq = 1;
    private List<StoredMessage> window = List.of();

    @Setup(Level.Trial)
    public void connect() throws Exception {
        dir = Files.createTempDirectory("summary-encode-bench");
        // Sparkplug keeps its bdSeq and aliases in the uplink's store, as the gateway does
        store = ForwardStore.open(ForwardStore.Settings.of(dir.resolve("store.db"), 1L << 30), TimeBase.system());
        payloadFormat = switch (format) {
            case "json", "baseline" -> new JsonFormat("streetgate", NODE);
            case "sparkplug" -> new SparkplugFormat("streetgate", NODE, store);
            case "senml-cbor" -> WireBytesTest.lean(store, UplinkConfig.Pack.DEFAULT);
            default -> throw new IllegalArgumentException("format '" + format
                    + "' is not known: use json, sparkplug, senml-cbor or baseline");
        };
        payloadFormat.will(windowStart);
        payloadFormat.sessionStarted(windowStart, new NodeState(List.of(), store.status()));
        if (WireBytesTest.STREET.size() * WINDOW_MINUTES != SUMMARIES) {
            throw new IllegalStateException("the street has " + WireBytesTest.STREET.size()
                    + " series: set SUMMARIES to " + WireBytesTest.STREET.size() * WINDOW_MINUTES);
        }
        levels = WireBytesTest.STREET.stream().mapToDouble(WireBytesTest.Series::level).toArray();
    }

    /** The next 15 minutes of the street, as fresh stored messages (each decodes its fields on first use). */
    @Setup(Level.Invocation)
    public void nextWindow() {
        List<StoredMessage> next = new ArrayList<>(SUMMARIES);
        for (int minute = 1; minute <= WINDOW_MINUTES; minute++) {
            Instant end = windowStart.plusSeconds(60L * minute);
            for (int s = 0; s < WireBytesTest.STREET.size(); s++) {
                WireBytesTest.Series series = WireBytesTest.STREET.get(s);
                levels[s] += random.nextGaussian() * series.spread();
                UplinkMessage m = WireBytesTest.summary(series, end, levels[s], random);
                next.add(StoredMessage.inMemory(nextId++, StreamKey.of(m), nextSeq++, "9f3a1c22", 1, end, m));
            }
        }
        window = next;
        windowStart = windowStart.plus(Duration.ofMinutes(WINDOW_MINUTES));
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        store.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @OperationsPerInvocation(SUMMARIES)
    public void encodeWindow(Blackhole sink) {
        if ("baseline".equals(format)) {
            sink.consume(window);
            return;
        }
        for (StoredMessage m : window) {
            send(payloadFormat.encode(m, false, m.created()), sink);
        }
        // the window has passed: the lean format's pack of what it holds goes now (nothing for the others)
        send(payloadFormat.due(windowStart.plus(Duration.ofMinutes(WINDOW_MINUTES))), sink);
    }

    private static void send(List<Outgoing> out, Blackhole sink) {
        for (Outgoing o : out) {
            sink.consume(o.payload());
            sink.consume(o.topic());
        }
    }
}
