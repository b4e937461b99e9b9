package io.streetgate.uplink.forward;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.driver.Health;
import io.streetgate.driver.HealthState;
import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.CommandHandler;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.payload.JsonFormat;
import io.streetgate.uplink.testing.Messages;
import io.streetgate.uplink.testing.PoleBroker;
import io.streetgate.uplink.testing.Subscriber;
import io.streetgate.uplink.testing.Uplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static io.streetgate.uplink.testing.PoleBroker.NODE;
import static io.streetgate.uplink.testing.PoleBroker.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The uplink in the documented JSON format against a real mosquitto with TLS and passwords. */
class JsonUplinkTest {

    static final Instant T0 = Instant.parse("2026-06-21T19:30:00Z");
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path work;
    @RegisterExtension
    static final PoleBroker broker = new PoleBroker();

    Uplink uplink(LinkSettings.Protocol protocol, String password) {
        return Uplink.start(work.resolve("store.db"), TimeBase.system(), s -> new JsonFormat("streetgate", NODE),
                broker.link(protocol, password, false));
    }

    static Map<String, Object> json(Subscriber.Received r) {
        try {
            return JSON.std.mapFrom(r.payload());
        } catch (Exception e) {
            throw new AssertionError("not JSON on " + r.topic() + ": " + r.text(), e);
        }
    }

    static List<Subscriber.Received> data(List<Subscriber.Received> all) {
        return all.stream().filter(r -> r.topic().contains("/summary/")).toList();
    }

    @ParameterizedTest
    @EnumSource(LinkSettings.Protocol.class)
    void everyMessageArrivesOnItsTopicInOrderWithGapFreeSequenceNumbersAndThenLeavesTheStore(
            LinkSettings.Protocol protocol) throws Exception {
        try (Subscriber sub = broker.subscriber("sub-" + protocol, false, "streetgate/pole-0042/summary/#");
             Uplink u = uplink(protocol, PASSWORD)) {
            for (int i = 0; i < 100; i++) {
                for (String q : List.of("temperature", "humidity", "pressure")) {
                    u.store.append(Messages.summary("env-1", q, T0.plusSeconds(60L * i), i));
                }
            }
            List<Subscriber.Received> got = data(sub.await("300 summaries", l -> data(l).size() >= 300, WAIT));
            Map<String, List<Long>> seqs = new TreeMap<>();
            for (Subscriber.Received r : got) {
                Map<String, Object> m = json(r);
                assertEquals("pole-0042", m.get("node"));
                assertEquals("summary", m.get("kind"));
                assertEquals(u.store.status().epoch(), m.get("epoch"));
                seqs.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(((Number) m.get("seq")).longValue());
            }
            assertEquals(Set.of("streetgate/pole-0042/summary/env-1/temperature",
                    "streetgate/pole-0042/summary/env-1/humidity", "streetgate/pole-0042/summary/env-1/pressure"),
                    seqs.keySet());
            for (List<Long> s : seqs.values()) {
                for (int i = 0; i < s.size(); i++) {
                    assertEquals(i + 1L, s.get(i), "in order, from 1, no gap: " + s);
                }
            }
            u.awaitDrained(WAIT);
        }
    }

    @Test
    void whatIsStoredWhileTheBrokerIsDownArrivesWhenItIsBackAndTheStateSaysOnlineAgain() throws Exception {
        try (Subscriber sub = broker.subscriber("sub-outage", true, "streetgate/pole-0042/#");
             Uplink u = uplink(LinkSettings.Protocol.MQTT_5, PASSWORD)) {
            u.store.append(Messages.summary("env-1", "temperature", T0, 18));
            sub.await("the first summary", l -> data(l).size() == 1, WAIT);
            u.awaitDrained(WAIT); // its PUBACK, too, came back before the broker goes (the subscriber may be faster)

            broker.mosquitto().stop();
            try {
                for (int i = 1; i <= 50; i++) {
                    u.store.append(Messages.summary("env-1", "temperature", T0.plusSeconds(60L * i), 18));
                }
                assertEquals(50, u.store.waiting());
                awaitHealth(u, HealthState.DEGRADED, "");
            } finally {
                broker.mosquitto().start();
            }

            List<Subscriber.Received> got = data(sub.await("51 summaries", l -> data(l).stream()
                    .map(r -> json(r).get("seq")).distinct().count() == 51, WAIT));
            assertEquals(51L, json(got.get(got.size() - 1)).get("seq") instanceof Number n ? n.longValue() : -1);
            u.awaitDrained(WAIT);
            awaitHealth(u, HealthState.OK, "");
        }
    }

    @Test
    void theNodesStateIsRetainedAndFollowsItsHealth() throws Exception {
        try (Uplink u = uplink(LinkSettings.Protocol.MQTT_5, PASSWORD);
             Subscriber sub = broker.subscriber("sub-state", false, "streetgate/pole-0042/state")) {
            Subscriber.Received first = sub.awaitOne("the state", r -> Boolean.TRUE.equals(json(r).get("online")), WAIT);
            assertEquals("pole-0042", json(first).get("node"));
            try (Subscriber later = broker.subscriber("sub-state-later", false, "streetgate/pole-0042/state")) {
                Subscriber.Received retained = later.awaitOne("the retained state", Subscriber.Received::retained, WAIT);
                assertEquals(true, json(retained).get("online"), "who subscribes later gets the current state");
            }

            u.health.report("sensor/light-1", Health.faulty("NO_DEVICE: no ACK at 0x23", Instant.now()), Map.of());
            Subscriber.Received faulty = sub.awaitOne("the faulty state", r -> "faulty".equals(json(r).get("health")),
                    WAIT);
            Map<String, Object> state = json(faulty);
            assertEquals("sensor/light-1: NO_DEVICE: no ACK at 0x23", state.get("reason"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> parts = (List<Map<String, Object>>) state.get("parts");
            assertEquals("sensor/light-1", parts.get(0).get("name"));
            @SuppressWarnings("unchecked")
            Map<String, Object> store = (Map<String, Object>) state.get("store");
            assertEquals("file", store.get("mode"));
        }
    }

    /**
     * A sender held up (here by a slow command handler) while a backlog drains: Paho's callback thread goes on
     * publishing from the outbox, but only until the acknowledgements waiting to be saved reach twice 32. What
     * the broker has beyond the saved watermark, which a crash at that moment would send again, stays under the
     * window plus twice 32: 128 with MQTT 3.1.1, whose window is the client's own 64 (the broker's Receive
     * Maximum of 20 applies to MQTT 5).
     */
    @Test
    void aSenderHeldUpStopsPublishingWithinTheDuplicateBound() throws Exception {
        Path storeFile = work.resolve("store.db");
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Subscriber sub = broker.subscriber("sub-held-up", false, "streetgate/pole-0042/summary/#");
             Uplink u = broker.uplink(storeFile, TimeBase.system(), s -> new JsonFormat("streetgate", NODE),
                     LinkSettings.Protocol.MQTT_3_1_1, new HealthRegistryImpl())) {
            for (int i = 0; i < 2000; i++) {
                u.store.append(Messages.summary("env-1", "temperature", T0.plusSeconds(60L * i), i));
            }
            u.commands.add(handler("test.hold", c -> {
                holding.countDown();
                try {
                    release.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return CommandResult.done("held", Map.of());
            }));
            u.forwarder.start();
            sub.await("the drain under way", l -> data(l).size() >= 200, WAIT);
            sub.publish("streetgate/pole-0042/cmd", "{\"id\":\"h-1\",\"name\":\"test.hold\",\"issued\":\""
                    + Instant.now() + "\"}");
            assertTrue(holding.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the sender runs the handler");
            int arrived;
            int before = -1;
            while ((arrived = data(sub.all()).size()) != before) { // until nothing more arrives
                before = arrived;
                Thread.sleep(500);
            }
            long saved = savedWatermark(storeFile);
            release.countDown();

            // one stream, appended in order into a new store: message n has id n, and ids 1..saved are saved
            long beyondSaved = arrived - saved;
            assertTrue(arrived < 2000, "the drain stopped while the sender was held up: " + arrived + " arrived");
            assertTrue(beyondSaved < 64 + Forwarder.SAVE_EVERY, beyondSaved + " messages beyond the saved "
                    + "watermark " + saved + " would be sent again after a crash");
            assertEquals(2000, data(sub.await("the rest", l -> data(l).size() >= 2000, WAIT)).size());
            u.awaitDrained(WAIT);
        }
    }

    /** A component that owns one command. */
    static CommandHandler handler(String name, Function<Command, CommandResult> handle) {
        return new CommandHandler() {
            @Override
            public Set<String> commands() {
                return Set.of(name);
            }

            @Override
            public CommandResult handle(Command c) {
                return handle.apply(c);
            }
        };
    }

    /** The delivered watermark as saved in the store's mark file (magic, epoch, id, CRC), or 0 when none is. */
    static long savedWatermark(Path storeFile) throws java.io.IOException {
        byte[] mark = java.nio.file.Files.readAllBytes(storeFile.resolveSibling(storeFile.getFileName() + "-delivered"));
        return mark.length < 16 ? 0 : java.nio.ByteBuffer.wrap(mark).getLong(8);
    }

    @Test
    void commandsGoToTheComponentThatOwnsThemAndEveryCommandIsAnswered() throws Exception {
        try (Uplink u = uplink(LinkSettings.Protocol.MQTT_5, PASSWORD);
             Subscriber ops = broker.subscriber("ops-console", false, "streetgate/pole-0042/cmd/result")) {
            List<Map<String, Object>> received = new ArrayList<>();
            u.commands.add(handler("actuator.override", c -> {
                received.add(c.arguments());
                return CommandResult.done(c.target() + " at " + c.arguments().get("level") + " %",
                        Map.of("level", c.arguments().get("level")));
            }));
            awaitHealth(u, HealthState.OK, "");
            Thread.sleep(200); // the subscription to the command topic follows the connection

            ops.publish("streetgate/pole-0042/cmd", ("{\"id\":\"c-1\",\"name\":\"actuator.override\","
                    + "\"target\":\"lamp-1\",\"arguments\":{\"level\":80},\"issued\":\"" + Instant.now() + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
            Map<String, Object> done = json(ops.awaitOne("the result of c-1", r -> "c-1".equals(json(r).get("id")), WAIT));
            assertEquals(true, done.get("accepted"));
            assertEquals("lamp-1 at 80 %", done.get("reason"));
            assertEquals(List.of(Map.of("level", 80)), received);

            ops.publish("streetgate/pole-0042/cmd", ("{\"id\":\"c-2\",\"name\":\"self.destruct\",\"issued\":\""
                    + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8));
            Map<String, Object> unknown = json(ops.awaitOne("the refusal of c-2", r -> "c-2".equals(json(r).get("id")),
                    WAIT));
            assertEquals(false, unknown.get("accepted"));
            assertTrue(String.valueOf(unknown.get("reason")).contains("no component handles 'self.destruct'"),
                    unknown.toString());
            assertTrue(String.valueOf(unknown.get("reason")).contains("actuator.override"), "names the known ones");

            ops.publish("streetgate/pole-0042/cmd", "{\"id\":\"c-3\",\"name\":".getBytes());
            Map<String, Object> broken = json(ops.awaitOne("the refusal of a broken message",
                    r -> !json(r).containsKey("name") && Boolean.FALSE.equals(json(r).get("accepted")), WAIT));
            assertTrue(String.valueOf(broken.get("reason")).contains("not JSON"), broken.toString());
        }
    }

    @Test
    void retainedOtaNoticesOnTheNodeAndGroupTopicsReachTheOtaAgentAsCommands() throws Exception {
        try (Subscriber ops = broker.subscriber("ops-campaign", false, "streetgate/pole-0042/cmd/result")) {
            // published before the node connects: the broker keeps them (retained) until it subscribes
            String update = "{\"v\":1,\"campaign\":\"spring\",\"action\":\"update\",\"target\":\"bundles/b.zip\","
                    + "\"version\":\"1.4.0\",\"not_after\":\"2030-01-01T00:00:00Z\",\"later\":{\"nested\":true}}";
            ops.publishRetained("streetgate/pole-0042/ota-notice", update);
            ops.publishRetained("streetgate/group/harbour/ota-notice",
                    "{\"v\":1,\"campaign\":\"spring\",\"action\":\"halt\",\"not_after\":\"2030-01-01T00:00:00Z\"}");
            ops.publishRetained("streetgate/group/other/ota-notice",
                    "{\"v\":1,\"campaign\":\"elsewhere\",\"action\":\"halt\",\"not_after\":\"2030-01-01T00:00:00Z\"}");
            List<Command> heard = java.util.Collections.synchronizedList(new ArrayList<>());
            try (Uplink u = Uplink.start(work.resolve("store.db"), TimeBase.system(),
                    s -> new JsonFormat("streetgate", NODE, "harbour"),
                    broker.link(LinkSettings.Protocol.MQTT_5))) {
                u.commands.add(handler(Command.OTA_CAMPAIGN, c -> {
                    heard.add(c);
                    return CommandResult.refused("campaign " + c.arguments().get("campaign") + " heard");
                }));
                List<Subscriber.Received> results = ops.await("the answers to both notices", all -> all.size() >= 2
                        && heard.stream().map(Command::origin).distinct().count() >= 2, WAIT);
                assertTrue(results.stream().allMatch(r -> Command.OTA_CAMPAIGN.equals(json(r).get("name"))), results.toString());
            }
            // the persistent session may deliver a notice twice (queued for the session, and retained on subscribing):
            // the agent takes a campaign's notice once
            assertEquals(java.util.Set.of("mqtt:streetgate/pole-0042/ota-notice update",
                            "mqtt:streetgate/group/harbour/ota-notice halt"),
                    heard.stream().map(c -> c.origin() + " " + c.arguments().get("action")).collect(java.util.stream.Collectors.toSet()),
                    "the node's own and its group's notice, not another group's: " + heard);
            Command node = heard.stream().filter(c -> "update".equals(c.arguments().get("action"))).findFirst().orElseThrow();
            assertEquals(Map.of("v", 1, "campaign", "spring", "action", "update", "target", "bundles/b.zip",
                    "version", "1.4.0", "not_after", "2030-01-01T00:00:00Z"), node.arguments(),
                    "the notice's plain fields; a nested one is not passed on");
            assertEquals("mqtt:streetgate/pole-0042/ota-notice", node.origin());
            assertTrue(heard.stream().anyMatch(c -> "halt".equals(c.arguments().get("action"))
                    && "mqtt:streetgate/group/harbour/ota-notice".equals(c.origin())), heard.toString());
            for (String topic : List.of("streetgate/pole-0042/ota-notice", "streetgate/group/harbour/ota-notice",
                    "streetgate/group/other/ota-notice")) {
                ops.publishRetained(topic, ""); // clears the retained notice for the other tests
            }
        }
    }

    /**
     * A node that boots while a campaign's notice is retained hears it on its first connection, usually before its
     * OTA agent is up: the notice waits for the agent instead of being refused as nobody's and lost for the session.
     */
    @Test
    void aRetainedNoticeThatArrivesBeforeTheOtaAgentWaitsForIt() throws Exception {
        String topic = "streetgate/pole-0042/ota-notice";
        try (Subscriber ops = broker.subscriber("ops-early", false, "streetgate/pole-0042/cmd/result")) {
            ops.publishRetained(topic, "{\"v\":1,\"campaign\":\"early\",\"action\":\"halt\","
                    + "\"not_after\":\"2030-01-01T00:00:00Z\"}");
            List<Command> heard = java.util.Collections.synchronizedList(new ArrayList<>());
            try (Uplink u = Uplink.start(work.resolve("store.db"), TimeBase.system(),
                    s -> new JsonFormat("streetgate", NODE, null), broker.link(LinkSettings.Protocol.MQTT_5))) {
                // a command answered after the uplink subscribed was read after the retained notice, which the
                // broker sends on subscribing: from then on the notice is held (sent again until the link is up)
                awaitHealth(u, HealthState.OK, "");
                long deadline = System.nanoTime() + WAIT.toNanos();
                List<Subscriber.Received> seen;
                do {
                    ops.publish("streetgate/pole-0042/cmd", ("{\"id\":\"after\",\"name\":\"no.such.command\","
                            + "\"issued\":\"" + Instant.now() + "\"}").getBytes());
                    Thread.sleep(500);
                    seen = ops.await("anything", l -> true, WAIT);
                } while (seen.stream().noneMatch(r -> "after".equals(json(r).get("id"))) && System.nanoTime() < deadline);
                assertTrue(seen.stream().anyMatch(r -> "after".equals(json(r).get("id"))), "the uplink answers: " + seen);
                assertTrue(seen.stream().noneMatch(r -> Command.OTA_CAMPAIGN.equals(json(r).get("name"))),
                        "no answer to the notice while nothing handles it: " + seen);
                u.commands.add(handler(Command.OTA_CAMPAIGN, c -> {
                    heard.add(c);
                    return CommandResult.refused("campaign " + c.arguments().get("campaign") + " heard");
                }));
                Subscriber.Received answer = ops.awaitOne("the agent's answer to the held notice",
                        r -> Command.OTA_CAMPAIGN.equals(json(r).get("name")), WAIT);
                assertEquals("campaign early heard", json(answer).get("reason"));
            }
            assertEquals(1, heard.size(), heard.toString());
            assertEquals("mqtt:" + topic, heard.get(0).origin());
        } finally {
            try (Subscriber clear = broker.subscriber("ops-clear", false, "streetgate/pole-0042/cmd/result")) {
                clear.publishRetained(topic, ""); // clears the retained notice for the other tests
            }
        }
    }

    @Test
    void aWrongPasswordIsRefusedReportedAsFaultyAndTheDataWaitsInTheStore() throws Exception {
        try (Uplink u = uplink(LinkSettings.Protocol.MQTT_5, "not-the-password")) {
            u.store.append(Messages.summary("env-1", "temperature", T0, 18));
            ComponentStatus link = awaitHealth(u, HealthState.FAULTY, "refused the login");
            assertFalse(link.health().reason().contains("not-the-password"));
            assertEquals(1, u.store.waiting());
        }
    }

    static ComponentStatus awaitHealth(Uplink u, HealthState state, String reason) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        ComponentStatus last = null;
        while (System.nanoTime() < deadline) {
            last = u.health.snapshot().stream().filter(c -> c.name().equals(Forwarder.LINK_HEALTH)).findFirst()
                    .orElse(null);
            if (last != null && last.health().state() == state && last.health().reason().contains(reason)) {
                return last;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("uplink/mqtt not " + state + " with '" + reason + "': " + last);
    }
}
