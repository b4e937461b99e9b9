package io.streetgate.ota.campaign;

import io.streetgate.ota.message.NodeReport;
import io.streetgate.ota.message.OtaMessages;
import io.streetgate.ota.message.UpdateState;
import io.streetgate.ota.testkit.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;

import static io.streetgate.ota.testkit.Cli.ota;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `ota campaign` as ops type it, on a repository made with `ota keygen`, `init`, `add` and `sign`. */
class CampaignCommandTest {
    static final Clock NIGHT = Clock.fixed(Instant.parse("2030-01-01T02:30:00Z"), ZoneOffset.UTC);
    static final String TARGET = "bundles/gateway-1.4.0.zip";

    @TempDir
    Path tmp;

    String key(String name) {
        return tmp.resolve("keys/" + name).toString();
    }

    /** A repository whose staged targets list {@link #TARGET}, signed when {@code sign}. */
    Path repo(boolean sign) throws Exception {
        for (String k : List.of("root", "targets", "snapshot", "timestamp")) {
            ota(NIGHT, "keygen", "--out", key(k)).ok();
        }
        Path repo = tmp.resolve("repo");
        ota(NIGHT, "init", "--repo", repo.toString(), "--root-key", key("root") + ".pub", "--targets-key", key("targets") + ".pub",
                "--snapshot-key", key("snapshot") + ".pub", "--timestamp-key", key("timestamp") + ".pub").ok();
        ota(NIGHT, "sign", "--repo", repo.toString(), "--role", "root", "--key", key("root") + ".key").ok();
        Path zip = tmp.resolve("gateway-1.4.0.zip");
        Files.write(zip, "a bundle set".getBytes());
        ota(NIGHT, "add", "--repo", repo.toString(), "--file", zip.toString(), "--name", TARGET, "--kind", "bundle-set",
                "--version", "1.4.0").ok();
        if (sign) {
            ota(NIGHT, "sign", "--repo", repo.toString(), "--role", "targets", "--key", key("targets") + ".key").ok();
        }
        return repo;
    }

    Path nodes(int n) throws Exception {
        Path nodes = tmp.resolve("nodes.txt");
        Files.write(nodes, IntStream.range(0, n).mapToObj(i -> "pole-" + i).toList());
        return nodes;
    }

    @Test
    void createTickReportStatusHalt() throws Exception {
        Path repo = repo(true);
        Path f = tmp.resolve("spring.json");
        ota(NIGHT, "campaign", "create", "--file", f.toString(), "--repo", repo.toString(), "--id", "spring", "--target", TARGET,
                "--nodes", nodes(200).toString(), "--max-failure-rate", "5", "--window", "01:00-05:00", "--zone", "UTC").ok();
        Cli.Result tick = ota(NIGHT, "campaign", "tick", "--file", f.toString()).ok();
        List<String> lines = tick.out().lines().toList();
        assertEquals(2, lines.size(), "1% of 200 nodes: " + tick.out());
        assertTrue(lines.get(0).contains("\"action\":\"update\"") && lines.get(0).contains("\"version\":\"1.4.0\"")
                && lines.get(0).contains("\"not_after\":\"2030-01-01T08:30:00Z\"") && lines.get(0).contains(TARGET), lines.get(0));
        String canary = lines.get(0).replaceAll(".*\"node\":\"([^\"]+)\".*", "$1");
        Path reports = tmp.resolve("reports.jsonl");
        Files.writeString(reports, OtaMessages.toJson(new NodeReport(canary, "spring", UpdateState.ROLLED_BACK, "1.4.0", "1.3.0",
                0, 0, "health check failed: uplink down", NIGHT.instant())) + "\n");
        Cli.Result rep = ota(NIGHT, "campaign", "report", "--file", f.toString(), "--reports", reports.toString()).ok();
        assertTrue(rep.out().contains("HALTED: failure rate 50.0% (1 of 2 admitted nodes)"), rep.out());
        Cli.Result status = ota(NIGHT, "campaign", "status", "--file", f.toString()).ok();
        assertTrue(status.out().contains("phase 1 of 4  admitted 2 of 200 nodes  failures 1  HALTED"), status.out());
        assertTrue(status.out().contains("phase 1 (1%, 2 nodes): pending 1, rolled_back 1"), status.out());
        assertTrue(status.out().contains(canary + " rolled_back: health check failed: uplink down"), status.out());
        Cli.Result json = ota(NIGHT, "campaign", "status", "--file", f.toString(), "--json").ok();
        assertTrue(json.out().startsWith("{\"v\":1,\"campaign\":\"spring\"") && json.out().contains("\"status\":\"halted\""),
                json.out());
        Cli.Result halts = ota(NIGHT, "campaign", "tick", "--file", f.toString()).ok();
        assertEquals(2, halts.out().lines().filter(l -> l.contains("\"action\":\"halt\"")).count(), halts.out());
        Cli.Result bad = ota(NIGHT, "campaign", "create", "--file", tmp.resolve("x.json").toString(), "--repo", repo.toString(),
                "--id", "x", "--target", TARGET, "--nodes", nodes(3).toString(), "--phases", "10,50");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("must end at 100"), bad.err());
    }

    @Test
    void createRefusesATargetThatIsNotThereOrNotSigned() throws Exception {
        Path repo = repo(false);
        Cli.Result unsigned = ota(NIGHT, "campaign", "create", "--file", tmp.resolve("a.json").toString(), "--repo", repo.toString(),
                "--id", "a", "--target", TARGET, "--nodes", nodes(3).toString());
        assertEquals(1, unsigned.code());
        assertTrue(unsigned.err().contains("--target " + TARGET + " is not signed yet") && unsigned.err().contains("ota sign"),
                unsigned.err());
        Cli.Result missing = ota(NIGHT, "campaign", "create", "--file", tmp.resolve("b.json").toString(), "--repo", repo.toString(),
                "--id", "b", "--target", "bundles/nope.zip", "--nodes", nodes(3).toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("--target bundles/nope.zip is not a target of") && missing.err().contains("ota add"),
                missing.err());
        Cli.Result badId = ota(NIGHT, "campaign", "create", "--file", tmp.resolve("c.json").toString(), "--repo", repo.toString(),
                "--id", "spring/2030", "--target", TARGET, "--nodes", nodes(3).toString());
        assertEquals(1, badId.code());
        assertTrue(badId.err().contains("campaign id \"spring/2030\" must be 1 to 64 letters"), badId.err());
        assertTrue(Files.notExists(tmp.resolve("a.json")) && Files.notExists(tmp.resolve("b.json")));
    }

    @Test
    void everySubcommandAnswersHelpWithoutItsRequiredOptions() {
        for (List<String> args : List.of(List.of("add", "--help"), List.of("campaign", "--help"),
                List.of("campaign", "create", "--help"), List.of("campaign", "tick", "--help"),
                List.of("campaign", "report", "--help"), List.of("campaign", "status", "--help"),
                List.of("campaign", "halt", "--help"))) {
            Cli.Result r = ota(NIGHT, args.toArray(String[]::new));
            assertEquals(0, r.code(), args + ": " + r.err());
            assertTrue(r.out().contains("Usage: ota " + String.join(" ", args.subList(0, args.size() - 1))), args + ": " + r.out());
        }
    }
}
