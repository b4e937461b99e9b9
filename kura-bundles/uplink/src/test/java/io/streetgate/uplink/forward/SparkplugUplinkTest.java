package io.streetgate.uplink.forward;

import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.CommandHandler;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.payload.SparkplugFormat;
import io.streetgate.uplink.testing.Messages;
import io.streetgate.uplink.testing.PoleBroker;
import io.streetgate.uplink.testing.Subscriber;
import io.streetgate.uplink.testing.Uplink;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.model.MetricDataTypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.streetgate.uplink.testing.PoleBroker.NODE;
import static io.streetgate.uplink.testing.PoleBroker.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The uplink as a Sparkplug B 3.0 edge node on a real mosquitto, its messages decoded with Eclipse Tahu's
 * decoder as a Sparkplug host would.
 */
class SparkplugUplinkTest {

    static final Instant T0 = Instant.parse("2026-06-21T19:30:00Z");
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String NS = "spBv1.0/harbour/";

    @TempDir
    Path work;
    @RegisterExtension
    static final PoleBroker broker = new PoleBroker();

    Subscriber host(String id) throws Exception {
        return broker.subscriber(id, NS + "#");
    }

    Uplink uplink() {
        return Uplink.start(work.resolve("store.db"), TimeBase.system(),
                store -> new SparkplugFormat("harbour", NODE, store),
                broker.link(LinkSettings.Protocol.MQTT_5, PASSWORD, true));
    }

    /** Decodes every Sparkplug message in arrival order, learning datatypes from the births as a host does. */
    static final class Host {
        final MetricDataTypeMap types = new MetricDataTypeMap();
        final List<Map.Entry<String, SparkplugBPayload>> messages = new ArrayList<>();

        Host(List<Subscriber.Received> received) throws Exception {
            for (Subscriber.Received r : received) {
                SparkplugBPayload p = new SparkplugBPayloadDecoder().buildFromByteArray(r.payload(), types);
                if (r.topic().contains("/NBIRTH/") || r.topic().contains("/DBIRTH/")) {
                    for (Metric m : p.getMetrics()) {
                        types.addMetricDataType(m.getName(), m.getDataType());
                        if (m.hasAlias()) {
                            types.addMetricDataType(m.getAlias(), m.getDataType());
                        }
                    }
                }
                messages.add(Map.entry(r.topic(), p));
            }
        }

        List<SparkplugBPayload> of(String type) {
            return messages.stream().filter(e -> e.getKey().contains("/" + type + "/")).map(Map.Entry::getValue).toList();
        }
    }

    static Metric named(SparkplugBPayload p, String name) {
        return p.getMetrics().stream().filter(m -> name.equals(m.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " in " + p));
    }

    static Metric aliased(SparkplugBPayload p, long alias) {
        return p.getMetrics().stream().filter(m -> m.hasAlias() && m.getAlias() == alias).findFirst().orElse(null);
    }

    static long bdSeq(SparkplugBPayload p) {
        return (Long) named(p, SparkplugFormat.BD_SEQ).getValue();
    }

    @Test
    void birthsDeclareEveryMetricWithNameAliasAndDatatypeAndDataCarriesAliasesOnly() throws Exception {
        try (Subscriber sub = host("host-1"); Uplink u = uplink()) {
            u.store.append(Messages.summary("env-1", "temperature", T0, 18.5));
            sub.await("NBIRTH, DBIRTH, DDATA", l -> l.stream().anyMatch(r -> r.topic().contains("/DDATA/")), WAIT);
            Host host = new Host(sub.all());

            SparkplugBPayload nbirth = host.of("NBIRTH").get(0);
            assertEquals(0L, nbirth.getSeq(), "NBIRTH carries seq 0");
            Metric bdSeq = named(nbirth, "bdSeq");
            assertEquals(MetricDataType.Int64, bdSeq.getDataType());
            Metric rebirth = named(nbirth, "Node Control/Rebirth");
            assertEquals(MetricDataType.Boolean, rebirth.getDataType());
            assertEquals(false, rebirth.getValue());
            assertFalse(rebirth.hasAlias(), "no alias for Node Control/Rebirth");
            assertEquals("ok", named(nbirth, "Node Info/Health").getValue());
            assertNotNull(named(nbirth, "Store/Max Bytes").getAlias());

            SparkplugBPayload dbirth = host.of("DBIRTH").get(0);
            assertTrue(host.messages.stream().anyMatch(e -> e.getKey().equals(NS + "DBIRTH/pole-0042/env-1")),
                    "the device is the sensor");
            Metric mean = named(dbirth, "summary/temperature/mean");
            assertEquals(MetricDataType.Double, mean.getDataType());
            assertTrue(mean.hasAlias());
            assertEquals(MetricDataType.Int64, named(dbirth, "summary/temperature/count").getDataType());
            assertEquals(MetricDataType.DateTime, named(dbirth, "summary/temperature/end").getDataType());
            assertEquals(MetricDataType.String, named(dbirth, "summary/temperature/unit").getDataType());
            assertEquals(MetricDataType.Int64, named(dbirth, "summary/temperature/seq").getDataType());

            SparkplugBPayload ddata = host.of("DDATA").get(0);
            assertTrue(ddata.getMetrics().stream().noneMatch(Metric::hasName), "DDATA uses aliases only");
            assertEquals(18.5, aliased(ddata, mean.getAlias()).getValue());
            assertEquals(1L, aliased(ddata, named(dbirth, "summary/temperature/seq").getAlias()).getValue(),
                    "the persisted sequence number travels with the data");
            assertEquals(Date.from(T0), aliased(ddata, mean.getAlias()).getTimestamp(), "metrics carry event time");
        }
    }

    @Test
    void whatWasStoredBeforeTheConnectionIsMarkedHistoricalAndWhatFollowsIsNot() throws Exception {
        try (Subscriber sub = host("host-7");
             Uplink u = new Uplink(work.resolve("store.db"), TimeBase.system(),
                     store -> new SparkplugFormat("harbour", NODE, store),
                     broker.link(LinkSettings.Protocol.MQTT_5, PASSWORD, true),
                     Uplink.fastSettings(), new io.streetgate.gateway.status.HealthRegistryImpl())) {
            u.store.append(Messages.summary("env-1", "temperature", T0, 17)); // stored while offline
            u.forwarder.start();
            sub.await("the stored DDATA", l -> l.stream().anyMatch(r -> r.topic().contains("/DDATA/")), WAIT);
            u.store.append(Messages.summary("env-1", "temperature", T0.plusSeconds(60), 18));
            Host host = new Host(sub.await("the live DDATA", l -> l.stream()
                    .filter(r -> r.topic().contains("/DDATA/")).count() >= 2, WAIT));
            long mean = named(host.of("DBIRTH").get(0), "summary/temperature/mean").getAlias();
            Metric stored = aliased(host.of("DDATA").get(0), mean);
            Metric live = aliased(host.of("DDATA").get(1), mean);
            assertEquals(17.0, stored.getValue());
            assertEquals(true, stored.isHistorical(), "sent late: not a current value (payloads section, is_historical)");
            assertNull(live.getIsHistorical());
        }
    }

    @Test
    void seqCountsEveryMessageOfTheNodeFromTheBirthAndWrapsAfter255() throws Exception {
        try (Subscriber sub = host("host-2"); Uplink u = uplink()) {
            for (int i = 0; i < 300; i++) {
                u.store.append(Messages.summary("env-" + (i % 3), "temperature", T0.plusSeconds(60L * i), i));
            }
            sub.await("300 DDATA", l -> l.stream().filter(r -> r.topic().contains("/DDATA/")).count() >= 300, WAIT);
            Host host = new Host(sub.all());
            long expected = 0;
            for (Map.Entry<String, SparkplugBPayload> e : host.messages) {
                assertEquals(expected, e.getValue().getSeq(), "seq of " + e.getKey());
                expected = (expected + 1) % 256;
            }
            assertTrue(host.messages.size() > 256, "it wrapped: " + host.messages.size());
        }
    }

    @Test
    void ndeathIsTheWillItsBdSeqIsRepeatedByTheNbirthAndEachConnectionCountsOnEvenAcrossRestarts() throws Exception {
        long first;
        try (Subscriber sub = host("host-3"); Uplink u = uplink()) {
            SparkplugBPayload nbirth = new Host(sub.await("NBIRTH", l -> l.stream()
                    .anyMatch(r -> r.topic().contains("/NBIRTH/")), WAIT)).of("NBIRTH").get(0);
            first = bdSeq(nbirth);

            // another client takes the node's client id: the broker drops the uplink's connection uncleanly
            // and publishes its will
            MqttClient intruder = new MqttClient(broker.mosquitto().url(), NODE, new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setSocketFactory(broker.tls());
            o.setUserName(NODE);
            o.setPassword(PASSWORD.toCharArray());
            intruder.connect(o);
            intruder.disconnect();
            intruder.close();
            u.store.append(Messages.summary("env-1", "temperature", T0, 18));

            List<Subscriber.Received> all = sub.await("NDEATH and a second NBIRTH", l -> l.stream()
                    .filter(r -> r.topic().contains("/NBIRTH/")).count() >= 2
                    && l.stream().anyMatch(r -> r.topic().contains("/NDEATH/")), WAIT);
            Host host = new Host(all);
            SparkplugBPayload ndeath = host.of("NDEATH").get(0);
            assertEquals(first, bdSeq(ndeath), "the will carries the bdSeq of its connection");
            assertNull(ndeath.getSeq(), "NDEATH has no seq");
            assertEquals(1, ndeath.getMetrics().size(), "NDEATH carries bdSeq only");
            assertEquals((first + 1) % 256, bdSeq(host.of("NBIRTH").get(1)), "one more per CONNECT");
        }
        try (Subscriber sub = host("host-4"); Uplink u = uplink()) {
            SparkplugBPayload nbirth = new Host(sub.await("NBIRTH after a restart", l -> l.stream()
                    .anyMatch(r -> r.topic().contains("/NBIRTH/")), WAIT)).of("NBIRTH").get(0);
            assertTrue(bdSeq(nbirth) >= (first + 2) % 256, "kept in the store across restarts: " + bdSeq(nbirth));
            Host host = new Host(sub.await("the device born again", l -> l.stream()
                    .anyMatch(r -> r.topic().endsWith("DBIRTH/pole-0042/env-1")), WAIT));
            assertTrue(host.of("DBIRTH").stream().anyMatch(p -> p.getMetrics().stream()
                    .anyMatch(m -> "summary/temperature/mean".equals(m.getName()))),
                    "devices and aliases seen before the restart are declared again");
        }
    }

    @Test
    void aRebirthRequestIsAnsweredWithTheWholeBirthSequenceOnTheSameBdSeq() throws Exception {
        try (Subscriber sub = host("host-5"); Uplink u = uplink()) {
            u.store.append(Messages.summary("env-1", "temperature", T0, 18));
            sub.await("DDATA", l -> l.stream().anyMatch(r -> r.topic().contains("/DDATA/")), WAIT);
            long bdSeq = bdSeq(new Host(sub.all()).of("NBIRTH").get(0));

            sub.publish(NS + "NCMD/pole-0042", ncmd(List.of(new Metric.MetricBuilder("Node Control/Rebirth",
                    MetricDataType.Boolean, true).createMetric())));
            Host host = new Host(sub.await("a second NBIRTH and DBIRTH", l -> l.stream()
                    .filter(r -> r.topic().contains("/DBIRTH/")).count() >= 2, WAIT));
            SparkplugBPayload again = host.of("NBIRTH").get(1);
            assertEquals(0L, again.getSeq());
            assertEquals(bdSeq, bdSeq(again), "same connection, same bdSeq");
        }
    }

    @Test
    void deviceAndNodeCommandsGoToTheirOwnersAndTheResultIsPublishedAsNodeData() throws Exception {
        try (Subscriber sub = host("host-6"); Uplink u = uplink()) {
            List<Command> received = new CopyOnWriteArrayList<>();
            u.commands.add(new CommandHandler() {
                @Override
                public Set<String> commands() {
                    return Set.of("actuator.override");
                }

                @Override
                public CommandResult handle(Command c) {
                    received.add(c);
                    return CommandResult.done(c.target() + " at " + c.arguments().get("level") + " %", Map.of());
                }
            });
            sub.await("NBIRTH", l -> l.stream().anyMatch(r -> r.topic().contains("/NBIRTH/")), WAIT);
            Thread.sleep(300); // the command subscriptions follow the connection

            sub.publish(NS + "DCMD/pole-0042/lamp-1", ncmd(List.of(
                    new Metric.MetricBuilder("actuator.override/level", MetricDataType.Int64, 80L).createMetric(),
                    new Metric.MetricBuilder("actuator.override/for", MetricDataType.String, "30m").createMetric())));
            Host host = new Host(sub.await("the result", l -> l.stream().anyMatch(r -> r.topic().contains("/NDATA/")),
                    WAIT));
            assertEquals(1, received.size());
            assertEquals("actuator.override", received.get(0).name());
            assertEquals("lamp-1", received.get(0).target());
            assertEquals(Map.of("level", 80L, "for", "30m"), received.get(0).arguments());
            SparkplugBPayload result = host.of("NDATA").get(0);
            assertEquals("done: lamp-1 at 80 %", resultText(host, result));

            sub.publish(NS + "NCMD/pole-0042", ncmd(List.of(new Metric.MetricBuilder("Node Control/Reboot",
                    MetricDataType.Boolean, true).createMetric())));
            host = new Host(sub.await("the refusal", l -> l.stream().filter(r -> r.topic().contains("/NDATA/")).count() >= 2,
                    WAIT));
            String refusal = resultText(host, host.of("NDATA").get(1));
            assertTrue(refusal.startsWith("refused: 'name' Node Control is not a command name"),
                    "the same name check as a JSON command's: " + refusal);

            sub.publish(NS + "DCMD/pole-0042/lamp-1", ncmd(List.of(
                    new Metric.MetricBuilder("actuator.override/level", MetricDataType.Int64, 80L).createMetric(),
                    new Metric.MetricBuilder("actuator.override/note", MetricDataType.String, "x".repeat(70_000))
                            .createMetric())));
            host = new Host(sub.await("the refusal of a large one", l -> l.stream()
                    .filter(r -> r.topic().contains("/NDATA/")).count() >= 3, WAIT));
            String large = resultText(host, host.of("NDATA").get(2));
            assertTrue(large.startsWith("refused: command message of ") && large.endsWith("bytes is larger than 64 KiB"),
                    "the same size cap as a JSON command's: " + large);

            Date hourAgo = new Date(System.currentTimeMillis() - 3_600_000);
            sub.publish(NS + "DCMD/pole-0042/lamp-1", new SparkplugBPayloadEncoder().getBytes(new SparkplugBPayload(
                    hourAgo, new ArrayList<>(List.of(new Metric.MetricBuilder("actuator.override/level",
                            MetricDataType.Int64, 80L).createMetric()))), false));
            host = new Host(sub.await("the refusal of a stale one", l -> l.stream()
                    .filter(r -> r.topic().contains("/NDATA/")).count() >= 4, WAIT));
            String stale = resultText(host, host.of("NDATA").get(3));
            assertTrue(stale.startsWith("refused: stale: issued at "), "the payload's timestamp is its issue time: "
                    + stale);
            assertEquals(1, received.size(), "none of them reached the owner");
        }
    }

    private static String resultText(Host host, SparkplugBPayload ndata) {
        long alias = named(host.of("NBIRTH").get(0), "Node Control/Last Result").getAlias();
        return (String) aliased(ndata, alias).getValue();
    }

    private static byte[] ncmd(List<Metric> metrics) throws Exception {
        return new SparkplugBPayloadEncoder().getBytes(new SparkplugBPayload(new Date(), new ArrayList<>(metrics)), false);
    }
}
