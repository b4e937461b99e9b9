package io.streetgate.distribution;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import static io.streetgate.distribution.GatewayRuntimeIT.part;
import static io.streetgate.distribution.OtaUpdateIT.lastUpdate;
import static io.streetgate.distribution.OtaUpdateIT.markerVersion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway killed with SIGKILL in the middle of a download (no shutdown hook, no chance to tidy up) starts
 * again on the version it ran, and the update goes on from the bytes already on disk (an HTTP Range request
 * from where the kept part ends), is verified, installed and committed. One killed during its install (the
 * artifact verified, the set being unpacked, staged or activated) ends on the old or the new version and its
 * report says which.
 */
class OtaKillIT {

    private static final Duration UPDATE = Duration.ofSeconds(300);

    @TempDir
    Path dir;
    @AutoClose
    private OtaRepo repo;

    private static long partialBytes(Path downloads) {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(f -> f.toString().endsWith(".part")).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The agent's journaled step ("" while there is none yet). */
    private static String phase(Path journal) {
        try {
            String text = Files.readString(journal);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"phase\"\\s*:\\s*\"([A-Z_]+)\"").matcher(text);
            return m.find() ? m.group(1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void killedDuringItsInstallTheGatewayEndsOnTheOldOrTheNewVersionAndReportsWhich() throws Exception {
        release();
        String otaSection = repo.siteSection("  poll-interval: 10s\n  health-timeout: 2m\n");
        Path journal = dir.resolve("state/ota/journal.json");
        // downloaded and verified (the set being unpacked), staged, or activated before the restart into the trial
        java.util.Set<String> installing = java.util.Set.of("DOWNLOADED", "STAGED", "ACTIVATING");
        String killedIn;
        try (RunningGateway gw = RunningGateway.start(dir, "felix", null, 1, otaSection)) {
            Instant deadline = Instant.now().plus(UPDATE);
            while (!installing.contains(killedIn = phase(journal))) {
                if (Instant.now().isAfter(deadline) || !gw.isAlive()) {
                    throw new AssertionError("no install under way within " + UPDATE + " (journal phase '" + killedIn
                            + "'); log:\n" + gw.logText());
                }
                Thread.sleep(2);
            }
            gw.close(); // SIGKILL
        }

        try (RunningGateway gw = RunningGateway.start(dir, "felix", null, 1, otaSection)) {
            Map<String, Object> ended = gw.awaitStatus("the update ended after the kill in " + killedIn, s ->
                    java.util.Set.of("committed", "rolled_back", "failed").contains(String.valueOf(lastUpdate(s, "state"))),
                    UPDATE);
            String state = String.valueOf(lastUpdate(ended, "state"));
            String marker = markerVersion(ended);
            System.out.println("OTA kill during install: killed in " + killedIn + ", ended " + state + ", running "
                    + lastUpdate(ended, "running") + ", bundle set " + marker);
            if ("committed".equals(state)) {
                assertEquals("0.2.0", marker, "committed: the new set runs");
                assertEquals("0.2.0", lastUpdate(ended, "running"), "and the report says so");
            } else {
                assertEquals("none", marker, "not committed: the installation's own bundles run, nothing of 0.2.0");
                assertTrue(!"0.2.0".equals(lastUpdate(ended, "running")), "and the report says so: " + ended);
            }
        }
    }

    /** A repository with 0.2.0 signed, published and served; returns the artifact. */
    private Path release() throws Exception {
        repo = OtaRepo.create(dir);
        Path zip = BundleSets.zip(dir, "0.2.0", false);
        repo.release(zip, "bundles/gateway-0.2.0.zip", "bundle-set", "0.2.0");
        return zip;
    }

    @Test
    void killedDuringItsDownloadTheGatewayRunsItsVersionAndResumesTheUpdateFromTheKeptBytes() throws Exception {
        Path zip = release();
        // a cap that makes the download take about ten seconds, so that it can be cut in its middle
        long cap = Math.max(64 * 1024, Files.size(zip) / 10);
        String otaSection = repo.siteSection("  poll-interval: 10s\n  health-timeout: 2m\n  bandwidth-cap: " + cap + "\n");
        Path downloads = dir.resolve("state/ota/downloads");

        long kept;
        try (RunningGateway gw = RunningGateway.start(dir, "felix", null, 1, otaSection)) {
            Instant deadline = Instant.now().plus(UPDATE);
            while (partialBytes(downloads) < Files.size(zip) / 4) {
                if (Instant.now().isAfter(deadline) || !gw.isAlive()) {
                    throw new AssertionError("no download under way within " + UPDATE + "; log:\n" + gw.logText());
                }
                Thread.sleep(50);
            }
            gw.close(); // SIGKILL
            kept = partialBytes(downloads);
        }
        assertTrue(kept > 0 && kept < Files.size(zip), "part of the artifact is on disk: " + kept);
        assertTrue(!Files.exists(dir.resolve("state/bundle-sets/sets/0.2.0")), "nothing of 0.2.0 is installed: the next "
                + "start runs the installation's own bundles");

        try (RunningGateway gw = RunningGateway.start(dir, "felix", null, 1, otaSection)) {
            Map<String, Object> committed = gw.awaitStatus("0.2.0 committed after the resumed download",
                    s -> "committed".equals(lastUpdate(s, "state")) && "0.2.0".equals(markerVersion(s)), UPDATE);
            assertEquals("0.2.0", lastUpdate(committed, "running"));
            assertEquals("ok", part(committed, "ota").get("state"));
        }
        assertEquals("", repo.artifactRanges.get(0), "the first request fetches from the start");
        assertTrue(repo.artifactRanges.stream().skip(1).anyMatch(r -> r.matches("bytes=[1-9]\\d*-")),
                "a later request resumes where the kept bytes end: " + repo.artifactRanges);
    }
}
