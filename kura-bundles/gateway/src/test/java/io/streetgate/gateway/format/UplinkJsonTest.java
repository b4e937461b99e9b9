package io.streetgate.gateway.format;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.analytics.Fields;
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
    private static final UplinkMessage SUMMARY = new UplinkMessage("summary", "env-1", Fields.of(
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
        UplinkMessage night = new UplinkMessage("night-flow", "meter-1", Fields.of("sourceId", "meter-1",
                "date", LocalDate.of(2026, 6, 21), "mnf", 0.0003, "leakSuspected", true));
        Map<String, Object> parsed = JSON.std.mapFrom(UplinkJson.encode("pole-0042", night));

        assertEquals("2026-06-21", parsed.get("date"));
        assertEquals(Boolean.TRUE, parsed.get("leakSuspected"));
    }

    @Test
    void topicsNameNodeKindSourceAndQuantityWhenThereIsOne() {
        assertEquals("streetgate/pole-0042/summary/env-1/temperature", UplinkJson.topic("pole-0042", SUMMARY));
        UplinkMessage occupancy = new UplinkMessage("occupancy", "crossing-north", Fields.of("zone", "crossing-north",
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
}
