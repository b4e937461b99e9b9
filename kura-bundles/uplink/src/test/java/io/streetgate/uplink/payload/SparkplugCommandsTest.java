package io.streetgate.uplink.payload;

import io.streetgate.gateway.api.format.CommandSignature;
import io.streetgate.uplink.command.CommandGuard;
import io.streetgate.uplink.command.CommandRules;
import io.streetgate.uplink.store.KeyValues;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Sparkplug DCMD read as commands: its payload timestamp is when it was issued, {@code Command/Expires} until
 * when it holds, and {@code Command/Key} with {@code Command/Signature} sign the command as a JSON command
 * message is signed; the uplink's guard then treats it as it treats JSON.
 */
class SparkplugCommandsTest {

    static final Instant NOW = Instant.parse("2026-06-21T19:45:00.250Z");
    static final String DCMD = "spBv1.0/harbour/DCMD/pole-0042/lamp-1";

    static final class Memory implements KeyValues {
        final TreeMap<String, String> values = new TreeMap<>();

        @Override
        public String get(String key, String fallback) {
            return values.getOrDefault(key, fallback);
        }

        @Override
        public void put(String key, String value) {
            values.put(key, value);
        }

        @Override
        public SortedMap<String, String> startingWith(String prefix) {
            return values.subMap(prefix, prefix + Character.MAX_VALUE);
        }
    }

    final SparkplugFormat format = new SparkplugFormat("harbour", "pole-0042", new Memory());

    static byte[] dcmd(Instant issued, List<Metric> metrics) throws Exception {
        return new SparkplugBPayloadEncoder().getBytes(new SparkplugBPayload(new Date(issued.toEpochMilli()),
                new ArrayList<>(metrics)), false);
    }

    static Metric metric(String name, MetricDataType type, Object value) throws Exception {
        return new Metric.MetricBuilder(name, type, value).createMetric();
    }

    static List<Metric> override(Instant expires, String key, String signature) throws Exception {
        List<Metric> m = new ArrayList<>(List.of(metric("actuator.override/level", MetricDataType.Double, 0.8),
                metric("actuator.override/for", MetricDataType.String, "30m"),
                metric("Command/Expires", MetricDataType.DateTime, new Date(expires.toEpochMilli()))));
        if (key != null) {
            m.add(metric("Command/Key", MetricDataType.String, key));
            m.add(metric("Command/Signature", MetricDataType.String, signature));
        }
        return m;
    }

    static String sign(KeyPair key, Instant issued, Instant expires) {
        return CommandSignature.sign(key.getPrivate(), "pole-0042", SparkplugCommandTimes.members(null,
                "actuator.override", "lamp-1", Map.of("level", 0.8, "for", "30m"), issued, expires, "ops-console"));
    }

    CommandGuard.Verdict check(CommandGuard guard, byte[] payload) {
        List<CommandRequest> read = format.commands(DCMD, payload, NOW);
        assertEquals(1, read.size(), read.toString());
        return guard.check(read.get(0), null, NOW);
    }

    @Test
    void aSignedDeviceCommandIsCarriedOutAndAnUnsignedOrAlteredOneRefused() throws Exception {
        KeyPair ops = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        CommandGuard guard = new CommandGuard(new CommandRules(Duration.ofMinutes(10), true,
                Map.of("ops-console", ops.getPublic()), 60));
        Instant issued = NOW.minusSeconds(5);
        Instant expires = issued.plusSeconds(300);

        CommandGuard.Verdict signed = check(guard, dcmd(issued, override(expires, "ops-console", sign(ops, issued, expires))));
        assertTrue(signed.allowed(), signed.refusal());
        assertEquals("key:ops-console", signed.command().origin());
        assertEquals(issued, signed.command().issuedAt(), "the payload timestamp is the issue time");

        assertTrue(check(guard, dcmd(issued, override(expires, null, null))).refusal()
                .startsWith("this node carries out signed commands only"));
        assertTrue(check(guard, dcmd(issued.plusSeconds(1), override(expires, "ops-console", sign(ops, issued, expires))))
                .refusal().startsWith("the signature does not match"), "another timestamp than the one signed");
        assertTrue(check(guard, dcmd(issued, override(expires.plusSeconds(3600), "ops-console", sign(ops, issued, expires))))
                .refusal().startsWith("the signature does not match"), "a later expiry than the one signed");
    }

    @Test
    void commandExpiresIsRespectedAndAKeyWithoutASignatureIsRefused() throws Exception {
        CommandGuard guard = new CommandGuard(CommandRules.DEFAULT);
        CommandGuard.Verdict expired = check(guard, dcmd(NOW.minusSeconds(120), override(NOW.minusSeconds(60), null, null)));
        assertFalse(expired.allowed());
        assertEquals("expired at 2026-06-21T19:44:00.250Z; it arrived at 2026-06-21T19:45:00.250Z", expired.refusal());

        List<Metric> keyOnly = override(NOW.plusSeconds(60), null, null);
        keyOnly.add(metric("Command/Key", MetricDataType.String, "ops-console"));
        assertEquals("a signed command carries both Command/Key (the key's name) and Command/Signature",
                check(guard, dcmd(NOW, keyOnly)).refusal());
    }
}
