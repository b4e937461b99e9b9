package io.streetgate.gateway.format;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.analytics.Summary;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.Unit;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SummaryJsonTest {

    private static final Summary S = new Summary("env-1", Quantity.TEMPERATURE, Unit.CELSIUS,
            Instant.parse("2026-06-21T19:30:00Z"), Instant.parse("2026-06-21T19:31:00Z"), 6, 18.25, 18.5, 18.75);

    @Test
    void encodesEveryFieldUnderItsDocumentedName() throws Exception {
        Map<String, Object> json = JSON.std.mapFrom(SummaryJson.encode("pole-0042", S));

        assertEquals("pole-0042", json.get("node"));
        assertEquals("env-1", json.get("source"));
        assertEquals("temperature", json.get("quantity"));
        assertEquals("Cel", json.get("unit"));
        assertEquals("2026-06-21T19:30:00Z", json.get("start"));
        assertEquals("2026-06-21T19:31:00Z", json.get("end"));
        assertEquals(6, ((Number) json.get("count")).intValue());
        assertEquals(18.25, ((Number) json.get("min")).doubleValue());
        assertEquals(18.5, ((Number) json.get("mean")).doubleValue());
        assertEquals(18.75, ((Number) json.get("max")).doubleValue());
    }

    @Test
    void theTopicNamesNodeSourceAndQuantity() {
        assertEquals("streetgate/pole-0042/summary/env-1/temperature", SummaryJson.topic("pole-0042", S));
    }
}
