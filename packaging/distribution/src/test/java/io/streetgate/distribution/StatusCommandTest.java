package io.streetgate.distribution;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusCommandTest {

    static String printed(List<Map<String, Object>> parts) {
        Map<String, Object> status = Map.of("node", "pole-0042", "state", "ok", "time", "2026-06-21T19:41:12Z",
                "uptime_s", 72, "parts", parts, "site", Map.of("file", "site.yaml", "problems", List.of()),
                "osgi", Map.of("bundles", List.of(), "components", List.of()));
        StringWriter out = new StringWriter();
        StatusCommand.print(new PrintWriter(out, true), status);
        return out.toString();
    }

    @Test
    void aPartThatIsOkShowsItsLastValuesOrItsSummary() {
        String out = printed(List.of(
                Map.of("name", "sensor/env-1", "state", "ok", "reason", "",
                        "details", Map.of("last", Map.of("temperature", 19.6))),
                Map.of("name", "uplink/store", "state", "ok", "reason", "",
                        "details", Map.of("summary", "1042 messages, 0.3 of 67.1 MB; holds about 41 h at the "
                                + "current rate (7.5 kB/h)", "messages", 1042))));
        assertTrue(out.contains("sensor/env-1           ok        {temperature=19.6}"), out);
        assertTrue(out.contains("uplink/store           ok        1042 messages, 0.3 of 67.1 MB; holds about 41 h"),
                out);
    }

    @Test
    void aReasonComesBeforeAnyDetail() {
        String out = printed(List.of(Map.of("name", "uplink/store", "state", "faulty",
                "reason", "store file unusable (disk full ...)", "details", Map.of("summary", "0 messages"))));
        assertTrue(out.contains("uplink/store           faulty    store file unusable (disk full ...)"), out);
        assertFalse(out.contains("0 messages"), out);
    }
}
