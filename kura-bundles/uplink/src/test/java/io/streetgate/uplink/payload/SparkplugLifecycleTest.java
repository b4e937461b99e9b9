package io.streetgate.uplink.payload;

import io.streetgate.driver.Health;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.site.UplinkConfig;
import io.streetgate.uplink.store.StoreStatus;
import io.streetgate.uplink.store.StoredMessage;
import io.streetgate.uplink.store.StreamKey;
import io.streetgate.uplink.testing.Messages;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.protobuf.SparkplugBProto;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Sparkplug edge node's life, message by message: QoS and retain, device deaths and returns from the
 * gateway's health, and waiting for the primary host's STATE. The wire and a real host are in
 * SparkplugUplinkTest and SparkplugTahuHostTest.
 */
class SparkplugLifecycleTest {

    static final Instant T0 = Instant.parse("2026-06-21T19:30:00Z");
    static final String STATE = "spBv1.0/STATE/scada-1";

    static NodeState state(ComponentStatus... parts) {
        StoreStatus store = new StoreStatus(true, Path.of("store.db"), 4096, 64L << 20, 7, 0, Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY, null, Map.of(), "e1", Health.ok(T0));
        return new NodeState(List.of(parts), store);
    }

    static ComponentStatus sensor(String id, Health health) {
        return new ComponentStatus("sensor/" + id, health, Map.of());
    }

    static StoredMessage stored(long id, String sensor, Instant created, double mean) {
        var m = Messages.summary(sensor, "temperature", created, mean);
        return StoredMessage.inMemory(id, StreamKey.of(m), id, "e1", 1, created, m);
    }

    static List<String> types(List<Outgoing> out) {
        return out.stream().map(o -> o.topic().split("/")[2] + (o.topic().split("/").length > 4
                ? " " + o.topic().split("/")[4] : "")).toList();
    }

    static byte[] hostState(boolean online, long timestamp) {
        return ("{\"online\":" + online + ",\"timestamp\":" + timestamp + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void birthsDataAndDeathsGoWithQos0AndNoRetainAsTheSpecificationAsksAndQos1WhenTheSiteFileSaysSo() {
        SparkplugFormat spec = new SparkplugFormat("harbour", "pole-0042", new SparkplugCommandsTest.Memory());
        spec.will(T0);
        List<Outgoing> out = new ArrayList<>(spec.sessionStarted(T0, state(sensor("env-1", Health.ok(T0)))));
        out.addAll(spec.encode(stored(1, "env-1", T0, 18.5), false, T0));
        out.addAll(spec.stateChanged(T0, state(sensor("env-1", Health.faulty("no answer", T0)))));
        assertEquals(List.of("NBIRTH", "DBIRTH env-1", "DDATA env-1", "NDATA", "DDEATH env-1"), types(out));
        assertTrue(out.stream().allMatch(o -> o.qos() == 0 && !o.retained()), "tck-id-topics-*-mqtt: QoS 0, no retain");
        assertEquals(1, spec.will(T0).qos(), "the NDEATH will stays QoS 1 (tck-id-message-flow-edge-node-birth-"
                + "publish-will-message-qos)");

        SparkplugFormat kept = new SparkplugFormat("harbour", "pole-0042", new SparkplugCommandsTest.Memory(),
                new UplinkConfig.Sparkplug("", 1));
        kept.will(T0);
        List<Outgoing> one = new ArrayList<>(kept.sessionStarted(T0, state()));
        one.addAll(kept.encode(stored(1, "env-1", T0, 18.5), false, T0));
        assertTrue(one.stream().allMatch(o -> o.qos() == 1 && !o.retained()), "qos: 1 leaves the store on PUBACK");
    }

    @Test
    void aDeviceDiesWhenItsSensorTurnsFaultyOrIsRemovedAndIsBornAgainWhenItReturns() {
        SparkplugFormat f = new SparkplugFormat("harbour", "pole-0042", new SparkplugCommandsTest.Memory());
        f.will(T0);
        Health ok = Health.ok(T0);
        f.sessionStarted(T0, state(sensor("env-1", ok), sensor("env-2", ok)));
        f.encode(stored(1, "env-1", T0, 18.5), false, T0);
        f.encode(stored(2, "env-2", T0, 7.25), false, T0);

        assertEquals(List.of("NDATA", "DDEATH env-1"), types(f.stateChanged(T0, state(
                sensor("env-1", Health.faulty("no answer on i2c-1", T0)), sensor("env-2", ok)))));
        assertEquals(List.of("NDATA"), types(f.stateChanged(T0, state(
                sensor("env-1", Health.faulty("still nothing", T0)), sensor("env-2", Health.degraded("slow", T0))))),
                "still dead: no second DDEATH; degraded still delivers");
        assertEquals(List.of("NDATA", "DDEATH env-2", "DBIRTH env-1"), types(f.stateChanged(T0, state(
                sensor("env-1", ok)))), "env-2 was removed from the site file (deaths first), env-1 is back");
        assertEquals(List.of("NBIRTH", "DBIRTH env-1"), types(f.rebirth(T0, state(sensor("env-1", ok)))),
                "a rebirth declares the live devices only");
        assertEquals(List.of("DBIRTH env-2", "DDATA env-2", "DDEATH env-2"), types(f.encode(stored(3, "env-2", T0,
                7.5), false, T0)), "a window it closed before it went is sent, and the device is dead again after it");
    }

    @Test
    void withAPrimaryHostNothingIsBornUntilItsStateSaysOnlineAndDataIsHeldWhileItIsOffline() throws Exception {
        SparkplugFormat f = new SparkplugFormat("harbour", "pole-0042", new SparkplugCommandsTest.Memory(),
                new UplinkConfig.Sparkplug("scada-1", 0));
        f.will(T0);
        assertTrue(f.commandTopics().contains(STATE));
        assertEquals(List.of(), f.sessionStarted(T0, state()), "no NBIRTH before the host's online STATE "
                + "(tck-id-operational-behavior-edge-node-birth-sequence-wait)");
        assertTrue(f.holdsData());
        assertEquals(List.of(), f.stateChanged(T0, state(sensor("env-1", Health.faulty("x", T0)))), "not born: silent");

        long t = T0.toEpochMilli();
        assertEquals(List.of(), f.commands(STATE, hostState(false, t), T0));
        assertTrue(f.holdsData());
        Instant back = T0.plusSeconds(60);
        List<CommandRequest> rebirth = f.commands(STATE, hostState(true, t + 60_000), back);
        assertEquals(1, rebirth.size());
        assertTrue(rebirth.get(0).rebirth(), "the host is online: births");
        assertFalse(f.holdsData());
        assertEquals("NBIRTH", types(f.rebirth(back, state())).get(0));
        assertEquals(List.of(), f.commands(STATE, hostState(true, t + 61_000), back), "still online: no rebirth");

        List<Outgoing> held = f.encode(stored(1, "env-1", T0.plusSeconds(30), 17.5), false, back);
        List<Outgoing> live = f.encode(stored(2, "env-1", back.plusSeconds(1), 18.5), false, back.plusSeconds(1));
        assertEquals(true, historical(held), "stored while the host was away: is_historical");
        assertNull(historical(live));

        assertEquals(List.of(), f.commands(STATE, hostState(false, t + 10_000), back), "older than the last: ignored");
        assertFalse(f.holdsData());
        assertEquals(List.of(), f.commands(STATE, hostState(false, t + 120_000), back));
        assertTrue(f.holdsData(), "offline: hold");
        assertEquals(List.of(), f.stateChanged(back, state(sensor("env-1", Health.faulty("x", T0)))),
                "nothing goes out while the host is away");
        assertEquals(List.of(), f.commands(STATE, "online".getBytes(StandardCharsets.UTF_8), back),
                "not a STATE payload: ignored (and logged)");
        assertTrue(f.holdsData());
    }

    @Test
    void theNbirthCarriesTheNodesUptimeAndStoreDepth() throws Exception {
        SparkplugFormat f = new SparkplugFormat("harbour", "pole-0042", new SparkplugCommandsTest.Memory());
        f.will(T0);
        SparkplugBPayload nbirth = new SparkplugBPayloadDecoder().buildFromByteArray(
                f.sessionStarted(T0, state()).get(0).payload(), null);
        assertEquals(7L, metric(nbirth, "Store/Depth").getValue(), "messages waiting in the store");
        assertTrue((Long) metric(nbirth, "Node Info/Uptime").getValue() >= 0);
        assertEquals("ok", metric(nbirth, "Node Info/Health").getValue());
    }

    @Test
    void aStatePayloadIsTheJsonOfSection42312AndNothingElse() {
        assertEquals(new HostState(true, 1782070200000L),
                HostState.parse("{\"online\":true,\"timestamp\":1782070200000}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("'online' is ONLINE, not true or false", assertThrows(IllegalArgumentException.class,
                () -> HostState.parse("{\"online\":\"ONLINE\",\"timestamp\":1}".getBytes(StandardCharsets.UTF_8)))
                .getMessage());
        assertEquals("'timestamp' is null, not milliseconds since the epoch", assertThrows(
                IllegalArgumentException.class, () -> HostState.parse("{\"online\":true}".getBytes(
                        StandardCharsets.UTF_8))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> HostState.parse(new byte[HostState.MAX_BYTES + 1]));
    }

    private static Boolean historical(List<Outgoing> out) throws Exception {
        Outgoing ddata = out.stream().filter(o -> o.topic().contains("/DDATA/")).findFirst().orElseThrow();
        // DDATA carries no datatypes: read the flag from the protobuf itself
        SparkplugBProto.Payload.Metric first = SparkplugBProto.Payload.parseFrom(ddata.payload()).getMetrics(0);
        return first.hasIsHistorical() ? first.getIsHistorical() : null;
    }

    private static Metric metric(SparkplugBPayload p, String name) {
        return p.getMetrics().stream().filter(m -> name.equals(m.getName())).findFirst().orElseThrow();
    }
}
