package io.streetgate.uplink.forward;

import io.streetgate.driver.Health;
import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.site.UplinkConfig;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.payload.SparkplugFormat;
import io.streetgate.uplink.testing.Messages;
import io.streetgate.uplink.testing.Mosquitto;
import io.streetgate.uplink.testing.Subscriber;
import io.streetgate.uplink.testing.Uplink;
import org.eclipse.tahu.host.HostApplication;
import org.eclipse.tahu.host.api.MultiHostApplicationEventHandler;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.DeviceDescriptor;
import org.eclipse.tahu.message.model.EdgeNodeDescriptor;
import org.eclipse.tahu.message.model.Message;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.message.model.SparkplugDescriptor;
import org.eclipse.tahu.model.MetricDataTypeMap;
import org.eclipse.tahu.model.MqttServerDefinition;
import org.eclipse.tahu.mqtt.MqttClientId;
import org.eclipse.tahu.mqtt.MqttServerName;
import org.eclipse.tahu.mqtt.MqttServerUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The uplink as a Sparkplug B 3.0 edge node, consumed by Eclipse Tahu's own host application
 * ({@code org.eclipse.tahu:tahu-host}) on a real mosquitto: the host sees every device born, reporting, dying and
 * born again in order and rebuilds the values from the births' aliases; its STATE decides when the node publishes.
 */
class SparkplugTahuHostTest {

    static final Instant T0 = Instant.parse("2026-06-21T19:30:00Z");
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String HOST = "scada-1";
    static final String MEAN = "summary/temperature/mean";

    @TempDir
    static Path dir;
    @TempDir
    Path work;
    static Mosquitto broker;
    /** One host application for the class: Tahu's host keeps its state in singletons, one per JVM. */
    static HostApplication host;
    static final Events events = new Events();

    @BeforeAll
    static void broker() throws Exception {
        broker = Mosquitto.anonymous(dir.resolve("broker"));
        MqttServerDefinition server = new MqttServerDefinition(new MqttServerName("local"),
                new MqttClientId(HOST, false), new MqttServerUrl(broker.url()), null, null, 30, null);
        host = new HostApplication(events, HOST, List.of("spBv1.0/harbour/#"), List.of(server), null,
                new SparkplugBPayloadDecoder(), false);
        host.start(true);
    }

    @AfterAll
    static void stop() throws Exception {
        host.shutdown();
        broker.close();
    }

    /** What the Tahu host application reported, in order: "DBIRTH env-1", "VALUE env-1 18.5" (a mean it rebuilt). */
    static final class Events implements MultiHostApplicationEventHandler {
        final List<String> seen = new CopyOnWriteArrayList<>();

        List<String> await(String what, Predicate<List<String>> done) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!done.test(seen)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the host did not see " + what + " within " + WAIT + "; it saw " + seen);
                }
                Thread.sleep(20);
            }
            return List.copyOf(seen);
        }

        List<String> of(String device) {
            return seen.stream().filter(e -> e.split(" ")[1].equals(device)).map(e -> e.split(" ")[0]).toList();
        }

        /**
         * A device's life as the host saw it: births of a dead device, data, deaths; a birth that declares a live
         * device again (the answer to a rebirth request) changes nothing and is left out. Data of a dead device
         * fails.
         */
        List<String> lifeOf(String device) {
            List<String> life = new java.util.ArrayList<>();
            boolean alive = false;
            for (String e : of(device)) {
                if (e.equals("DBIRTH")) {
                    if (!alive) {
                        life.add(e);
                    }
                    alive = true;
                } else if (e.equals("DDEATH")) {
                    alive = false;
                    life.add(e);
                } else {
                    assertTrue(alive, device + ": " + e + " while dead: " + seen);
                    life.add(e);
                }
            }
            return life;
        }

        @Override
        public void onNodeBirthArrived(MqttServerName s, EdgeNodeDescriptor node, Message m) {
            seen.add("NBIRTH " + node.getEdgeNodeId());
        }

        @Override
        public void onNodeDeath(MqttServerName s, EdgeNodeDescriptor node, Message m) {
            seen.add("NDEATH " + node.getEdgeNodeId());
        }

        @Override
        public void onDeviceBirthArrived(MqttServerName s, DeviceDescriptor device, Message m) {
            seen.add("DBIRTH " + device.getDeviceId());
        }

        @Override
        public void onDeviceDataArrived(MqttServerName s, DeviceDescriptor device, Message m) {
            seen.add("DDATA " + device.getDeviceId());
        }

        @Override
        public void onDeviceDeath(MqttServerName s, DeviceDescriptor device, Message m) {
            seen.add("DDEATH " + device.getDeviceId());
        }

        @Override
        public void onDataMetric(MqttServerName s, SparkplugDescriptor d, Metric metric) {
            if (d instanceof DeviceDescriptor device && MEAN.equals(metric.getName())) {
                seen.add("VALUE " + device.getDeviceId() + " " + metric.getValue());
            }
        }

        // the rest of the host's events are not what this test checks
        @Override
        public void onConnect(MqttServerName s) {
        }

        @Override
        public void onDisconnect(MqttServerName s) {
        }

        @Override
        public void onMessage(MqttServerName s, SparkplugDescriptor d, Message m) {
        }

        @Override
        public void onNodeBirthComplete(MqttServerName s, EdgeNodeDescriptor d) {
        }

        @Override
        public void onNodeDataArrived(MqttServerName s, EdgeNodeDescriptor d, Message m) {
        }

        @Override
        public void onNodeDataComplete(MqttServerName s, EdgeNodeDescriptor d) {
        }

        @Override
        public void onNodeDeathComplete(MqttServerName s, EdgeNodeDescriptor d) {
        }

        @Override
        public void onDeviceBirthComplete(MqttServerName s, DeviceDescriptor d) {
        }

        @Override
        public void onDeviceDataComplete(MqttServerName s, DeviceDescriptor d) {
        }

        @Override
        public void onDeviceDeathComplete(MqttServerName s, DeviceDescriptor d) {
        }

        @Override
        public void onBirthMetric(MqttServerName s, SparkplugDescriptor d, Metric metric) {
        }

        @Override
        public void onStale(MqttServerName s, SparkplugDescriptor d, Metric metric) {
        }
    }

    Uplink uplink(String node, HealthRegistryImpl health) {
        LinkSettings link = LinkSettings.builder(URI.create(broker.url()), node).protocol(LinkSettings.Protocol.MQTT_5)
                .keepAlive(Duration.ofSeconds(10)).cleanStart(true).sessionExpiry(Duration.ZERO)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Uplink u = new Uplink(work.resolve("store.db"), TimeBase.system(),
                store -> new SparkplugFormat("harbour", node, store, new UplinkConfig.Sparkplug(HOST, 0)), link,
                Uplink.fastSettings(), health);
        u.forwarder.start();
        return u;
    }

    @Test
    void tahuSeesEveryDeviceBornReportingDyingAndBornAgainInOrderAndRebuildsTheValues() throws Exception {
        String node = "pole-0042";
        events.seen.clear();
        host.setOnlineState(true);
        HealthRegistryImpl health = new HealthRegistryImpl();
        health.report("sensor/env-1", Health.ok(T0), Map.of());
        health.report("sensor/env-2", Health.ok(T0), Map.of());
        try (Uplink u = uplink(node, health)) {
            u.store.append(Messages.summary("env-1", "temperature", T0, 18.5));
            u.store.append(Messages.summary("env-2", "temperature", T0, 7.25));
            events.await("both devices' data", l -> l.contains("VALUE env-1 18.5") && l.contains("VALUE env-2 7.25"));

            health.report("sensor/env-1", Health.faulty("no answer on i2c-1", T0.plusSeconds(60)), Map.of());
            events.await("env-1 dead", l -> l.contains("DDEATH env-1"));
            health.report("sensor/env-1", Health.ok(T0.plusSeconds(120)), Map.of());
            events.await("env-1 born again", l -> events.of("env-1").stream()
                    .filter("DBIRTH"::equals).count() == 2);
            u.store.append(Messages.summary("env-1", "temperature", T0.plusSeconds(180), 19.75));
            events.await("env-1's new value", l -> l.contains("VALUE env-1 19.75"));
            health.remove("sensor/env-2"); // removed from the site file
            events.await("env-2 dead", l -> l.contains("DDEATH env-2"));

            // Tahu 1.0.19's host keeps a dead device's aliases and asks for a rebirth when the device is born
            // again with them (TahuPayloadHandler: "Not adding duplicated alias"); the node answers with an NBIRTH
            // and every live device's DBIRTH, which declare live devices again (left out of lifeOf)
            assertEquals(List.of("DBIRTH", "DDATA", "VALUE", "DDEATH", "DBIRTH", "DDATA", "VALUE"),
                    events.lifeOf("env-1"), "env-1 in order: " + events.seen);
            assertEquals(List.of("DBIRTH", "DDATA", "VALUE", "DDEATH"), events.lifeOf("env-2"), "env-2 in order: "
                    + events.seen);
            assertEquals("NBIRTH " + node, events.seen.get(0), "the node is born first: " + events.seen);
        }
    }

    /** Decodes the node's messages seen by a plain subscriber, with the datatypes its births declared. */
    static List<Map.Entry<String, SparkplugBPayload>> decoded(List<Subscriber.Received> received, String node)
            throws Exception {
        MetricDataTypeMap types = new MetricDataTypeMap();
        List<Map.Entry<String, SparkplugBPayload>> out = new java.util.ArrayList<>();
        for (Subscriber.Received r : received) {
            if (!r.topic().contains("/" + node)) {
                continue;
            }
            SparkplugBPayload p = new SparkplugBPayloadDecoder().buildFromByteArray(r.payload(), types);
            if (r.topic().contains("BIRTH")) {
                for (Metric m : p.getMetrics()) {
                    types.addMetricDataType(m.getName(), m.getDataType());
                    if (m.hasAlias()) {
                        types.addMetricDataType(m.getAlias(), m.getDataType());
                    }
                }
            }
            out.add(Map.entry(r.topic(), p));
        }
        return out;
    }

    @Test
    void whileThePrimaryHostIsOfflineDataIsHeldAndWhenItReturnsTheNodeIsBornAgainAndSendsItAsHistorical()
            throws Exception {
        String node = "pole-0043";
        HealthRegistryImpl health = new HealthRegistryImpl();
        health.report("sensor/env-1", Health.ok(T0), Map.of());
        try (Subscriber wire = new Subscriber(broker.url(), "wire", "spBv1.0/#")) {
            host.setOnlineState(false); // its STATE, retained, says offline
            wire.await("the host's offline STATE", l -> l.stream().anyMatch(r -> r.topic().endsWith("STATE/" + HOST)
                    && r.text().contains("\"online\":false")), WAIT);
            events.seen.clear();
            try (Uplink u = uplink(node, health)) {
                u.store.append(Messages.summary("env-1", "temperature", T0, 17.5));
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!u.forwarder.stats().connected() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(u.format.holdsData(), "offline host: the node holds its data");

                host.setOnlineState(true);
                events.await("the held value", l -> l.contains("VALUE env-1 17.5"));
                host.setOnlineState(false);
                deadline = System.nanoTime() + WAIT.toNanos();
                while (!u.format.holdsData() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(u.format.holdsData(), "the host went offline: the node holds its data again");
                u.store.append(Messages.summary("env-1", "temperature", T0.plusSeconds(60), 18.5));
                host.setOnlineState(true);
                events.await("the value held while it was away", l -> l.contains("VALUE env-1 18.5"));
            }
            List<Subscriber.Received> all = wire.all();
            // births, data and the host's STATE (the node's own NDATA, e.g. its store's health, may come between)
            List<String> order = all.stream().filter(r -> r.topic().contains("BIRTH/" + node)
                            || r.topic().contains("DDATA/" + node) || r.topic().contains("STATE/"))
                    .map(r -> r.topic().contains("STATE/") ? (r.text().contains("\"online\":true") ? "online" : "offline")
                            : r.topic().split("/")[2]).toList();
            // nothing of the node before the host is online, and nothing between its offline and its return
            // but a birth; each return starts with an NBIRTH, and the held data follows it
            // a host may repeat its STATE (Tahu publishes online again): only its changes count here
            List<String> compact = new java.util.ArrayList<>();
            String lastState = null;
            for (String s : order) {
                boolean state = s.equals("online") || s.equals("offline");
                if (!state || !s.equals(lastState)) {
                    compact.add(s);
                }
                lastState = state ? s : lastState;
            }
            List<String> fromOffline = compact.subList(compact.indexOf("offline"), compact.size());
            assertEquals(List.of("offline", "online", "NBIRTH", "DBIRTH", "DDATA", "offline", "online", "NBIRTH",
                    "DBIRTH", "DDATA"), fromOffline.subList(0, Math.min(10, fromOffline.size())), "in order: " + order);

            List<Map.Entry<String, SparkplugBPayload>> messages = decoded(all, node);
            List<SparkplugBPayload> births = messages.stream().filter(e -> e.getKey().contains("/DBIRTH/"))
                    .map(Map.Entry::getValue).toList();
            long mean = births.get(0).getMetrics().stream().filter(m -> MEAN.equals(m.getName())).findFirst()
                    .orElseThrow().getAlias();
            List<Metric> means = messages.stream().filter(e -> e.getKey().contains("/DDATA/"))
                    .flatMap(e -> e.getValue().getMetrics().stream()).filter(m -> m.hasAlias() && m.getAlias() == mean)
                    .toList();
            assertEquals(List.of(17.5, 18.5), means.stream().map(Metric::getValue).toList());
            assertTrue(means.stream().allMatch(m -> Boolean.TRUE.equals(m.getIsHistorical())),
                    "held while the host was away: historical (is_historical)");
        }
    }
}
