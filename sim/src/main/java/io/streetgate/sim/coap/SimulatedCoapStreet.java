package io.streetgate.sim.coap;

import io.streetgate.sim.Scenario;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The constrained nodes of a simulated street, for {@code streetgate run --simulate}: soil-moisture probes in the
 * tree pits, air-temperature nodes and a water-level gauge in the drain, each a {@link SimulatedCoapNode} with its
 * own pre-shared key, posting SenML CBOR over DTLS at a period. The keys come from the seed, and
 * {@link #keyFile()} gives the lines the gateway's node key file needs for them.
 */
public final class SimulatedCoapStreet implements AutoCloseable {

    private final List<SimulatedCoapNode> nodes = new ArrayList<>();
    private final List<String> keyLines = new ArrayList<>();
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "sim-coap-nodes");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param street    the scenario the temperature nodes follow
     * @param perKind   how many nodes of each kind (soil, air, water)
     * @param seed      makes the nodes' values and keys repeatable
     * @param clock     the gateway's clock (readings are timed with it)
     */
    public SimulatedCoapStreet(Scenario street, int perKind, long seed, Clock clock) {
        Random keys = new Random(seed);
        for (int i = 1; i <= perKind; i++) {
            add("soil-" + i, NodeChannel.soilMoisture(seed + i), keys, clock);
            add("air-" + i, NodeChannel.temperature(street), keys, clock);
            add("drain-" + i, NodeChannel.waterLevel(seed + 100 + i, 0.6), keys, clock);
        }
    }

    private void add(String id, NodeChannel channel, Random keys, Clock clock) {
        byte[] key = new byte[16];
        keys.nextBytes(key);   // a simulation's keys: repeatable, not secret
        keyLines.add(id + " psk " + id + " hex:" + HexFormat.of().formatHex(key));
        nodes.add(SimulatedCoapNode.builder(id).psk(id, key).channel(channel).clock(clock).build());
    }

    /** The node key file lines for these nodes, one per node. */
    public String keyFile() {
        return String.join("\n", keyLines) + "\n";
    }

    /** The quantity names the gateway needs for these nodes' readings ({@code quantities} of streetgate.coap). */
    public static List<String> quantities() {
        return List.of("moisture=soil_moisture:%", "level=water_level:m");
    }

    public List<SimulatedCoapNode> nodes() {
        return List.copyOf(nodes);
    }

    /**
     * Connects every node to the gateway and starts posting every {@code period} of real time, the nodes spread
     * evenly over the first period.
     */
    public void start(URI gateway, Duration period) throws IOException {
        for (int i = 0; i < nodes.size(); i++) {
            SimulatedCoapNode node = nodes.get(i).connect(gateway, executor);
            node.startPosting(executor, period.multipliedBy(i + 1).dividedBy(nodes.size()), period);
        }
    }

    @Override
    public void close() {
        nodes.forEach(SimulatedCoapNode::close);
        executor.shutdownNow();
    }
}
