package io.streetgate.ota.campaign;

import io.streetgate.ota.agent.Messages;
import io.streetgate.ota.agent.UpdateReport;
import io.streetgate.ota.agent.UpdateState;
import io.streetgate.ota.testkit.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.streetgate.ota.testkit.Cli.ota;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CampaignCommandTest {
    @TempDir
    Path tmp;

    @Test
    void createTickReportStatusHalt() throws Exception {
        Clock night = Clock.fixed(Instant.parse("2030-01-01T02:30:00Z"), ZoneOffset.UTC);
        Path nodes = tmp.resolve("nodes.txt");
        Files.write(nodes, java.util.stream.IntStream.range(0, 200).mapToObj(i -> "pole-" + i).toList());
        Path f = tmp.resolve("spring.json");
        ota(night, "campaign", "create", "--file", f.toString(), "--id", "spring", "--target", "bundles/gateway-1.4.0.zip",
                "--nodes", nodes.toString(), "--max-failure-rate", "5", "--window", "01:00-05:00", "--zone", "UTC").ok();
        Cli.Result tick = ota(night, "campaign", "tick", "--file", f.toString()).ok();
        List<String> lines = tick.out().lines().toList();
        assertEquals(2, lines.size(), "1% of 200 nodes: " + tick.out());
        assertTrue(lines.get(0).contains("\"action\":\"UPDATE\"") && lines.get(0).contains("bundles/gateway-1.4.0.zip"), lines.get(0));
        String canary = lines.get(0).replaceAll(".*\"node\":\"([^\"]+)\".*", "$1");
        Path reports = tmp.resolve("reports.jsonl");
        Files.writeString(reports, Messages.toJson(new UpdateReport(canary, "spring", UpdateState.ROLLED_BACK, "1.4.0", "1.3.0", 0, 0,
                "health check failed: uplink down", night.instant())) + "\n");
        Cli.Result rep = ota(night, "campaign", "report", "--file", f.toString(), "--reports", reports.toString()).ok();
        assertTrue(rep.out().contains("HALTED: failure rate 50.0% (1 of 2 admitted nodes)"), rep.out());
        Cli.Result status = ota(night, "campaign", "status", "--file", f.toString()).ok();
        assertTrue(status.out().contains("phase 1 of 4 (1%)  admitted 2 of 200 nodes  window open"), status.out());
        assertTrue(status.out().contains(canary + " ROLLED_BACK: health check failed: uplink down"), status.out());
        Cli.Result halts = ota(night, "campaign", "tick", "--file", f.toString()).ok();
        assertEquals(2, halts.out().lines().filter(l -> l.contains("\"action\":\"HALT\"")).count(), halts.out());
        Cli.Result bad = ota(night, "campaign", "create", "--file", tmp.resolve("x.json").toString(), "--id", "x", "--target", "t",
                "--nodes", nodes.toString(), "--phases", "10,50");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("must end at 100"), bad.err());
    }
}
