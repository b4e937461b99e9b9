package io.streetgate.kura;

import io.streetgate.analytics.Fields;
import io.streetgate.analytics.privacy.PrivacyGate;
import io.streetgate.analytics.privacy.UplinkMessage;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class KuraPayloadsTest {

    private static final Instant END = Instant.parse("2026-06-21T19:31:00Z");

    @Test
    void everyAllowListedFieldBecomesAMetricOfItsOwnType() {
        UplinkMessage summary = PrivacyGate.readBack("summary", "env-1", Fields.of("sourceId", "env-1",
                "quantity", "temperature", "unit", "Cel", "start", END.minusSeconds(60), "end", END, "count", 6L,
                "mean", 18.5, "p90", Double.NaN));

        KuraMessage m = KuraPayloads.toKura(summary, Instant.EPOCH);

        assertEquals(END.toEpochMilli(), m.getPayload().getTimestamp().getTime(), "timestamp: the period's end");
        assertEquals("summary", m.getPayload().getMetric("kind"));
        assertEquals(6L, m.getPayload().getMetric("count"));
        assertEquals(18.5, m.getPayload().getMetric("mean"));
        assertEquals("2026-06-21T19:30:00Z", m.getPayload().getMetric("start"));
        assertFalse(m.getPayload().metricNames().contains("p90"), "a value that is not a number is left out");
        assertEquals("env-1", m.getProperties().get("assetName"));
        assertEquals(List.of("kind", "sourceId", "quantity", "unit", "start", "end", "count", "mean"),
                List.copyOf(m.getPayload().metricNames()));
    }

    @Test
    void aRecordWithoutAPeriodIsStampedWhenItWasMade() {
        UplinkMessage ota = PrivacyGate.readBack("ota", "pole-1", Fields.of("state", "committed",
                "at", "2026-06-21T20:00:00Z"));
        assertEquals(Instant.parse("2026-06-21T20:00:00Z").toEpochMilli(),
                KuraPayloads.toKura(ota, Instant.EPOCH).getPayload().getTimestamp().getTime());
        UplinkMessage none = PrivacyGate.readBack("event", "pole-1", Fields.of("type", "x"));
        assertEquals(42, KuraPayloads.toKura(none, Instant.ofEpochMilli(42)).getPayload().getTimestamp().getTime());
    }
}
