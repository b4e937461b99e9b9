package io.streetgate.uplink.forward;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.CommandAudit;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.format.CommandSignature;
import io.streetgate.gateway.api.format.UplinkJson;
import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.command.CommandRules;
import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.payload.JsonFormat;
import io.streetgate.uplink.testing.PoleBroker;
import io.streetgate.uplink.testing.Mqtt5Publisher;
import io.streetgate.uplink.testing.Subscriber;
import io.streetgate.uplink.testing.TestClock;
import io.streetgate.uplink.testing.Uplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.streetgate.uplink.testing.PoleBroker.NODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Commands from upstream against a real mosquitto: a command that waited in the broker while the node was away
 * is judged by when it was issued, not when it arrived; with signatures required only a command signed by an
 * allowed key moves anything; every refusal is answered and audited.
 */
class CommandSecurityTest {

    static final Instant T0 = Instant.parse("2026-06-21T19:30:00Z");
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String CMD = "streetgate/pole-0042/cmd";

    @TempDir
    Path work;
    @RegisterExtension
    static final PoleBroker broker = new PoleBroker();

    /** The audit as the control keeps it: here, what was refused, in order. */
    static final class Refusals implements CommandAudit {
        final List<String> recorded = new CopyOnWriteArrayList<>();

        @Override
        public void refused(Instant at, String commandId, String name, String target, String origin,
                            java.util.Collection<String> argumentNames, String reason) {
            recorded.add(commandId + " " + origin + " " + new java.util.TreeSet<>(argumentNames) + ": " + reason);
        }
    }

    Subscriber ops(String id) throws Exception {
        return broker.subscriber(id, "streetgate/pole-0042/cmd/result");
    }

    Uplink uplink(TimeBase time, LinkSettings.Protocol protocol) {
        return broker.uplink(work.resolve("store.db"), time, s -> new JsonFormat("streetgate", NODE), protocol,
                new HealthRegistryImpl());
    }

    /** Starts the uplink's sender and waits until it is connected and subscribed to its command topic. */
    static void connect(Uplink u, Subscriber ops) throws Exception {
        u.forwarder.start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!u.forwarder.stats().connected()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the uplink did not connect: " + u.forwarder.stats());
            }
            Thread.sleep(20);
        }
        // a probe answered (refused: it has no time) means the subscription is in place
        String probe = "probe-" + System.nanoTime();
        ops.publish(CMD, "{\"id\":\"" + probe + "\",\"name\":\"no.such.command\"}");
        ops.awaitOne("the probe's answer", r -> probe.equals(result(r).get("id")), WAIT);
    }

    static Map<String, Object> result(Subscriber.Received r) {
        try {
            return JSON.std.mapFrom(r.payload());
        } catch (Exception e) {
            throw new AssertionError(r.text(), e);
        }
    }

    static Map<String, Object> answer(Subscriber ops, String id) throws InterruptedException {
        return result(ops.awaitOne("the answer to " + id, r -> id.equals(result(r).get("id")), WAIT));
    }

    static String override(String id, Instant issued, Instant expires) {
        return "{\"id\":\"" + id + "\",\"name\":\"actuator.override\",\"target\":\"lamp-1\",\"arguments\":{\"level\":0.8,"
                + "\"for\":\"30m\"},\"origin\":\"ops-console\",\"issued\":\"" + issued + "\""
                + (expires == null ? "" : ",\"expires\":\"" + expires + "\"") + "}";
    }

    @Test
    void anOverridePublishedWhileTheGatewayIsAwayAndDeliveredAnHourLaterIsRefusedAsStale() throws Exception {
        TestClock clock = new TestClock(T0);
        TimeBase time = TimeBase.of(clock);
        List<Command> applied = new CopyOnWriteArrayList<>();
        Refusals audit = new Refusals();
        try (Subscriber ops = ops("ops-stale")) {
            try (Uplink first = uplink(time, LinkSettings.Protocol.MQTT_5)) {
                first.commands.add(JsonUplinkTest.handler("actuator.override", c -> CommandResult.done("ok", Map.of())));
                connect(first, ops);
            } // a clean disconnect: the broker keeps the session and queues the node's commands

            ops.publish(CMD, override("c-old", clock.instant(), clock.instant().plus(Duration.ofHours(2))));
            clock.advance(Duration.ofHours(1));
            ops.publish(CMD, override("c-new", clock.instant(), clock.instant().plus(Duration.ofMinutes(10))));

            try (Uplink back = uplink(time, LinkSettings.Protocol.MQTT_5)) {
                back.commands.add(JsonUplinkTest.handler("actuator.override", c -> {
                    applied.add(c);
                    return CommandResult.done(c.target() + " overridden", Map.of());
                }));
                back.commands.audit(audit);
                back.forwarder.start();

                Map<String, Object> old = answer(ops, "c-old");
                assertEquals(false, old.get("accepted"));
                assertEquals("stale: issued at 2026-06-21T19:30:00Z, 1h before it arrived at 2026-06-21T20:30:00Z; "
                        + "commands older than 10m are refused (uplink.commands.max-age)", old.get("reason"));
                assertEquals(true, answer(ops, "c-new").get("accepted"), "a command issued now still works");
                assertEquals(List.of("c-new"), applied.stream().map(Command::id).toList());
                assertEquals(Instant.parse("2026-06-21T20:30:00Z"), applied.get(0).issuedAt());
                assertEquals(List.of("c-old mqtt:ops-console [for, level]: " + old.get("reason")), audit.recorded,
                        "the refusal is audited with the argument names only");
            }
        }
    }

    @Test
    void anMqtt5MessageExpiryIsRespectedAndStandsInForTheMessagesOwnTimes() throws Exception {
        List<Command> applied = new CopyOnWriteArrayList<>();
        try (Subscriber ops = ops("ops-expiry")) {
            try (Uplink first = uplink(TimeBase.system(), LinkSettings.Protocol.MQTT_5)) {
                connect(first, ops);
            }
            try (Mqtt5Publisher v5 = new Mqtt5Publisher(broker.mosquitto().url(), broker.tls(), PoleBroker.OPS,
                    PoleBroker.OPS_PASSWORD, "ops-v5")) {
                v5.publish(CMD, "{\"id\":\"e-short\",\"name\":\"ping\"}", 1);
                v5.publish(CMD, "{\"id\":\"e-long\",\"name\":\"ping\"}", 600);
            }
            Thread.sleep(2500); // e-short's expiry passes while the node is away

            try (Uplink back = uplink(TimeBase.system(), LinkSettings.Protocol.MQTT_5)) {
                back.commands.add(JsonUplinkTest.handler("ping", c -> {
                    applied.add(c);
                    return CommandResult.done("pong", Map.of());
                }));
                back.forwarder.start();
                assertEquals(true, answer(ops, "e-long").get("accepted"),
                        "a message expiry stands in for issued and expires");
                String probe = "after-" + System.nanoTime();
                ops.publish(CMD, "{\"id\":\"" + probe + "\",\"name\":\"ping\",\"issued\":\"" + Instant.now() + "\"}");
                answer(ops, probe);
                assertEquals(List.of("e-long", probe), applied.stream().map(Command::id).toList(),
                        "the broker dropped the command whose expiry passed: it never reached the node");
            }
        }
    }

    @Test
    void withSignaturesRequiredTheBrokerAccountAloneCannotMoveALamp() throws Exception {
        KeyPair ops = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair intruder = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        List<Command> applied = new CopyOnWriteArrayList<>();
        Refusals audit = new Refusals();
        try (Subscriber console = ops("ops-signed");
             Uplink u = uplink(TimeBase.system(), LinkSettings.Protocol.MQTT_3_1_1)) {
            u.commands.rules(new CommandRules(Duration.ofMinutes(10), true, Map.of("ops-console", ops.getPublic()), 60));
            u.commands.add(JsonUplinkTest.handler("actuator.override", c -> {
                applied.add(c);
                return CommandResult.done(c.target() + " overridden", Map.of());
            }));
            connect(u, console);
            u.commands.audit(audit);

            Instant now = Instant.now();
            console.publish(CMD, override("s-unsigned", now, now.plusSeconds(300)));
            Map<String, Object> unsigned = answer(console, "s-unsigned");
            assertEquals(false, unsigned.get("accepted"));
            assertTrue(String.valueOf(unsigned.get("reason")).startsWith("this node carries out signed commands only"),
                    unsigned.toString());

            console.publish(CMD, signed("s-forged", now, intruder, "ops-console"));
            Map<String, Object> forged = answer(console, "s-forged");
            assertEquals(false, forged.get("accepted"));
            assertEquals("the signature does not match the command for this node (key 'ops-console'); nothing was "
                    + "changed", forged.get("reason"));

            String tampered = signed("s-tampered", now, ops, "ops-console").replace("\"level\":0.8", "\"level\":1");
            console.publish(CMD, tampered);
            assertEquals(false, answer(console, "s-tampered").get("accepted"), "a level changed after signing");

            console.publish(CMD, signed("s-good", now, ops, "ops-console"));
            Map<String, Object> good = answer(console, "s-good");
            assertEquals(true, good.get("accepted"), good.toString());
            assertEquals(List.of("s-good"), applied.stream().map(Command::id).toList());
            assertEquals("key:ops-console", applied.get(0).origin(), "the origin is the key's name");
            assertEquals(3, audit.recorded.size(), audit.recorded.toString());
            assertTrue(audit.recorded.get(1).startsWith("s-forged mqtt:ops-console [for, level]"), audit.recorded.get(1));
        }
    }

    private static String signed(String id, Instant issued, KeyPair key, String keyName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", "actuator.override");
        m.put("target", "lamp-1");
        m.put("arguments", Map.of("level", 0.8, "for", "30m"));
        m.put("origin", "ops-console");
        m.put("issued", issued.toString());
        m.put("expires", issued.plusSeconds(300).toString());
        m.put("key", keyName);
        m.put("signature", CommandSignature.sign(key.getPrivate(), NODE, m));
        return new String(UplinkJson.object(m), StandardCharsets.UTF_8);
    }
}
