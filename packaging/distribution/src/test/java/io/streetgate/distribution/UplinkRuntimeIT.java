package io.streetgate.distribution;

import com.fasterxml.jackson.jr.ob.JSON;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.model.MetricDataTypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distribution with an uplink section, started as a process: the uplink bundle and its libraries
 * (Paho, Tahu, protobuf, sqlite-jdbc with its native library) resolve and start on Felix and on Equinox,
 * summaries reach a real mosquitto over TLS as JSON or Sparkplug B, commands are answered, and the gateway
 * killed with SIGKILL again and again loses no sequence number.
 */
class UplinkRuntimeIT {

    static final Duration UP = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    /** A real MQTT client on the test broker that keeps everything. */
    static final class Inbox implements AutoCloseable {
        final MqttClient client;
        final List<Map.Entry<String, byte[]>> got = new ArrayList<>();

        Inbox(UplinkPeers peers, String id, String filter) throws Exception {
            client = new MqttClient(peers.url(), id, new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setSocketFactory(peers.tls());
            o.setUserName("ops");
            o.setPassword("ops-pass".toCharArray());
            o.setCleanSession(false);
            o.setAutomaticReconnect(true);
            o.setMaxReconnectDelay(1000);
            client.connect(o);
            client.subscribe(filter, 1, (topic, m) -> {
                synchronized (got) {
                    got.add(Map.entry(topic, m.getPayload()));
                    got.notifyAll();
                }
            });
        }

        List<Map.Entry<String, byte[]>> await(String what, Predicate<List<Map.Entry<String, byte[]>>> done,
                                                Duration timeout) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            synchronized (got) {
                while (!done.test(got)) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) {
                        throw new AssertionError("no " + what + " within " + timeout + "; got " + got.size() + ": "
                                + got.stream().map(Map.Entry::getKey).distinct().limit(20).toList());
                    }
                    got.wait(Math.min(left, 500));
                }
                return List.copyOf(got);
            }
        }

        @Override
        public void close() throws Exception {
            client.disconnect();
            client.close();
        }
    }

    /** Publishes as an MQTT 5 client with a Message Expiry Interval (QoS 1), as ops tools send commands. */
    static void publishExpiring(UplinkPeers peers, String topic, String payload, long expirySeconds) throws Exception {
        var v5 = new org.eclipse.paho.mqttv5.client.MqttClient(peers.url(), "ops-v5-" + System.nanoTime(),
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        var o = new MqttConnectionOptions();
        o.setSocketFactory(peers.tls());
        o.setUserName("ops");
        o.setPassword("ops-pass".getBytes(StandardCharsets.UTF_8));
        v5.connect(o);
        try {
            var m = new org.eclipse.paho.mqttv5.common.MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false,
                    null);
            var p = new MqttProperties();
            p.setMessageExpiryInterval(expirySeconds);
            m.setProperties(p);
            v5.publish(topic, m);
        } finally {
            v5.disconnect();
            v5.close();
        }
    }

    static Map<String, Object> json(byte[] payload) {
        try {
            return JSON.std.mapFrom(payload);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Predicate<Map<String, Object>> uplinkUp() {
        return s -> "ok".equals(GatewayRuntimeIT.part(s, "uplink/mqtt").get("state"))
                && "ok".equals(GatewayRuntimeIT.part(s, "uplink/store").get("state"))
                && GatewayRuntimeIT.list(s, "osgi", "bundles").stream().allMatch(b -> "ACTIVE".equals(b.get("state")));
    }

    private Path passwordFile() throws Exception {
        Path p = dir.resolve("uplink.password");
        Files.writeString(p, UplinkPeers.PASSWORD + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        return p;
    }

    @Test
    void onFelixSummariesReachTheCityBrokerAsJsonWithSequenceNumbersAndCommandsAreAnswered() throws Exception {
        try (UplinkPeers peers = UplinkPeers.start(dir.resolve("peers"));
             Inbox inbox = new Inbox(peers, "city-json", "streetgate/pole-0042/#")) {
            Path password = passwordFile();
            try (RunningGateway gw = RunningGateway.start(dir, "felix", null, 60, peers.siteSection("json", password))) {
                Map<String, Object> status = gw.awaitStatus("the uplink connected", uplinkUp(), UP);
                assertTrue(GatewayRuntimeIT.list(status, "osgi", "bundles").stream()
                        .anyMatch(b -> "io.streetgate.uplink".equals(b.get("name"))
                                || "io.streetgate.uplink".equals(b.get("symbolicName"))), "the uplink bundle runs");
                assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(password),
                        "the password file is made owner-only");

                List<Map.Entry<String, byte[]>> got = inbox.await("a temperature summary", l -> l.stream()
                        .anyMatch(e -> e.getKey().equals("streetgate/pole-0042/summary/env-1/temperature")), UP);
                Map<String, Object> summary = got.stream().filter(e -> e.getKey().endsWith("env-1/temperature"))
                        .map(e -> json(e.getValue())).findFirst().orElseThrow();
                assertEquals("pole-0042", summary.get("node"));
                assertTrue(((Number) summary.get("seq")).longValue() >= 1, summary.toString());
                assertEquals("Cel", summary.get("unit"));

                // the sound meter's setting and flag leave as their last value, without statistics (issue 22)
                for (String state : List.of("integration_period", "overload")) {
                    String topic = "streetgate/pole-0042/summary/noise-1/" + state;
                    Map<String, Object> last = json(inbox.await("the summary of " + state, l -> l.stream()
                            .anyMatch(e -> e.getKey().equals(topic)), UP).stream()
                            .filter(e -> e.getKey().equals(topic)).findFirst().orElseThrow().getValue());
                    assertTrue(last.containsKey("last") && !last.containsKey("min") && !last.containsKey("mean")
                            && !last.containsKey("max") && !last.containsKey("p50"), last.toString());
                    // the simulated meter integrates over 60 s and is never overloaded
                    assertEquals(state.equals("overload") ? 0.0 : 60.0, ((Number) last.get("last")).doubleValue(),
                            last.toString());
                }

                // with an MQTT 5 message expiry: the simulated street's clock is not the test's, so no issue time
                publishExpiring(peers, "streetgate/pole-0042/cmd", "{\"id\":\"c-1\",\"name\":\"no.such.command\"}", 300);
                Map<String, Object> result = json(inbox.await("the command result", l -> l.stream()
                        .anyMatch(e -> e.getKey().endsWith("/cmd/result")), UP).stream()
                        .filter(e -> e.getKey().endsWith("/cmd/result")).findFirst().orElseThrow().getValue());
                assertEquals("c-1", result.get("id"));
                assertEquals(false, result.get("accepted"));
                assertTrue(String.valueOf(result.get("reason")).contains("no component handles 'no.such.command'"),
                        result.toString());

                assertEquals(143, gw.terminate(Duration.ofSeconds(30)));
                List<Map.Entry<String, byte[]>> all = inbox.await("the offline state", l -> l.stream()
                        .anyMatch(e -> e.getKey().endsWith("/state") && Boolean.FALSE.equals(json(e.getValue())
                                .get("online"))), UP);

                // every field of every message the node sent is in docs/privacy.md's table
                PrivacyTable table = PrivacyTable.read();
                List<String> unnamed = new ArrayList<>();
                Set<String> kinds = new HashSet<>();
                for (Map.Entry<String, byte[]> e : all) {
                    if (!e.getKey().equals("streetgate/pole-0042/cmd")) { // the test's own command
                        unnamed.addAll(table.violations(e.getKey(), e.getValue()));
                        kinds.add(e.getKey().split("/")[2]);
                    }
                }
                assertEquals(List.of(), unnamed, "fields that docs/privacy.md does not name left the node");
                assertTrue(kinds.containsAll(List.of("summary", "actuator", "state", "cmd")), kinds.toString());
            }
        }
    }

    @Test
    void onEquinoxTheNodeIsBornAsASparkplugEdgeNodeAndItsSummariesArriveAsDeviceData() throws Exception {
        Path equinox = Path.of(System.getProperty("equinox.jar"));
        try (UplinkPeers peers = UplinkPeers.start(dir.resolve("peers"));
             Inbox inbox = new Inbox(peers, "city-spb", "spBv1.0/harbour/#")) {
            try (RunningGateway gw = RunningGateway.start(dir, "equinox", equinox, 60,
                    peers.siteSection("sparkplug", passwordFile()))) {
                gw.awaitStatus("the uplink connected on Equinox", uplinkUp(), UP);
                List<Map.Entry<String, byte[]>> got = inbox.await("NBIRTH and DDATA of env-1", l -> l.stream()
                        .anyMatch(e -> e.getKey().equals("spBv1.0/harbour/DDATA/pole-0042/env-1")), UP);
                MetricDataTypeMap types = new MetricDataTypeMap();
                SparkplugBPayload nbirth = null;
                SparkplugBPayload ddata = null;
                PrivacyTable table = PrivacyTable.read();
                List<String> unnamed = new ArrayList<>();
                for (Map.Entry<String, byte[]> e : got) {
                    SparkplugBPayload p = new SparkplugBPayloadDecoder().buildFromByteArray(e.getValue(), types);
                    if (e.getKey().contains("BIRTH")) {
                        // births name every metric the node and its devices will send: each must be in the table
                        unnamed.addAll(table.sparkplugViolations(e.getKey(), p.getMetrics().stream()
                                .map(Metric::getName).toList()));
                        for (Metric m : p.getMetrics()) {
                            if (m.hasAlias()) {
                                types.addMetricDataType(m.getAlias(), m.getDataType());
                            }
                        }
                    }
                    if (e.getKey().contains("/NBIRTH/") && nbirth == null) {
                        nbirth = p;
                    }
                    if (e.getKey().equals("spBv1.0/harbour/DDATA/pole-0042/env-1")) {
                        ddata = p;
                    }
                }
                assertEquals(0L, nbirth.getSeq());
                assertTrue(nbirth.getMetrics().stream().anyMatch(m -> "bdSeq".equals(m.getName())));
                assertTrue(ddata.getMetrics().stream().allMatch(m -> m.hasAlias() && !m.hasName()));
                assertEquals(List.of(), unnamed, "metrics that docs/privacy.md does not name left the node");
                // the sound meter's setting is born as its last value, with no statistics (issue 22). A device is
                // born again with every metric so far as its quantities' first summaries arrive (integration_period
                // closes first: summaries of one tick leave in quantity order), so the birth to read is the one
                // that has all three quantities
                Predicate<Map.Entry<String, byte[]>> fullNoiseBirth = e ->
                        e.getKey().equals("spBv1.0/harbour/DBIRTH/pole-0042/noise-1") && Stream.of(
                                "summary/integration_period/", "summary/overload/", "summary/sound_level/")
                                .allMatch(new String(e.getValue(), StandardCharsets.ISO_8859_1)::contains);
                Set<String> noise = new HashSet<>();
                for (Map.Entry<String, byte[]> e : inbox.await("noise-1 born with its three quantities",
                        l -> l.stream().anyMatch(fullNoiseBirth), UP)) {
                    if (fullNoiseBirth.test(e)) {
                        new SparkplugBPayloadDecoder().buildFromByteArray(e.getValue(), new MetricDataTypeMap())
                                .getMetrics().forEach(m -> noise.add(m.getName()));
                    }
                }
                assertTrue(noise.contains("summary/integration_period/last") && noise.contains("summary/overload/last")
                        && noise.contains("summary/sound_level/mean"), noise.toString());
                assertTrue(noise.stream().noneMatch(n -> n.matches("summary/(integration_period|overload)/"
                        + "(min|mean|max|stdDev|p\\d+)")), noise.toString());
                assertTrue(got.stream().filter(e -> e.getKey().contains("/DBIRTH/")).count() >= 2,
                        "device births were checked: " + got.stream().map(Map.Entry::getKey).distinct().toList());
                assertEquals(143, gw.terminate(Duration.ofSeconds(30)));
                inbox.await("the NDEATH of a clean stop", l -> l.stream().anyMatch(e -> e.getKey().contains("/NDEATH/")),
                        UP);
            }
        }
    }

    @Test
    void theGatewayKilledWithSigkillAgainAndAgainLosesNoSequenceNumber() throws Exception {
        Random random = new Random(7);
        int kills = 0;
        try (UplinkPeers peers = UplinkPeers.start(dir.resolve("peers"));
             Inbox inbox = new Inbox(peers, "city-check", "streetgate/pole-0042/#")) {
            Path password = passwordFile();
            for (int round = 1; round <= 6; round++) {
                try (RunningGateway gw = RunningGateway.start(dir, "felix", null, 120, peers.siteSection("json",
                        password))) {
                    gw.awaitStatus("the uplink up (round " + round + ")", s -> "ok".equals(GatewayRuntimeIT.part(s,
                            "uplink/store").get("state")), UP);
                    Thread.sleep(1500 + random.nextInt(3000));
                    if (round == 3) {
                        peers.stopBroker(); // killed in an outage, the broker back only for the next gateway
                        Thread.sleep(1000 + random.nextInt(2000));
                    }
                } // close(): SIGKILL
                kills++;
                if (round == 3) {
                    peers.startBroker();
                }
            }
            try (RunningGateway gw = RunningGateway.start(dir, "felix", null, 120, peers.siteSection("json", password))) {
                gw.awaitStatus("the uplink connected", uplinkUp(), UP);
                gw.awaitStatus("the backlog sent", UplinkRuntimeIT::storeEmpty, UP);
                assertEquals(143, gw.terminate(Duration.ofSeconds(30)));
            }
            Map<String, Long> last = new TreeMap<>();
            Map<String, Set<Long>> stillStored = new HashMap<>();
            Path store = dir.resolve("state").resolve("uplink").resolve("store.db");
            try (Connection c = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + store);
                 Statement s = c.createStatement()) {
                try (ResultSet r = s.executeQuery("SELECT key, next_seq - 1 FROM stream")) {
                    while (r.next()) {
                        last.put(r.getString(1), r.getLong(2));
                    }
                }
                // summaries of the last seconds before the clean stop wait in the store for the next start
                try (ResultSet r = s.executeQuery("SELECT s.key, m.seq FROM message m JOIN stream s ON m.stream = s.id")) {
                    while (r.next()) {
                        stillStored.computeIfAbsent(r.getString(1), k -> new HashSet<>()).add(r.getLong(2));
                    }
                }
            }
            long stored = stillStored.values().stream().mapToLong(Set::size).sum();
            long expected = last.values().stream().mapToLong(Long::longValue).sum() - stored;
            List<Map.Entry<String, byte[]>> got = inbox.await(expected + " distinct messages", l -> data(l).stream()
                    .map(e -> e.getKey() + "#" + json(e.getValue()).get("seq")).distinct().count() >= expected, UP);
            Map<String, Set<Long>> seqs = new HashMap<>();
            int duplicates = 0;
            for (Map.Entry<String, byte[]> e : data(got)) {
                String stream = e.getKey().substring("streetgate/pole-0042/".length());
                if (!seqs.computeIfAbsent(stream, k -> new HashSet<>()).add(((Number) json(e.getValue()).get("seq"))
                        .longValue())) {
                    duplicates++;
                }
            }
            for (Map.Entry<String, Long> e : last.entrySet()) {
                for (long n = 1; n <= e.getValue(); n++) {
                    assertTrue(seqs.getOrDefault(e.getKey(), Set.of()).contains(n)
                            || stillStored.getOrDefault(e.getKey(), Set.of()).contains(n),
                            e.getKey() + " #" + n + " neither arrived nor is in the store");
                }
            }
            System.out.printf("Gateway SIGKILL: %d kills, %d streams, %d messages arrived, %d wait in the store, "
                    + "%d duplicates%n", kills, last.size(), expected, stored, duplicates);
            assertTrue(expected > 0);
        }
    }

    /** The stored messages among what arrived (they carry a seq; the state and command results do not). */
    private static List<Map.Entry<String, byte[]>> data(List<Map.Entry<String, byte[]>> all) {
        return all.stream().filter(e -> json(e.getValue()).containsKey("seq")).toList();
    }

    private static boolean storeEmpty(Map<String, Object> status) {
        Object details = GatewayRuntimeIT.part(status, "uplink/store").get("details");
        return details instanceof Map<?, ?> d && d.get("messages") instanceof Number n && n.longValue() == 0;
    }
}
