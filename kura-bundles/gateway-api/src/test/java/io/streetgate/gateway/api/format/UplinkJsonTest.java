package io.streetgate.gateway.api.format;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.analytics.Fields;
import io.streetgate.analytics.privacy.PrivacyGate;
import io.streetgate.analytics.privacy.UplinkMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class UplinkJsonTest {

    private static final Instant START = Instant.parse("2026-06-21T19:30:00Z");
    private static final UplinkMessage SUMMARY = PrivacyGate.readBack("summary", "env-1", Fields.of(
            "sourceId", "env-1", "quantity", "temperature", "unit", "Cel", "start", START,
            "end", START.plusSeconds(60), "count", 6L, "min", 18.25, "mean", 18.5, "max", 18.75, "p90", Double.NaN));

    @Test
    void writesTheNodeTheKindAndEveryFieldInOrder() {
        String json = new String(UplinkJson.encode("pole-0042", SUMMARY), StandardCharsets.UTF_8);

        assertEquals("{\"node\":\"pole-0042\",\"kind\":\"summary\",\"sourceId\":\"env-1\",\"quantity\":\"temperature\","
                + "\"unit\":\"Cel\",\"start\":\"2026-06-21T19:30:00Z\",\"end\":\"2026-06-21T19:31:00Z\",\"count\":6,"
                + "\"min\":18.25,\"mean\":18.5,\"max\":18.75}", json);
    }

    @Test
    void leavesOutValuesThatAreNotFiniteNumbersSoTheJsonStaysValid() throws Exception {
        Map<String, Object> parsed = JSON.std.mapFrom(UplinkJson.encode("pole-0042", SUMMARY));
        assertFalse(parsed.containsKey("p90"));
    }

    @Test
    void datesAndBooleansKeepTheirType() throws Exception {
        UplinkMessage night = PrivacyGate.readBack("night-flow", "meter-1", Fields.of("sourceId", "meter-1",
                "date", LocalDate.of(2026, 6, 21), "mnf", 0.0003, "leakSuspected", true));
        Map<String, Object> parsed = JSON.std.mapFrom(UplinkJson.encode("pole-0042", night));

        assertEquals("2026-06-21", parsed.get("date"));
        assertEquals(Boolean.TRUE, parsed.get("leakSuspected"));
    }

    @Test
    void topicsNameNodeKindSourceAndQuantityWhenThereIsOne() {
        assertEquals("streetgate/pole-0042/summary/env-1/temperature", UplinkJson.topic("pole-0042", SUMMARY));
        UplinkMessage occupancy = PrivacyGate.readBack("occupancy", "crossing-north", Fields.of("zone", "crossing-north",
                "count", 7L));
        assertEquals("streetgate/pole-0042/occupancy/crossing-north", UplinkJson.topic("pole-0042", occupancy));
    }

    @Test
    void theUplinkAddsTheSequenceNumberAndItsEpochAfterTheKind() {
        String json = new String(UplinkJson.encode("pole-0042", SUMMARY, 42, "9f3a1c22"), StandardCharsets.UTF_8);

        assertEquals("{\"node\":\"pole-0042\",\"kind\":\"summary\",\"seq\":42,\"epoch\":\"9f3a1c22\","
                + "\"sourceId\":\"env-1\",\"quantity\":\"temperature\",\"unit\":\"Cel\","
                + "\"start\":\"2026-06-21T19:30:00Z\",\"end\":\"2026-06-21T19:31:00Z\",\"count\":6,"
                + "\"min\":18.25,\"mean\":18.5,\"max\":18.75}", json);
    }

    @Test
    void theTopicPrefixIsConfigurable() {
        assertEquals("city/harbour/pole-0042/summary/env-1/temperature",
                UplinkJson.topic("city/harbour", "pole-0042", SUMMARY));
    }

    @Test
    void objectsNestMapsAndListsUnderTheSameValueRules() throws Exception {
        Map<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("node", "pole-0042");
        state.put("time", START);
        state.put("parts", java.util.List.of(Map.of("name", "sensor/light-1"), "x", 3L, 0.5, Double.NaN, true));
        state.put("store", Map.of("holdsHours", 41.5, "bad", Double.POSITIVE_INFINITY));

        Map<String, Object> parsed = JSON.std.mapFrom(UplinkJson.object(state));

        assertEquals("2026-06-21T19:30:00Z", parsed.get("time"));
        assertEquals(java.util.List.of(Map.of("name", "sensor/light-1"), "x", 3, 0.5, true), parsed.get("parts"));
        assertEquals(Map.of("holdsHours", 41.5), parsed.get("store"));
    }

    @Test
    void numbersAndTimesReadBackAsTheValuesThatWereWritten() throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            double d = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : random.nextDouble(-1000, 1000);
            if (!Double.isFinite(d)) {
                continue;
            }
            Instant t = Instant.ofEpochSecond(random.nextLong(0, 253_402_300_799L), random.nextInt(1_000_000_000));
            Map<String, Object> parsed = JSON.std.mapFrom(UplinkJson.encode("pole-0042", PrivacyGate.readBack("summary",
                    "env-1", Fields.of("mean", d, "ratio", (float) (d % 1000), "end", t))));

            assertEquals(d, ((Number) parsed.get("mean")).doubleValue(), "the shortest form of " + d);
            assertEquals((float) (d % 1000), Float.parseFloat(String.valueOf(parsed.get("ratio"))), "float " + d);
            assertEquals(t, Instant.parse((String) parsed.get("end")));
        }
    }

    @Test
    void theUplinkFormWritesTheBytesThatTheGeneralObjectWriterWritesForTheSameFields() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int i = 0; i < 5_000; i++) {
            Map<String, Object> fields = new java.util.LinkedHashMap<>();
            if (random.nextInt(3) == 0) {
                // a null one is no source of the fields' own: the message's source id is written
                fields.put(random.nextBoolean() ? "sourceId" : "zone", random.nextInt(4) == 0 ? null : text(random));
            }
            for (int f = random.nextInt(16); f > 0; f--) {
                fields.put("f" + f + text(random), value(random));
            }
            UplinkMessage m = PrivacyGate.readBack("kind-" + text(random), "src-" + text(random), fields);
            long seq = random.nextInt(4) == 0 ? random.nextLong(1, 1000) : random.nextLong(1, Long.MAX_VALUE);

            Map<String, Object> expected = new java.util.LinkedHashMap<>();
            expected.put("node", "pole-0042");
            expected.put("kind", m.kind());
            expected.put("seq", seq);
            expected.put("epoch", "9f3a1c22");
            boolean ownSource = fields.get("sourceId") != null || fields.get("zone") != null;
            if (!ownSource) {
                expected.put("sourceId", m.sourceId());
            }
            fields.forEach((name, value) -> {
                if (value != null) { // left out; a null sourceId must not take the head's place either
                    expected.put(name, value);
                }
            });
            assertEquals(new String(UplinkJson.object(expected), StandardCharsets.UTF_8),
                    new String(UplinkJson.encode("pole-0042", m, seq, "9f3a1c22"), StandardCharsets.UTF_8));

        }
    }

    @Test
    void aMessageWithANestedValueIsWrittenWithTheSameRules() throws Exception {
        UplinkMessage m = PrivacyGate.readBack("dropped", "store", Fields.of("byKind", Map.of("raw", 3L),
                "classes", java.util.List.of("raw", 2L), "at", START));
        Map<String, Object> parsed = JSON.std.mapFrom(UplinkJson.encode("pole-0042", m, 7, "9f3a1c22"));

        assertEquals(Map.of("raw", 3), parsed.get("byKind"));
        assertEquals(java.util.List.of("raw", 2), parsed.get("classes"));
        assertEquals("2026-06-21T19:30:00Z", parsed.get("at"));
        assertEquals(7, parsed.get("seq"));
    }

    /** Short text with the characters JSON must escape, non-ASCII and emoji among plain ones. */
    private static String text(java.util.SplittableRandom random) {
        String[] pieces = {"a", "Z", "7", "-", "/", " ", "\"", "\\", "\n", "\t", "\r", "\b", "\f", "\u0000",
            "\u001f", "\u007f", "é", "µg/m³", "日本", "🚦", "\u2028"};
        StringBuilder b = new StringBuilder();
        for (int n = random.nextInt(6); n > 0; n--) {
            b.append(pieces[random.nextInt(pieces.length)]);
        }
        return b.toString();
    }

    private static Object value(java.util.SplittableRandom random) {
        return switch (random.nextInt(14)) {
            case 0 -> random.nextDouble(-1e6, 1e6);
            case 1 -> Double.longBitsToDouble(random.nextLong());
            case 2 -> new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.0, Double.MIN_VALUE, Double.MAX_VALUE,
                1e7, 1e-3, 0.001, 100.0}[random.nextInt(9)];
            case 3 -> (float) random.nextDouble(-1e3, 1e3);
            case 4 -> random.nextLong();
            case 5 -> random.nextInt();
            case 6 -> (short) random.nextInt();
            case 7 -> (byte) random.nextInt();
            case 8 -> random.nextBoolean();
            case 9 -> Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 300_000_000_000L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            case 10 -> LocalDate.ofEpochDay(random.nextLong(-1_000_000, 1_000_000));
            case 11 -> new java.math.BigDecimal("12.5");
            case 12 -> null;
            default -> text(random);
        };
    }
}
