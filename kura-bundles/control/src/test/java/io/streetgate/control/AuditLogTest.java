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
}
