package io.streetgate.control;

import io.streetgate.analytics.control.AuditRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit log keeps the newest records in two files of bounded size. */
class AuditLogTest {

    @TempDir
    Path dir;

    @Test
    void itRotatesAtItsBoundAndKeepsTheNewestRecords() throws Exception {
        AuditLog log = new AuditLog(dir.resolve("control/audit.log"), 2000, "pole-0042");
        Instant t = Instant.parse("2026-12-02T01:00:00Z");
        for (int i = 0; i < 100; i++) {
            log.append(new AuditRecord(t.plusSeconds(i), "override", "lamp-1", "mqtt:ops", "c-" + i, 0.4, "schedule",
                    1.0, "override", t.plusSeconds(600 + i), "note " + i));
        }
        long size = Files.size(dir.resolve("control/audit.log")) + Files.size(dir.resolve("control/audit.log.1"));
        assertTrue(size <= 4000, "at most twice the bound: " + size);
        List<String> lines = log.lines();
        assertTrue(lines.get(lines.size() - 1).contains("\"commandId\":\"c-99\""), lines.get(lines.size() - 1));
        assertTrue(lines.get(0).startsWith("{\"node\":\"pole-0042\",\"kind\":\"audit\",\"sourceId\":\"lamp-1\""), lines.get(0));
        assertEquals(lines.size(), lines.stream().distinct().count());
    }

    @Test
    void refusalsHaveAFileOfTheirOwnSoThatJunkNeverPushesWhatWasDoneOffTheNode() throws Exception {
        AuditLog log = new AuditLog(dir.resolve("control/audit.log"), 4096, "pole-0042");
        Instant t = Instant.parse("2026-12-02T01:00:00Z");
        for (int i = 0; i < 100; i++) {
            log.append(new AuditRecord(t.plusSeconds(i), "override", "lamp-1", "key:ops", "c-" + i, 0.4, "schedule",
                    1.0, "override", t.plusSeconds(600 + i), ""));
        }
        List<String> before = log.lines();
        for (int i = 0; i < 10_000; i++) {
            log.append(AuditLog.refusal(t.plusSeconds(100 + i), "junk-" + i, "actuator.override", "lamp-1",
                    "mqtt:" + "x".repeat(1000), List.of("level", "for", "y".repeat(60_000)), "stale: " + "z".repeat(5000)));
        }
        assertEquals(before, log.lines(), "the records of what was done are all still there");
        List<String> refused = log.refusedLines();
        assertTrue(refused.get(refused.size() - 1).contains("\"commandId\":\"junk-9999\""), "the newest refusal kept");
        long size = Files.size(dir.resolve("control/audit-refused.log"))
                + Files.size(dir.resolve("control/audit-refused.log.1"));
        assertTrue(size <= 8192, "refusals are bounded by the same bound: " + size);
        assertTrue(refused.stream().allMatch(l -> l.length() < 700), "each refusal's record is bounded: "
                + refused.get(0).length() + " characters");
    }

    @Test
    void aRefusalNamesTheCommandAndItsArgumentsButNotTheirValues() {
        AuditRecord r = AuditLog.refusal(Instant.parse("2026-12-02T01:00:00Z"), "c-7", "actuator.override", "lamp-1",
                "mqtt:ops-console", List.of("level", "for"), "this node carries out signed commands only");
        assertEquals("refused", r.action());
        assertEquals("mqtt:ops-console", r.origin());
        assertEquals("actuator.override (for, level): this node carries out signed commands only", r.detail());
    }
}
