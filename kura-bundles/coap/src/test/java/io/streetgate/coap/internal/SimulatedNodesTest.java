package io.streetgate.coap.internal;

import io.streetgate.coap.NodeKeys;
import io.streetgate.coap.senml.MeasurementMapping;
import io.streetgate.coap.senml.SenmlLimits;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import io.streetgate.sim.StreetScenario;
import io.streetgate.sim.coap.NodeChannel;
import io.streetgate.sim.coap.SenmlWriter;
import io.streetgate.sim.coap.SimulatedCoapStreet;
import io.streetgate.sim.coap.SimulatedCoapNode;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulated street's CoAP nodes (simulators) against the gateway: SenML JSON and CBOR over DTLS PSK. */
class SimulatedNodesTest {

    @Test
    void batteryNodesPostingOverDtlsAreIngestedWithTheirBatteryVoltage() throws Exception {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            keys.append("node-").append(i).append(" psk node-").append(i).append(" text:key-of-node-").append(i).append('\n');
        }
        CollectingSink sink = new CollectingSink();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
        List<SimulatedCoapNode> nodes = new ArrayList<>();
        try (CoapIngestServer gateway = CoapIngestServer.start(new CoapIngestServer.Settings(
                InetAddress.getLoopbackAddress(), true, 0, false, 0, NodeKeys.parse(keys.toString(), "keys"), null,
                SenmlLimits.DEFAULT, NodeLimits.DEFAULT, MeasurementMapping.of("moisture=soil_moisture:%", "level=water_level:m"),
                List.of()), sink, Clock.systemUTC())) {
            URI uri = URI.create("coaps://127.0.0.1:" + gateway.secureAddress().getPort());
            StreetScenario street = new StreetScenario(52.37, 4.9, 3);
            for (int i = 0; i < 6; i++) {
                NodeChannel channel = switch (i % 3) {
                    case 0 -> NodeChannel.soilMoisture(i);
                    case 1 -> NodeChannel.temperature(street);
                    default -> NodeChannel.waterLevel(i, 1.5);
                };
                nodes.add(SimulatedCoapNode.builder("node-" + i)
                        .psk("node-" + i, ("key-of-node-" + i).getBytes(StandardCharsets.US_ASCII))
                        .encoding(i < 3 ? SenmlWriter.Encoding.JSON : SenmlWriter.Encoding.CBOR)
                        .channel(channel).build().connect(uri, executor));
            }
            for (int round = 0; round < 3; round++) {
                for (SimulatedCoapNode node : nodes) {
                    assertEquals("2.04", node.post().get(60, TimeUnit.SECONDS), node.nodeId());
                }
            }

            List<Measurement> got = sink.await("3 rounds of 6 nodes, 2 readings each", l -> l.size() == 36,
                    Duration.ofSeconds(30));
            assertEquals(18, got.stream().filter(m -> m.quantity() == Quantity.VOLTAGE
                    && m.sourceId().endsWith("/battery") && m.value() > 3.5 && m.value() <= 3.6).count(), got.toString());
            assertEquals(6, got.stream().filter(m -> m.quantity() == Quantity.byName("soil_moisture")).count());
            assertEquals(6, got.stream().filter(m -> m.quantity() == Quantity.TEMPERATURE).count());
            assertEquals(6, got.stream().filter(m -> m.quantity() == Quantity.byName("water_level")).count());
            assertTrue(got.stream().filter(m -> m.quantity() == Quantity.TEMPERATURE)
                    .allMatch(m -> m.sourceId().equals("node-1") || m.sourceId().equals("node-4")));
            assertEquals(18, gateway.counters().get(IngestCounters.Outcome.ACCEPTED));
        } finally {
            nodes.forEach(SimulatedCoapNode::close);
            executor.shutdownNow();
        }
    }

    @Test
    void theSimulatedStreetsNodesPostByThemselvesWithTheKeysAndQuantitiesItGives() throws Exception {
        CollectingSink sink = new CollectingSink();
        try (SimulatedCoapStreet street = new SimulatedCoapStreet(new StreetScenario(52.37, 4.9, 5), 2, 5,
                Clock.systemUTC());
             CoapIngestServer gateway = CoapIngestServer.start(new CoapIngestServer.Settings(
                     InetAddress.getLoopbackAddress(), true, 0, false, 0, NodeKeys.parse(street.keyFile(), "street"),
                     null, SenmlLimits.DEFAULT, NodeLimits.DEFAULT, MeasurementMapping.of(SimulatedCoapStreet.quantities().toArray(String[]::new)),
                     List.of()), sink, Clock.systemUTC())) {
            assertEquals(6, gateway.details().get("nodes"));

            street.start(URI.create("coaps://127.0.0.1:" + gateway.secureAddress().getPort()), Duration.ofMillis(300));

            sink.await("moisture, temperature and water level from both nodes of each kind", l -> List.of(
                    "soil-1", "soil-2", "air-1", "air-2", "drain-1", "drain-2").stream().allMatch(id -> l.stream()
                    .anyMatch(m -> m.sourceId().equals(id) && m.quantity() != Quantity.VOLTAGE)), Duration.ofSeconds(60));
            assertEquals(0, gateway.counters().get(IngestCounters.Outcome.MALFORMED));
            assertEquals(0, gateway.counters().skipped(MeasurementMapping.Skip.UNKNOWN_QUANTITY));
        }
    }
}
