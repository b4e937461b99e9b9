package io.streetgate.uplink.forward;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.driver.HealthState;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.link.Tls;
import io.streetgate.uplink.payload.JsonFormat;
import io.streetgate.uplink.payload.SparkplugFormat;
import io.streetgate.uplink.testing.BrokerKind;
import io.streetgate.uplink.testing.Messages;
import io.streetgate.uplink.testing.Subscriber;
import io.streetgate.uplink.testing.TestBroker;
import io.streetgate.uplink.testing.TestPki;
import io.streetgate.uplink.testing.Uplink;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The uplink's promises against each broker a city may run (docs/uplink.md, "Brokers tested"): mosquitto 2 (a
 * process), HiveMQ Community Edition and Moquette (embedded). Each broker starts once for its share of the class,
 * with TLS (the test CA's server certificate) and password logins; every scenario speaks the newest MQTT version
 * the broker speaks, as a site would configure it. Where a broker differs, the test says what it does.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(BrokerKind.class)
class BrokerMatrixTest {

    static final String USER = "pole-0042";
    static final String PASSWORD = "s3cret-Pole";
    static final Instant T0 = Instant.parse("2026-06-21T19:30:00Z");
    static final Duration WAIT = Duration.ofSeconds(90);
    static final List<String> QUANTITIES = List.of("temperature", "humidity", "pressure");

    @Parameter
    BrokerKind kind;

    @TempDir
    static Path brokers;
    static TestPki pki;
    static TestBroker broker;

    @TempDir
    Path work;

    @BeforeParameterizedClassInvocation
    static void startBroker(BrokerKind kind) throws Exception {
        Path dir = brokers.resolve(kind.name().toLowerCase(java.util.Locale.ROOT));
        pki = TestPki.create(dir.resolve("pki"));
        broker = kind.start(dir.resolve("broker"), pki, Map.of(USER, PASSWORD, "ops", "ops-pass"));
    }

    @AfterParameterizedClassInvocation
    static void stopBroker() throws Exception {
        broker.close();
    }

    /** docs/uplink.md's table names the broker and version that ran here, so a version bump updates the page. */
    @Test
    void theBrokersTestedTableNamesThisBrokerAndVersion() throws Exception {
        String page = java.nio.file.Files.readString(Path.of("../../docs/uplink.md"));
        String header = page.lines().filter(l -> l.startsWith("| | mosquitto")).findFirst()
                .orElseThrow(() -> new AssertionError("docs/uplink.md has no 'Brokers tested' table"));
        String name = broker.name().replace(" (embedded)", "");
        assertTrue(header.contains("| " + name + " "), "docs/uplink.md's table names " + name + ": " + header);
    }

    Subscriber subscriber(String id, boolean persistent, String... filters) throws Exception {
        return new Subscriber(broker.url(), Tls.socketFactory(pki.caCert, null, null), "ops", "ops-pass", id,
                persistent, filters);
    }

    /** The uplink as a site configures it for this broker, not started yet (handlers come first). */
    Uplink uplink(Path store, LinkSettings.Protocol protocol, String password) {
        return new Uplink(store, TimeBase.system(), s -> new JsonFormat("streetgate", USER),
                Uplink.link(broker, pki, protocol, USER, password, false), Uplink.fastSettings(),
                new HealthRegistryImpl());
    }

    static List<Subscriber.Received> data(List<Subscriber.Received> all) {
        return all.stream().filter(r -> r.topic().contains("/summary/")).toList();
    }

    static long seq(Subscriber.Received r) {
        try {
            return ((Number) JSON.std.mapFrom(r.payload()).get("seq")).longValue();
        } catch (Exception e) {
            throw new AssertionError("not JSON on " + r.topic() + ": " + r.text(), e);
        }
    }

    /** How many distinct (topic, seq) arrived: a re-sent message counts once. */
    static long distinct(List<Subscriber.Received> all) {
        return data(all).stream().map(r -> r.topic() + "#" + seq(r)).distinct().count();
    }

    /**
     * Per stream, every number from 1 on arrived in order; a number seen before is a re-delivery (counted), never a
     * step back past a gap.
     */
    static int assertInOrderWithoutGaps(List<Subscriber.Received> all, int streams, long perStream) {
        Map<String, List<Long>> arrival = new TreeMap<>();
        for (Subscriber.Received r : data(all)) {
            arrival.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(seq(r));
        }
        assertEquals(streams, arrival.size(), arrival.keySet().toString());
        int duplicates = 0;
        for (Map.Entry<String, List<Long>> e : arrival.entrySet()) {
            long expect = 1;
            for (long s : e.getValue()) {
                if (s < expect) {
                    duplicates++;
                    continue;
                }
                assertEquals(expect, s, "in order without a gap on " + e.getKey());
                expect++;
            }
            assertEquals(perStream + 1, expect, "all of " + e.getKey());
        }
        return duplicates;
    }

    /**
     * Each MQTT version the broker speaks carries every message in order without gaps; one it does not speak
     * (Moquette 0.17 answers an MQTT 5 CONNECT as a 3.1.1 broker does, with return code 1, "unacceptable protocol
     * version") is reported as faulty, naming the setting that fixes it, and the data waits in the store.
     */
    @Test
    void overTlsWithAPasswordEveryMessageArrivesInOrderWithoutGapsInEachVersionTheBrokerSpeaks() throws Exception {
        for (LinkSettings.Protocol protocol : LinkSettings.Protocol.values()) {
            try (Subscriber sub = subscriber("sub-tls-" + protocol, false, "streetgate/pole-0042/summary/#");
                 Uplink u = uplink(work.resolve(protocol + ".db"), protocol, PASSWORD)) {
                u.forwarder.start();
                for (int i = 0; i < 100; i++) {
                    for (String q : QUANTITIES) {
                        u.store.append(Messages.summary("env-1", q, T0.plusSeconds(60L * i), i));
                    }
                }
                if (kind.protocols.contains(protocol)) {
                    List<Subscriber.Received> got = sub.await("300 summaries over " + protocol,
                            l -> distinct(l) >= 300, WAIT);
                    assertInOrderWithoutGaps(got, QUANTITIES.size(), 100);
                    u.awaitDrained(WAIT);
                } else {
                    ComponentStatus link = JsonUplinkTest.awaitHealth(u, HealthState.FAULTY,
                            "does not speak MQTT " + protocol.label());
                    assertTrue(link.health().reason().contains("set uplink.protocol: 3.1.1"), link.toString());
                    assertEquals(300, u.store.waiting());
                }
            }
        }
    }

    @Test
    void aWrongPasswordIsRefusedAsFaultyWithoutShowingItAndTheDataWaits() throws Exception {
        try (Uplink u = uplink(work.resolve("store.db"), kind.newestProtocol(), "not-the-password")) {
            u.forwarder.start();
            u.store.append(Messages.summary("env-1", "temperature", T0, 18));
            ComponentStatus link = JsonUplinkTest.awaitHealth(u, HealthState.FAULTY, "refused the login of user "
                    + "'pole-0042'");
            assertFalse(link.toString().contains("not-the-password"));
            assertEquals(1, u.store.waiting());
        }
    }

    @Test
    void aBrokerCertificateFromAnotherCaIsRefusedAsFaulty() throws Exception {
        LinkSettings trustsAnotherCa = LinkSettings.builder(java.net.URI.create(broker.url()), USER)
                .protocol(kind.newestProtocol()).login(USER, PASSWORD.toCharArray())
                .tls(Tls.socketFactory(pki.otherCaCert, null, null)).keepAlive(Duration.ofSeconds(10)).cleanStart(false)
                .sessionExpiry(Duration.ofDays(1)).connectTimeout(Duration.ofSeconds(5)).build();
        try (Uplink u = new Uplink(work.resolve("store.db"), TimeBase.system(), s -> new JsonFormat("streetgate", USER),
                trustsAnotherCa, Uplink.fastSettings(), new HealthRegistryImpl())) {
            u.forwarder.start();
            u.store.append(Messages.summary("env-1", "temperature", T0, 18));
            JsonUplinkTest.awaitHealth(u, HealthState.FAULTY, "is not signed by a trusted CA");
            assertEquals(1, u.store.waiting());
        }
    }

    /**
     * The persistent session (clean start off, session expiry 1 d; with 3.1.1 clean session off): the broker keeps
     * the node's command subscription and queues what is sent to it while the node is away.
     */
    @Test
    void commandsSentWhileTheNodeIsAwayAreCarriedOutWhenItReturns() throws Exception {
        Path store = work.resolve("store.db");
        List<String> carriedOut = Collections.synchronizedList(new ArrayList<>());
        try (Subscriber ops = subscriber("ops-away", false, "streetgate/pole-0042/cmd/result")) {
            try (Uplink u = uplink(store, kind.newestProtocol(), PASSWORD)) {
                u.commands.add(JsonUplinkTest.handler("test.note", c -> {
                    carriedOut.add(c.id());
                    return CommandResult.done("noted", Map.of());
                }));
                u.forwarder.start();
                // the session holds the subscription once one command came through: until then, send again
                long deadline = System.nanoTime() + WAIT.toNanos();
                for (int n = 1; carriedOut.isEmpty(); n++) {
                    assertTrue(System.nanoTime() < deadline, "no command reached the node: " + u.forwarder.stats());
                    ops.publish("streetgate/pole-0042/cmd", command("here-" + n));
                    Thread.sleep(300);
                }
            }
            ops.publish("streetgate/pole-0042/cmd", command("away-1"));
            ops.publish("streetgate/pole-0042/cmd", command("away-2"));
            try (Uplink u = uplink(store, kind.newestProtocol(), PASSWORD)) {
                u.commands.add(JsonUplinkTest.handler("test.note", c -> {
                    carriedOut.add(c.id());
                    return CommandResult.done("noted", Map.of());
                }));
                u.forwarder.start();
                ops.await("the answers to both commands sent while away", l -> l.stream()
                        .filter(r -> r.text().contains("\"away-")).count() >= 2, WAIT);
            }
        }
        assertTrue(carriedOut.containsAll(List.of("away-1", "away-2")), carriedOut.toString());
    }

    static String command(String id) {
        return "{\"id\":\"" + id + "\",\"name\":\"test.note\",\"issued\":\"" + Instant.now() + "\"}";
    }

    /**
     * A broker restart in the middle of the traffic: what is stored while it is down drains oldest first when it
     * is back, while new data keeps coming, and arrives in order without gaps at a subscriber whose persistent
     * session the broker kept across the restart (it does not subscribe again).
     */
    @Test
    void aBrokerRestartLosesNothingAndTheBacklogDrainsInOrderWhileNewDataArrives() throws Exception {
        int before = 50;
        int during = 250; // 750 messages: within HiveMQ CE's 1000 queued for a consumer that is away (see below)
        int after = 50;
        try (Subscriber sub = subscriber("sub-restart", true, "streetgate/pole-0042/summary/#");
             Uplink u = uplink(work.resolve("store.db"), kind.newestProtocol(), PASSWORD)) {
            u.forwarder.start();
            int i = 0;
            for (; i < before; i++) {
                appendMinute(u, i);
            }
            sub.await("the first summaries", l -> distinct(l) >= (long) before * QUANTITIES.size(), WAIT);
            u.awaitDrained(WAIT);

            broker.stop();
            try {
                for (; i < before + during; i++) {
                    appendMinute(u, i);
                }
                JsonUplinkTest.awaitHealth(u, HealthState.DEGRADED, "");
                assertEquals((long) during * QUANTITIES.size(), u.store.waiting(), "all of the outage waits");
            } finally {
                broker.start();
            }
            for (; i < before + during + after; i++) {
                appendMinute(u, i);
            }
            long total = (long) i * QUANTITIES.size();
            List<Subscriber.Received> got = sub.await(total + " summaries", l -> distinct(l) >= total, WAIT);
            int duplicates = assertInOrderWithoutGaps(got, QUANTITIES.size(), i);
            u.awaitDrained(WAIT);
            JsonUplinkTest.awaitHealth(u, HealthState.OK, "");
            System.out.printf("%s: a restart with %d messages waiting; %d arrived, %d of them again%n", broker.name(),
                    during * QUANTITIES.size(), total, duplicates);
        }
    }

    /**
     * A consumer with a persistent session that is away while the node drains its backlog finds, when it returns,
     * what its broker queued for it: mosquitto as the tests configure it (max_queued_messages 0) and Moquette queue
     * without a limit; HiveMQ CE queues at most 1000 messages per session and discards newer ones (its default
     * max-queue-size and strategy). The sequence numbers tell the consumer what it missed.
     */
    @Test
    void aConsumerAwayWhileTheNodeDrainsGetsWhatItsBrokerQueued() throws Exception {
        int minutes = 500; // 1500 messages
        new Subscriber(broker.url(), Tls.socketFactory(pki.caCert, null, null), "ops", "ops-pass", "consumer-away",
                true, "streetgate/pole-0042/summary/#").close(); // the session with its subscription, then away
        try (Uplink u = uplink(work.resolve("store.db"), kind.newestProtocol(), PASSWORD)) {
            for (int i = 0; i < minutes; i++) {
                appendMinute(u, i);
            }
            u.forwarder.start();
            u.awaitDrained(WAIT);
        }
        try (Subscriber back = subscriber("consumer-away", true, "streetgate/pole-0042/summary/#")) {
            back.await("what was queued", l -> distinct(l) >= Math.min(1000, 3L * minutes), WAIT);
            // queued messages are delivered in order: once this one arrives, nothing queued is still on its way
            back.publish("streetgate/pole-0042/summary/marker", "end");
            List<Subscriber.Received> got = back.await("the marker", l -> l.stream()
                    .anyMatch(r -> r.topic().endsWith("/marker")), WAIT);
            List<Subscriber.Received> queued = got.stream().filter(r -> !r.topic().endsWith("/marker")).toList();
            long expected = kind.sessionQueueLimit > 0 ? kind.sessionQueueLimit : 3L * minutes;
            assertEquals(expected, distinct(queued), broker.name() + " queued for the consumer that was away");
            if (kind.sessionQueueLimit > 0) { // the oldest were kept: numbers 1.. of each stream, without a gap
                Map<String, List<Long>> perStream = new TreeMap<>();
                for (Subscriber.Received r : data(queued)) {
                    perStream.computeIfAbsent(r.topic(), x -> new ArrayList<>()).add(seq(r));
                }
                for (List<Long> s : perStream.values()) {
                    assertEquals(1L, s.get(0));
                    assertEquals(s.size(), s.stream().distinct().count());
                    assertEquals((long) s.size(), s.get(s.size() - 1), "no gap before the limit: " + s);
                }
            }
        }
    }

    /**
     * Sparkplug B as a site runs it on this broker (the newest MQTT version it speaks, a clean session, births and
     * data at QoS 0 as the specification asks): a host application sees the node's birth first, each device born
     * before its data, {@code seq} going up by one over all of the node's messages, and every summary's value once,
     * in order.
     */
    @Test
    void sparkplugBirthsComeBeforeTheDataAndEveryValueArrivesInOrder() throws Exception {
        int minutes = 20;
        try (Subscriber host = subscriber("host-sparkplug", false, "spBv1.0/harbour/#");
             Uplink u = new Uplink(work.resolve("sparkplug.db"), TimeBase.system(),
                     store -> new SparkplugFormat("harbour", USER, store),
                     Uplink.link(broker, pki, kind.newestProtocol(), USER, PASSWORD, true), Uplink.fastSettings(),
                     new HealthRegistryImpl())) {
            for (int i = 0; i < minutes; i++) {
                appendMinute(u, i);
            }
            u.forwarder.start();
            List<Subscriber.Received> got = host.await(minutes * QUANTITIES.size() + " DDATA", l -> l.stream()
                    .filter(r -> r.topic().contains("/DDATA/")).count() >= (long) minutes * QUANTITIES.size(), WAIT);
            SparkplugUplinkTest.Host decoded = new SparkplugUplinkTest.Host(got);
            assertEquals("spBv1.0/harbour/NBIRTH/pole-0042", got.get(0).topic(), "the node is born first");

            Map<Long, String> names = new TreeMap<>();
            Map<String, List<Object>> values = new TreeMap<>();
            long expectedSeq = 0;
            for (Map.Entry<String, SparkplugBPayload> m : decoded.messages) {
                if (m.getKey().contains("/NBIRTH/")) {
                    expectedSeq = 0; // a birth starts the count again
                }
                assertEquals(expectedSeq, m.getValue().getSeq(), "seq of " + m.getKey());
                expectedSeq = (expectedSeq + 1) % 256;
                for (Metric metric : m.getValue().getMetrics()) {
                    if (m.getKey().contains("/DBIRTH/") && metric.hasAlias()) {
                        names.put(metric.getAlias(), metric.getName());
                    } else if (m.getKey().contains("/DDATA/")) {
                        String name = names.get(metric.getAlias());
                        assertTrue(name != null, "alias " + metric.getAlias() + " in " + m.getKey()
                                + " was declared by a DBIRTH before it");
                        values.computeIfAbsent(name, n -> new ArrayList<>()).add(metric.getValue());
                    }
                }
            }
            List<Object> everyMinute = new ArrayList<>();
            for (int i = 0; i < minutes; i++) {
                everyMinute.add((double) i);
            }
            for (String q : QUANTITIES) {
                assertEquals(everyMinute, values.get("summary/" + q + "/mean"), broker.name() + ": " + q);
            }
        }
    }

    private static void appendMinute(Uplink u, int minute) {
        for (String q : QUANTITIES) {
            u.store.append(Messages.summary("env-1", q, T0.plusSeconds(60L * minute), minute));
        }
    }

    /**
     * The gateway killed with SIGKILL while it publishes (twice), and once while the broker is down; each time a
     * new process goes on from the same store. At the end every number of every stream has arrived. On a broker
     * that does not keep its deliveries across its own restart (Moquette), the third kill is also made while the
     * broker runs: what would be checked there is the broker, not the gateway (the restart with a backlog waiting
     * is the scenario above).
     */
    @Test
    void aGatewayKilledWithSigkillLeavesNoGap() throws Exception {
        try (Subscriber sub = subscriber("sub-sigkill", true, "streetgate/pole-0042/summary/#");
             KilledPublishers publishers = new KilledPublishers(work, broker, pki, USER, PASSWORD,
                     kind.newestProtocol(), 3, 200)) {
            for (int round = 1; round <= 3; round++) { // broker restarts are the subject of the scenario above
                Process p = publishers.start(round);
                publishers.awaitFirstAppend(round);
                Thread.sleep(700);
                if (round == 2 && kind.keepsDeliveriesAcrossRestart) { // killed while the broker is down
                    broker.stop();
                    Thread.sleep(300);
                    KilledPublishers.kill(p);
                    broker.start();
                } else {
                    KilledPublishers.kill(p); // killed while connected and publishing
                }
            }
            KilledPublishers.Drained drained = publishers.drain(WAIT);
            List<Subscriber.Received> got = sub.await(drained.total() + " distinct messages",
                    l -> distinct(l) >= drained.total(), WAIT);
            int duplicates = drained.assertEveryNumberArrived(got);
            assertEquals(3, drained.lastSeq().size(), "three streams");
            int interruptions = 3 + (kind.keepsDeliveriesAcrossRestart ? 1 : 0); // kills and broker restarts
            assertTrue(duplicates <= interruptions * 2 * 64, duplicates + " duplicates: at most twice the window "
                    + "of 64 (Uplink.fastSettings) per interruption");
            assertTrue(drained.accepted().entrySet().stream()
                            .allMatch(e -> e.getValue() <= drained.lastSeq().getOrDefault(e.getKey(), 0L)),
                    "everything a process accepted was kept: " + drained);
        }
    }
}
