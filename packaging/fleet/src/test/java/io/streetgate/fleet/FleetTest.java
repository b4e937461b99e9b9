package io.streetgate.fleet;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.gateway.api.Command;
import io.streetgate.ota.message.CampaignNotice;
import io.streetgate.ota.message.OtaMessages;
import io.streetgate.uplink.testing.Mosquitto;
import io.streetgate.uplink.testing.Mqtt5Publisher;
import io.streetgate.uplink.testing.Subscriber;
import io.streetgate.driver.time.TimeBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Simulated gateways with their real uplinks against a real mosquitto, seen by a real subscriber: everything
 * arrives, in order and without gaps per stream, also across a broker restart (store-and-forward); commands are
 * answered. Waits have deadlines only so that a failure ends the test; nothing asserts how fast anything is.
 */
class FleetTest {

    static final Duration PATIENCE = Duration.ofMinutes(3);
    static final Instant DUSK = Instant.parse("2026-06-21T19:30:00Z");

    @TempDir
    Path tmp;

    static FleetSettings settings(String url, int gateways, boolean sparkplug) {
        return new FleetSettings(gateways, "pole", URI.create(url), "5", sparkplug, null,
                null, null, "streetgate", "harbour", Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofMillis(100), Duration.ofSeconds(1), 8L << 20);
    }

    @Test
    void twentyGatewaysDeliverEverySummaryInOrderWithoutGapsAcrossABrokerRestart() throws Exception {
        try (Mosquitto broker = Mosquitto.anonymous(tmp.resolve("broker"));
             Subscriber dashboard = new Subscriber(broker.url(), "dashboard", "streetgate/+/summary/#",
                     "streetgate/+/occupancy/#")) {
            // speed 300: five minutes of gateway time per second
            try (Fleet fleet = new Fleet(settings(broker.url(), 20, false), tmp.resolve("stores"),
                    TimeBase.accelerated(DUSK, 300), 7)) {
                fleet.start();
                dashboard.await("three temperature summaries from each of the 20 gateways",
                        l -> nodesWithSummary(l, 3).size() == 20, PATIENCE);

                broker.stop();
                Map<String, Long> storedAtStop = storedByNode(fleet);
                waitFor("every gateway to store more while the broker is down", () -> fleet.gateways().stream()
                        .allMatch(g -> g.stored() >= storedAtStop.get(g.node()) + 6));
                assertTrue(fleet.stats().waiting() > 0, "summaries wait in the stores while the broker is down");
                broker.start();

                waitFor("all 20 gateways to reconnect", () -> fleet.stats().connected() == 20);
                waitFor("every gateway to store more after the restart", () -> fleet.gateways().stream()
                        .allMatch(g -> g.stored() >= storedAtStop.get(g.node()) + 12));
                fleet.stopFeeding();
                assertTrue(fleet.awaitDrained(PATIENCE), "the stores drain: " + fleet.stats());
                assertTrue(fleet.stats().connections() >= 40, "each gateway connected again: " + fleet.stats());

                Map<String, Long> expected = new HashMap<>(); // topic -> last sequence number stored
                for (SimulatedGateway g : fleet.gateways()) {
                    g.lastSequenceNumbers().forEach((stream, seq) ->
                            expected.put("streetgate/" + g.node() + "/" + stream, seq));
                }
                List<Subscriber.Received> all = dashboard.await("every stored summary",
                        l -> complete(l, expected), PATIENCE);

                Map<String, List<Long>> byTopic = sequences(all);
                assertEquals(expected.keySet(), byTopic.keySet());
                Set<String> nodes = new TreeSet<>();
                for (Map.Entry<String, List<Long>> e : byTopic.entrySet()) {
                    nodes.add(e.getKey().split("/")[1]);
                    List<Long> firstSeen = new ArrayList<>(new java.util.LinkedHashSet<>(e.getValue()));
                    for (int i = 0; i < firstSeen.size(); i++) {
                        assertEquals(i + 1L, firstSeen.get(i), e.getKey() + " in order, without gaps: " + firstSeen);
                    }
                    assertEquals(expected.get(e.getKey()), firstSeen.get(firstSeen.size() - 1), e.getKey());
                }
                assertEquals(20, nodes.size(), "node ids: " + nodes);
                assertTrue(nodes.contains("pole-0001") && nodes.contains("pole-0020"), nodes.toString());
                assertEquals(1, epochs(all).size(), "one store epoch per node: nothing was re-created");
            }
        }
    }

    @Test
    void gatewaysAnswerPingAndCampaignsAndRefuseWhatNobodyOwns() throws Exception {
        try (Mosquitto broker = Mosquitto.anonymous(tmp.resolve("broker"));
             Subscriber ops = new Subscriber(broker.url(), "ops-console", "streetgate/+/cmd/result");
             Fleet fleet = new Fleet(settings(broker.url(), 2, false), tmp.resolve("stores"),
                     TimeBase.accelerated(DUSK, 60), 1)) {
            fleet.start();
            waitFor("both gateways to connect", () -> fleet.stats().connected() == 2);

            // with a message expiry, as an operator's mosquitto_pub -V mqttv5 -D publish message-expiry-interval 300
            // sends them: a simulated gateway's clock is not the operator's, so the commands say no issue time
            Instant notAfter = Instant.now().plus(Duration.ofHours(6));
            Map<String, Object> update = OtaMessages.noticeFields(CampaignNotice.update("spring",
                    "bundles/gateway-1.2.0.zip", "1.2.0", null, notAfter));
            Map<String, Object> withoutTarget = new LinkedHashMap<>(update);
            withoutTarget.remove("target");
            Map<String, Object> stale = OtaMessages.noticeFields(CampaignNotice.halt("spring",
                    Instant.now().minus(Duration.ofMinutes(1))));
            try (Mqtt5Publisher console = new Mqtt5Publisher(broker.url(), "ops-console-v5")) {
                console.publish("streetgate/pole-0002/cmd", "{\"id\":\"c-1\",\"name\":\"ping\",\"origin\":\"ops-console\"}",
                        300);
                console.publish("streetgate/pole-0001/cmd", command("c-2", update), 300);
                console.publish("streetgate/pole-0001/cmd", command("c-3", withoutTarget), 300);
                console.publish("streetgate/pole-0002/cmd", command("c-5", stale), 300);
                console.publish("streetgate/pole-0001/cmd", "{\"id\":\"c-4\",\"name\":\"actuator.override\","
                        + "\"target\":\"lamp-1\"}", 300);
            }

            Map<String, Map<String, Object>> results = new HashMap<>();
            ops.await("five results", l -> {
                results.clear();
                for (Subscriber.Received r : l) {
                    Map<String, Object> m = json(r.payload());
                    results.put((String) m.get("id"), m);
                }
                return results.size() == 5;
            }, PATIENCE);
            Map<String, Object> ping = results.get("c-1");
            assertEquals("pole-0002", ping.get("node"));
            assertEquals(true, ping.get("accepted"));
            assertEquals("pong from pole-0002", ping.get("reason"));
            assertEquals(true, results.get("c-2").get("accepted"), results.get("c-2").toString());
            assertEquals("campaign spring update taken (simulated gateway: nothing is downloaded or installed)",
                    results.get("c-2").get("reason"));
            assertEquals(false, results.get("c-3").get("accepted"));
            assertEquals("campaign notice: the field \"target\" is missing", results.get("c-3").get("reason"));
            assertEquals(false, results.get("c-5").get("accepted"));
            assertEquals("campaign spring halt notice expired at " + stale.get("not_after") + "; not acted on",
                    results.get("c-5").get("reason"));
            assertEquals(false, results.get("c-4").get("accepted"));
            assertEquals("no component handles 'actuator.override'; known commands: ota.campaign, ping",
                    results.get("c-4").get("reason"));
        }
    }

    @Test
    void sparkplugGatewaysAreBornSendDataAndDieCleanly() throws Exception {
        try (Mosquitto broker = Mosquitto.anonymous(tmp.resolve("broker"));
             Subscriber host = new Subscriber(broker.url(), "primary-host", "spBv1.0/harbour/#")) {
            try (Fleet fleet = new Fleet(settings(broker.url(), 3, true), tmp.resolve("stores"),
                    TimeBase.accelerated(DUSK, 300), 3)) {
                fleet.start();
                host.await("NBIRTH and DDATA of each gateway", l -> {
                    Set<String> topics = new TreeSet<>();
                    l.forEach(r -> topics.add(r.topic()));
                    for (int i = 1; i <= 3; i++) {
                        String node = "pole-000" + i;
                        if (!topics.contains("spBv1.0/harbour/NBIRTH/" + node)
                                || !topics.contains("spBv1.0/harbour/DDATA/" + node + "/env-1")
                                || !topics.contains("spBv1.0/harbour/DDATA/" + node + "/light-1")) {
                            return false;
                        }
                    }
                    return true;
                }, PATIENCE);
            }
            List<Subscriber.Received> all = host.await("an NDEATH from each gateway on shutdown",
                    l -> l.stream().filter(r -> r.topic().contains("/NDEATH/")).count() >= 3, PATIENCE);
            assertFalse(all.stream().anyMatch(r -> r.topic().contains("/NDEATH/pole-0004")));
        }
    }

    /** A command message on a node's command topic, as ops tools send it. */
    private static String command(String id, Map<String, Object> arguments) throws java.io.IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", Command.OTA_CAMPAIGN);
        m.put("arguments", arguments);
        return JSON.std.asString(m);
    }

    private static Map<String, Object> json(byte[] payload) {
        try {
            return JSON.std.mapFrom(payload);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + new String(payload), e);
        }
    }

    /** Sequence numbers per topic, in arrival order (duplicates included). */
    private static Map<String, List<Long>> sequences(List<Subscriber.Received> all) {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        for (Subscriber.Received r : all) {
            out.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(((Number) json(r.payload()).get("seq")).longValue());
        }
        return out;
    }

    private static Set<String> epochs(List<Subscriber.Received> all) {
        Map<String, Set<String>> byNode = new HashMap<>();
        for (Subscriber.Received r : all) {
            byNode.computeIfAbsent(r.topic().split("/")[1], n -> new TreeSet<>()).add((String) json(r.payload()).get("epoch"));
        }
        Set<String> counts = new TreeSet<>();
        byNode.values().forEach(s -> counts.add(Integer.toString(s.size())));
        return counts;
    }

    private static Set<String> nodesWithSummary(List<Subscriber.Received> all, long atLeastSeq) {
        Set<String> nodes = new TreeSet<>();
        for (Subscriber.Received r : all) {
            if (r.topic().endsWith("/env-1/temperature")
                    && ((Number) json(r.payload()).get("seq")).longValue() >= atLeastSeq) {
                nodes.add(r.topic().split("/")[1]);
            }
        }
        return nodes;
    }

    private static boolean complete(List<Subscriber.Received> all, Map<String, Long> expected) {
        Map<String, Set<Long>> seen = new HashMap<>();
        for (Subscriber.Received r : all) {
            seen.computeIfAbsent(r.topic(), t -> new java.util.HashSet<>())
                    .add(((Number) json(r.payload()).get("seq")).longValue());
        }
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            Set<Long> s = seen.getOrDefault(e.getKey(), Set.of());
            for (long seq = 1; seq <= e.getValue(); seq++) {
                if (!s.contains(seq)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Map<String, Long> storedByNode(Fleet fleet) {
        Map<String, Long> out = new HashMap<>();
        fleet.gateways().forEach(g -> out.put(g.node(), g.stored()));
        return out;
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
