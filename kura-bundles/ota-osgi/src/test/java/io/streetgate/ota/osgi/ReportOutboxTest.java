package io.streetgate.ota.osgi;

import io.streetgate.ota.message.NodeReport;
import io.streetgate.ota.message.UpdateState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportOutboxTest {
    static final Instant T = Instant.parse("2030-01-01T02:00:00Z");

    @TempDir
    Path tmp;

    static NodeReport report(UpdateState s, int i) {
        return new NodeReport("pole-1", "spring", s, "1.4.0", "1.3.0", i, 100, null, T.plusSeconds(i));
    }

    @Test
    void aRollbackDecidedBeforeTheUplinkCameIsKeptAcrossARestartAndSentOldestFirst() {
        Path file = tmp.resolve("reports-waiting.jsonl");
        ReportOutbox before = new ReportOutbox(file);
        before.add(report(UpdateState.AWAITING_HEALTH, 1));
        before.add(report(UpdateState.ROLLED_BACK, 2));
        // the process ends before any uplink was registered
        ReportOutbox after = new ReportOutbox(file);
        List<NodeReport> sent = new ArrayList<>();
        after.drainTo(sent::add);
        assertEquals(List.of(report(UpdateState.AWAITING_HEALTH, 1), report(UpdateState.ROLLED_BACK, 2)), sent);
        assertEquals(0, new ReportOutbox(file).size(), "sent once");
    }

    @Test
    void anUplinkThatFailsKeepsTheReportsForTheNextTry() {
        ReportOutbox outbox = new ReportOutbox(tmp.resolve("w.jsonl"));
        outbox.add(report(UpdateState.COMMITTED, 1));
        assertThrows(IllegalStateException.class, () -> outbox.drainTo(r -> {
            throw new IllegalStateException("store closed");
        }));
        List<NodeReport> sent = new ArrayList<>();
        outbox.drainTo(sent::add);
        assertEquals(List.of(report(UpdateState.COMMITTED, 1)), sent);
    }

    @Test
    void theOutboxIsBoundedAndDropsProgressBeforeOutcomes() throws Exception {
        ReportOutbox outbox = new ReportOutbox(tmp.resolve("w.jsonl"));
        outbox.add(report(UpdateState.ROLLED_BACK, 0));
        for (int i = 1; i <= ReportOutbox.MAX + 10; i++) {
            outbox.add(report(UpdateState.DOWNLOADING, i));
        }
        assertEquals(ReportOutbox.MAX, outbox.size());
        List<NodeReport> sent = new ArrayList<>();
        outbox.drainTo(sent::add);
        assertEquals(UpdateState.ROLLED_BACK, sent.get(0).state(), "the outcome stays");
        assertTrue(Files.readString(tmp.resolve("w.jsonl")).isEmpty());
    }
}
