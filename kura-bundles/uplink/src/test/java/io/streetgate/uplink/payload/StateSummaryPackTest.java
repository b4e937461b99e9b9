package io.streetgate.uplink.payload;

import io.streetgate.analytics.Summary;
import io.streetgate.analytics.privacy.PrivacyConfig;
import io.streetgate.analytics.privacy.PrivacyGate;
import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.Unit;
import io.streetgate.uplink.testing.SenmlRecords;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The summary of a setting the device reports (issue 22) in the lean format: its last value as a record named
 * {@code last}, beside the count and the span, and no statistics. The pack writes a summary's fields as they
 * come; this holds it to that for the new field.
 */
class StateSummaryPackTest {

    static final Instant END = Instant.parse("2026-06-21T19:31:00Z");

    @Test
    void aSettingsSummaryIsItsLastValueBesideCountAndSpan() throws Exception {
        Quantity period = Quantity.define("integration_period", Unit.SECOND, Quantity.Kind.STATE);
        Summary summary = Summary.ofState("noise-1", period, Unit.SECOND, END.minusSeconds(60), END, 4, 60);
        UplinkMessage message = new PrivacyGate(new PrivacyConfig(Map.of("summary", Set.of("sourceId", "quantity",
                "unit", "start", "end", "count", "min", "mean", "max", "last"))))
                .filter(summary).orElseThrow();

        SenmlPack pack = new SenmlPack("pole-0042");
        pack.add(message, "noise-1", "integration_period");
        List<SenmlRecords.Record> records = SenmlRecords.read(pack.finish(), false);

        String base = "pole-0042/noise-1/integration_period/";
        assertEquals(List.of(base + "span", base + "count", base + "last"),
                records.stream().map(SenmlRecords.Record::name).toList());
        SenmlRecords.Record last = records.get(2);
        assertEquals(60, ((Number) last.value()).intValue());
        assertEquals("s", last.unit());
        assertEquals(END.getEpochSecond(), (long) last.time());
    }
}
