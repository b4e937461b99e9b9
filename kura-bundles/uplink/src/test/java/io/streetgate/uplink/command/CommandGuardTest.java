package io.streetgate.uplink.command;

import io.streetgate.gateway.api.format.CommandJson;
import io.streetgate.gateway.api.format.CommandSignature;
import io.streetgate.gateway.api.format.UplinkJson;
import io.streetgate.uplink.payload.CommandRequest;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a command from upstream must be to reach its owner: fresh, signed where required, within its rate. */
class CommandGuardTest {

    static final Instant NOW = Instant.parse("2026-06-21T19:45:00Z");
    static final String NODE = "pole-0042";

    static Map<String, Object> override(Instant issued, Instant expires) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "c-1");
        m.put("name", "actuator.override");
        m.put("target", "lamp-1");
        m.put("arguments", Map.of("level", 0.8, "for", "30m"));
        m.put("origin", "ops-console");
        if (issued != null) {
            m.put("issued", issued.toString());
        }
        if (expires != null) {
            m.put("expires", expires.toString());
        }
        return m;
    }

    static CommandRequest read(Map<String, Object> members, Instant now) {
        CommandJson.Parsed p = CommandJson.parse(UplinkJson.object(members), NODE, "mqtt", now);
        return p.isValid() ? CommandRequest.of(p.command(), p.issued() != null, p.expires(), p.signed())
                : CommandRequest.refused(p.id(), null, null, p.refusal());
    }

    static String refusal(CommandGuard guard, Map<String, Object> members, Duration expiry, Instant now) {
        CommandGuard.Verdict v = guard.check(read(members, now), expiry, now);
        assertFalse(v.allowed(), "refused: " + members);
        return v.refusal();
    }

    @Test
    void aCommandIssuedJustNowIsCarriedOutWithItsIssueTime() {
        CommandGuard guard = new CommandGuard(CommandRules.DEFAULT);
        CommandGuard.Verdict v = guard.check(read(override(NOW.minusSeconds(5), NOW.plusSeconds(300)), NOW), null, NOW);
        assertTrue(v.allowed(), v.refusal());
        assertEquals(NOW.minusSeconds(5), v.command().issuedAt());
        assertEquals("mqtt:ops-console", v.command().origin(), "unsigned: the origin it claims, marked as from MQTT");
    }

    @Test
    void aStaleExpiredTimelessOrFutureCommandIsRefusedWithTheReason() {
        CommandGuard guard = new CommandGuard(CommandRules.DEFAULT);
        Instant hourAgo = NOW.minus(Duration.ofHours(1));
        assertEquals("stale: issued at 2026-06-21T18:45:00Z, 1h before it arrived at 2026-06-21T19:45:00Z; commands "
                + "older than 10m are refused (uplink.commands.max-age)", refusal(guard, override(hourAgo, null), null, NOW));
        assertEquals("expired at 2026-06-21T19:44:00Z; it arrived at 2026-06-21T19:45:00Z",
                refusal(guard, override(NOW.minusSeconds(120), NOW.minusSeconds(60)), null, NOW));
        assertTrue(refusal(guard, override(null, NOW.plusSeconds(60)), null, NOW)
                .startsWith("the command does not say when it was issued"));
        assertTrue(refusal(guard, override(NOW.plusSeconds(3600), null), null, NOW)
                .contains("ahead of the node's time 2026-06-21T19:45:00Z by more than 60 s"));
        assertTrue(guard.check(read(override(NOW.plusSeconds(30), null), NOW), null, NOW).allowed(),
                "a clock a little ahead is tolerated");
    }

    @Test
    void anMqtt5MessageExpiryStandsInForTheTimesOfTheMessage() {
        CommandGuard guard = new CommandGuard(CommandRules.DEFAULT);
        CommandGuard.Verdict v = guard.check(read(override(null, null), NOW), Duration.ofSeconds(250), NOW);
        assertTrue(v.allowed(), v.refusal());
        assertEquals(NOW, v.command().issuedAt(), "without issued, durations count from the arrival");
        assertTrue(refusal(guard, override(NOW.minus(Duration.ofHours(1)), null), Duration.ofSeconds(250), NOW)
                .startsWith("stale"), "an issue time in the message still counts");
    }

    @Test
    void withSignaturesRequiredOnlyACommandSignedByAnAllowedKeyForThisNodeIsCarriedOut() throws Exception {
        KeyPair ops = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair intruder = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        CommandGuard guard = new CommandGuard(new CommandRules(Duration.ofMinutes(10), true,
                Map.of("ops-console", ops.getPublic()), 60));
        Map<String, Object> m = override(NOW.minusSeconds(5), NOW.plusSeconds(300));

        assertTrue(refusal(guard, m, null, NOW).startsWith("this node carries out signed commands only"));

        Map<String, Object> forged = new LinkedHashMap<>(m);
        forged.put("key", "ops-console");
        forged.put("signature", CommandSignature.sign(intruder.getPrivate(), NODE, forged));
        assertEquals("the signature does not match the command for this node (key 'ops-console'); nothing was changed",
                refusal(guard, forged, null, NOW));

        Map<String, Object> unknownKey = new LinkedHashMap<>(m);
        unknownKey.put("key", "intruder");
        unknownKey.put("signature", CommandSignature.sign(intruder.getPrivate(), NODE, unknownKey));
        assertEquals("signed with key 'intruder', which this node does not allow (allowed: ops-console; "
                + "uplink.commands.keys)", refusal(guard, unknownKey, null, NOW));

        Map<String, Object> otherNode = new LinkedHashMap<>(m);
        otherNode.put("key", "ops-console");
        otherNode.put("signature", CommandSignature.sign(ops.getPrivate(), "pole-0043", otherNode));
        assertTrue(refusal(guard, otherNode, null, NOW).startsWith("the signature does not match"),
                "signed for another node");

        Map<String, Object> signed = new LinkedHashMap<>(m);
        signed.put("key", "ops-console");
        signed.put("signature", CommandSignature.sign(ops.getPrivate(), NODE, signed));
        CommandGuard.Verdict v = guard.check(read(signed, NOW), null, NOW);
        assertTrue(v.allowed(), v.refusal());
        assertEquals("key:ops-console", v.command().origin(), "the origin is the key's name, not what it claims");
    }

    @Test
    void eachOriginHasItsOwnRateAndItsBucketRefillsOverTheMinute() {
        CommandGuard guard = new CommandGuard(new CommandRules(Duration.ofMinutes(10), false, Map.of(), 5));
        Map<String, Object> m = override(NOW, null);
        for (int i = 0; i < 5; i++) {
            assertTrue(guard.check(read(m, NOW), null, NOW).allowed(), "a burst of five");
        }
        assertEquals("more than 5 commands a minute from mqtt:ops-console (uplink.commands.per-minute); try again later",
                refusal(guard, m, null, NOW));
        Map<String, Object> other = new LinkedHashMap<>(m);
        other.put("origin", "night-shift");
        assertTrue(guard.check(read(other, NOW), null, NOW).allowed(), "another origin has its own bucket");
        Instant later = NOW.plusSeconds(12);
        assertTrue(guard.check(read(m, later), null, later).allowed(), "one more after 60 s / 5");
        assertFalse(guard.check(read(m, later), null, later).allowed());
    }

    @Test
    void anUnreadableMessageIsRefusedWithWhatTheFormatSaid() {
        CommandGuard guard = new CommandGuard(CommandRules.DEFAULT);
        assertEquals("not JSON", guard.check(CommandRequest.refused("x", null, null, "not JSON"), null, NOW).refusal());
    }
}
