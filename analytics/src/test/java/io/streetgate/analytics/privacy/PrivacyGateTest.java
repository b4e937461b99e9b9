package io.streetgate.analytics.privacy;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Summary;
import io.streetgate.driver.Quantity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrivacyGateTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    private static final Summary SUMMARY = new Summary("env-1", Quantity.TEMPERATURE, Quantity.TEMPERATURE.unit(),
            T0, T0.plusSeconds(60), 3, 20, 21, 22);

    /** A record that carries what must never leave, as a careless analyzer might. */
    private record Leaky(String sourceId) implements AnalyticsRecord {
        @Override
        public String kind() {
            return "occupancy";
        }

        @Override
        public Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("zone", "crossing-1");
            f.put("count", null);
            f.put("frames", new short[] {1, 2, 3});
            f.put("mac", "aa:bb:cc:dd:ee:ff");
            return f;
        }
    }

    @Test
    void passesOnlyAllowListedFieldsInTheRecordsOrder() {
        PrivacyGate gate = new PrivacyGate(new PrivacyConfig(Map.of("summary", Set.of("mean", "unit", "end"))));
        UplinkMessage out = gate.filter(SUMMARY).orElseThrow();
        assertEquals(List.of("unit", "end", "mean"), List.copyOf(out.fields().keySet()));
        assertEquals(21.0, out.fields().get("mean"));
        assertEquals("env-1", out.sourceId());
    }

    @Test
    void perSensorPresenceAndMotionSummariesNeverLeaveEvenWhenSummariesMay() {
        PrivacyGate gate = new PrivacyGate(new PrivacyConfig(Map.of("summary",
                Set.of("sourceId", "quantity", "count", "mean"))));
        Summary presence = new Summary("pir-1", Quantity.PRESENCE, Quantity.PRESENCE.unit(), T0, T0.plusSeconds(60),
                12, 0, 0.08, 1);
        Summary motion = new Summary("pir-1", Quantity.MOTION_EVENTS, Quantity.MOTION_EVENTS.unit(), T0,
                T0.plusSeconds(60), 12, 0, 0.08, 1);

        assertTrue(gate.filter(presence).isEmpty());
        assertTrue(gate.filter(motion).isEmpty());
        assertTrue(gate.filter(SUMMARY).isPresent());
        assertEquals(2, gate.recordsWithheld());
    }

    @Test
    void anOutputWithoutAnAllowListDoesNotLeave() {
        PrivacyGate gate = new PrivacyGate(PrivacyConfig.denyAll());
        assertTrue(gate.filter(SUMMARY).isEmpty());
        assertEquals(1, gate.recordsWithheld());
    }

    @Test
    void identifiersRawDataAndSuppressedValuesNeverLeaveEvenIfListed() {
        PrivacyGate gate = new PrivacyGate(new PrivacyConfig(Map.of("occupancy", Set.of("zone", "count", "frames"))));
        UplinkMessage out = gate.filter(new Leaky("zone-1")).orElseThrow();
        assertEquals(Set.of("zone"), out.fields().keySet());
        assertEquals(3, gate.fieldsWithheld());
    }

    @Test
    void listingAnIdentifierOrRawAudioIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PrivacyConfig(Map.of("noise", Set.of("laeq", "raw_audio"))));
        assertTrue(e.getMessage().contains("analytics.privacy.allow.noise") && e.getMessage().contains("raw_audio"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PrivacyConfig(Map.of("occupancy", Set.of("MAC-Address"))));
    }

    @Test
    void anAuditRecordLeavesWithItsChannelButNotWhoAskedNorTheirNote() {
        io.streetgate.analytics.control.AuditRecord audit = new io.streetgate.analytics.control.AuditRecord(T0,
                "override", "lamp-2", "local:cli:anna", "c-1", 0.4, "schedule", 1.0, "override",
                T0.plusSeconds(600), "police request, call Anna on 0170 1234567");
        UplinkMessage out = NodeOutputs.gate().filter(audit).orElseThrow();
        assertEquals("local", out.fields().get("channel"));
        assertEquals(Set.of("sourceId", "at", "action", "channel", "commandId", "oldLevel", "oldReason", "newLevel",
                "newReason", "until"), out.fields().keySet());
        assertTrue(audit.fields().containsKey("origin") && audit.fields().containsKey("detail"),
                "the node's own audit log keeps both");
    }

    @Test
    void anAddressInAReasonIsReplacedAndTimesAndVersionsAreLeftAlone() {
        assertEquals("handshake from <address>: DECRYPT_ERROR",
                PrivacyGate.withoutAddresses("handshake from /192.168.7.21:50123: DECRYPT_ERROR"));
        assertEquals("from <address> and <address> and <address>",
                PrivacyGate.withoutAddresses("from /0:0:0:0:0:0:0:1:5684 and [fe80::1%eth0]:5684 and 2001:db8::7"));
        assertEquals("late since 19:30:00, version 1.4.0, 20.5 degC",
                PrivacyGate.withoutAddresses("late since 19:30:00, version 1.4.0, 20.5 degC"));
        assertEquals("refused by <address>.", PrivacyGate.withoutAddresses("refused by 10.0.0.7."));
        assertEquals("<address> and <address>, <address> failed", PrivacyGate.withoutAddresses(
                "::ffff:192.168.0.1 and 64:ff9b::192.0.2.33, anna-phone.lan/192.168.1.20:5684 failed"),
                "an IPv4 tail of an IPv6 address and the host name before it go too");
        String dump = ":a".repeat(20_000);
        assertEquals(PrivacyGate.MAX_TEXT, PrivacyGate.withoutAddresses(dump).length(),
                "a long text is cut, and its search cannot exhaust the stack");
        PrivacyGate gate = new PrivacyGate(new PrivacyConfig(Map.of("ota", Set.of("version", "reason"))));
        UplinkMessage out = gate.filter(new Record("ota", Map.of("version", "10.0.0.1",
                "reason", "download from 10.0.0.5:8443 failed"))).orElseThrow();
        assertEquals("10.0.0.1", out.fields().get("version"), "only free texts are searched for addresses");
        assertEquals("download from <address> failed", out.fields().get("reason"));
    }

    @Test
    void aStoredMessageIsReadBackWithoutWhatCouldNeverHavePassedAGate() {
        assertEquals(Map.of("mean", 21.0), PrivacyGate.readBack("summary", "env-1", Map.of("mean", 21.0)).fields());
        Map<String, Object> older = new LinkedHashMap<>();
        older.put("action", "override");
        older.put("origin", "local:cli:anna");
        older.put("samples", new short[] {1});
        older.put("until", null);
        older.put("detail", "police request, call Anna");
        older.put("engineer", "anna");
        assertEquals(List.of("action", "until"), List.copyOf(PrivacyGate.readBack("audit", "lamp-1", older)
                .fields().keySet()), "a row an older version stored loses who asked, the note and whatever the node's"
                + " allow-list does not name; a null stays as stored");
        assertEquals("fail: <address>", PrivacyGate.readBack("ota", "pole-1", Map.of("reason", "fail: 10.1.2.3:443"))
                .fields().get("reason"));
    }

    @Test
    void namingTheUserOrTheirNoteInASiteAllowListIsAConfigurationError() {
        for (String field : List.of("origin", "note", "user_name")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new PrivacyConfig(Map.of("audit", Set.of(field))));
            assertTrue(e.getMessage().contains("never leave"), e.getMessage());
        }
    }

    private record Record(String kind, Map<String, Object> fields) implements AnalyticsRecord {
        @Override
        public String sourceId() {
            return "pole-1";
        }
    }
}
