package io.streetgate.coap.bench;

import io.streetgate.coap.NodeKeys;
import io.streetgate.coap.internal.CoapIngestServer;
import io.streetgate.coap.internal.NodeLimits;
import io.streetgate.coap.senml.MeasurementMapping;
import io.streetgate.coap.senml.SenmlLimits;
import io.streetgate.sim.StreetScenario;
import io.streetgate.sim.coap.NodeChannel;
import io.streetgate.sim.coap.SenmlWriter;
import io.streetgate.sim.coap.SimulatedCoapNode;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many CoAP requests per second the gateway's CoAP ingest takes from many simulated nodes, over plain CoAP
 * and over DTLS (PSK, established sessions): each node posts a SenML pack of three readings (CBOR, or JSON),
 * waits for the 2.04, and posts again (one confirmable request in flight per node, as a real node has). The
 * nodes run in the same JVM on a two-thread executor; the gateway has its Pi budget (one protocol thread, one
 * DTLS thread). Run by the parent's bench profile, never by the tests:
 *
 * <pre>
 * mvn -Dbench=coap -DskipTests -pl kura-bundles/coap -am verify
 * </pre>
 *
 * System properties {@code coap.bench.nodes} (100), {@code coap.bench.warmup} (5 s), {@code coap.bench.seconds} (20 s)
 * go in {@code -Dbench.jvmArgs}.
 */
public final class CoapIngestLoad {

    /** The load is the point here: no node is held to its rate (docs/coap.md measures the limits themselves). */
    private static final NodeLimits UNLIMITED = new NodeLimits(1e9, 10_000, 10_000, java.time.Duration.ofHours(1));

    private CoapIngestLoad() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = Integer.getInteger("coap.bench.nodes", 100);
        int warmup = Integer.getInteger("coap.bench.warmup", 5);
        int seconds = Integer.getInteger("coap.bench.seconds", 20);
        System.out.printf(Locale.ROOT, "CoAP ingest load: %d nodes, %d s warm-up, %d s measured, %d cores, %s%n",
                nodes, warmup, seconds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        System.out.println("| transport | payload | nodes | requests/s | readings/s | lost | refused |");
        System.out.println("|---|---|---|---|---|---|---|");
        run(false, SenmlWriter.Encoding.CBOR, nodes, warmup, seconds);
        run(true, SenmlWriter.Encoding.CBOR, nodes, warmup, seconds);
        run(true, SenmlWriter.Encoding.JSON, nodes, warmup, seconds);
    }

    static void run(boolean dtls, SenmlWriter.Encoding encoding, int count, int warmup, int seconds) throws Exception {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < count; i++) {
            keys.append("n").append(i).append(dtls ? " psk n" + i + " text:key-of-n" + i : " plain").append('\n');
        }
        AtomicLong readings = new AtomicLong();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2);
        List<SimulatedCoapNode> nodes = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong accepted = new AtomicLong();
        try (CoapIngestServer gateway = CoapIngestServer.start(new CoapIngestServer.Settings(
                InetAddress.getLoopbackAddress(), dtls, 0, !dtls, 0, NodeKeys.parse(keys.toString(), "bench"), null,
                SenmlLimits.DEFAULT, UNLIMITED, MeasurementMapping.of("moisture=soil_moisture:%"), List.of()),
                m -> readings.incrementAndGet(), Clock.systemUTC())) {
            URI uri = URI.create(dtls ? "coaps://127.0.0.1:" + gateway.secureAddress().getPort()
                    : "coap://127.0.0.1:" + gateway.plainAddress().getPort());
            StreetScenario street = new StreetScenario(52.37, 4.9, 1);
            for (int i = 0; i < count; i++) {
                SimulatedCoapNode.Builder b = SimulatedCoapNode.builder("n" + i).encoding(encoding)
                        .channel(NodeChannel.temperature(street)).channel(NodeChannel.soilMoisture(i));
                if (dtls) {
                    b.psk("n" + i, ("key-of-n" + i).getBytes(StandardCharsets.US_ASCII));
                }
                nodes.add(b.build().connect(uri, executor));
            }
            // every node's first post (and DTLS handshake) before the clock starts
            for (SimulatedCoapNode node : nodes) {
                node.post().get(120, TimeUnit.SECONDS);
            }
            for (SimulatedCoapNode node : nodes) {
                loop(node, running, accepted);
            }
            Thread.sleep(warmup * 1000L);
            long requests0 = accepted.get();
            long readings0 = readings.get();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long requests = accepted.get() - requests0;
            long read = readings.get() - readings0;
            running.set(false);
            long lost = nodes.stream().mapToLong(n -> n.stats().lost()).sum();
            long refused = nodes.stream().mapToLong(n -> n.stats().refused()).sum();
            System.out.printf(Locale.ROOT, "| %s | SenML %s, 3 records | %d | %.0f | %.0f | %d | %d |%n",
                    dtls ? "DTLS 1.2 PSK" : "plain CoAP", encoding, count, requests / elapsed, read / elapsed, lost,
                    refused);
        } finally {
            running.set(false);
            nodes.forEach(SimulatedCoapNode::close);
            executor.shutdownNow();
        }
    }

    /** Posts again as soon as the last post was answered, while running. */
    private static void loop(SimulatedCoapNode node, AtomicBoolean running, AtomicLong accepted) {
        node.post().thenAccept(code -> {
            if (code.startsWith("2.")) {
                accepted.incrementAndGet();
            }
            if (running.get()) {
                loop(node, running, accepted);
            }
        });
    }
}
