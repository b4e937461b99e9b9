package io.streetgate.distribution;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What `streetgate run` prints for each message on the local broker. */
class OutputPrinterTest {

    @Test
    void aSummaryIsOneLineAndSmallValuesKeepTheirDigits() {
        Map<String, Object> flow = new LinkedHashMap<>();
        flow.put("kind", "summary");
        flow.put("sourceId", "water-1");
        flow.put("quantity", "flow");
        flow.put("unit", "m3/s");
        flow.put("end", "2026-06-21T19:31:00Z");
        flow.put("count", 2);
        flow.put("min", 0.0);
        flow.put("mean", 0.0000425);
        flow.put("max", 0.000085);
        assertEquals("19:31  water-1      flow           min      0.00  mean  4.25e-05  max  8.50e-05 m3/s   (n=2)",
                OutputPrinter.format(flow));
    }

    @Test
    void aSettingsSummaryIsItsLastValue() {
        Map<String, Object> period = new LinkedHashMap<>();
        period.put("kind", "summary");
        period.put("sourceId", "noise-1");
        period.put("quantity", "integration_period");
        period.put("unit", "s");
        period.put("end", "2026-06-21T19:31:00Z");
        period.put("count", 4);
        period.put("last", 60.0);
        assertEquals("19:31  noise-1      integration_period last     60.00 s      (n=4)", OutputPrinter.format(period));
    }

    @Test
    void aPresenceAnnouncementNamesItsLamp() {
        Map<String, Object> presence = new LinkedHashMap<>();
        presence.put("node", "pole-0042");
        presence.put("lamp", "lamp-1");
        presence.put("neighbours", List.of("lamp-2"));
        presence.put("at", "2026-06-21T19:30:29.023152910Z");
        assertEquals("19:30  lamp-1       presence       neighbours=[lamp-2]", OutputPrinter.format(presence));
    }
}
