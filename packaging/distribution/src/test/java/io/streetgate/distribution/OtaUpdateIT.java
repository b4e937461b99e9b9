package io.streetgate.distribution;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.streetgate.distribution.GatewayRuntimeIT.list;
import static io.streetgate.distribution.GatewayRuntimeIT.part;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A signed bundle-set update end to end: ops build and sign a repository with {@code streetgate ota}, a web
 * server serves it, the running gateway finds the update, verifies and installs it, restarts on it, checks
 * its health and commits; a second update whose bundles cannot start fails the health check and the gateway
 * rolls back to the version before, by itself.
 */
class OtaUpdateIT {

    private static final Duration UPDATE = Duration.ofSeconds(150);
    private static final String MARKER = BundleSets.MARKER;

    @TempDir
    Path dir;
    @AutoClose
    private OtaRepo repo;

    private void release(String version, boolean broken) throws IOException {
        release(version, broken, false);
    }

    private void release(String version, boolean broken, boolean keepsPort) throws IOException {
        repo.release(BundleSets.zip(dir, version, broken, keepsPort), "bundles/gateway-" + version + ".zip",
                "bundle-set", version);
    }

    static String markerVersion(Map<String, Object> status) {
        return list(status, "osgi", "bundles").stream().filter(b -> MARKER.equals(b.get("name")))
                .filter(b -> "ACTIVE".equals(b.get("state"))).map(b -> String.valueOf(b.get("version")))
                .findFirst().orElse("none");
    }

    /** A field of the last update's outcome, as the agent reports it in the status. */
    @SuppressWarnings("unchecked")
    static Object lastUpdate(Map<String, Object> status, String field) {
        Object details = part(status, "ota").get("details");
        if (details instanceof Map<?, ?> d && d.get("last_update") instanceof Map<?, ?> last) {
            return ((Map<String, Object>) last).get(field);
        }
        return null;
    }

    /** A repository with 0.2.0 released, served; the site file's ota section for it. */
    private String repositoryWithFirstRelease(String healthTimeout) throws IOException {
        repo = OtaRepo.create(dir);
        release("0.2.0", false);
        return repo.siteSection("  poll-interval: 10s\n  health-timeout: " + healthTimeout + "\n");
    }

    @Test
    void aSignedBundleSetIsInstalledAndCommittedAndABrokenOneRollsBackByItself() throws Exception {
        String otaSection = repositoryWithFirstRelease("20s");
        try (RunningGateway gw = RunningGateway.start(dir, "felix", null, 1, otaSection)) {
            Map<String, Object> updated = gw.awaitStatus("0.2.0 committed and running",
                    s -> "committed".equals(lastUpdate(s, "state")) && "0.2.0".equals(markerVersion(s)), UPDATE);
            assertEquals("0.2.0", lastUpdate(updated, "running"));
            assertEquals("ok", part(updated, "ota").get("state"));

            release("0.3.0", true);
            Map<String, Object> rolledBack = gw.awaitStatus("0.3.0 rolled back to 0.2.0",
                    s -> "rolled_back".equals(lastUpdate(s, "state")) && "0.2.0".equals(markerVersion(s)), UPDATE);
            assertEquals("0.3.0", lastUpdate(rolledBack, "version"));
            assertEquals("degraded", part(rolledBack, "ota").get("state"));
            String reason = String.valueOf(lastUpdate(rolledBack, "reason"));
            org.junit.jupiter.api.Assertions.assertTrue(reason.contains("io.streetgate.test.broken"),
                    "the reason names the bundle that did not start: " + reason);
        }
    }

    /**
     * A set with a bundle that cannot resolve is rolled back as soon as the trial's health check sees it, not
     * after the health timeout: here an hour, far beyond the wait below. After the rollback the gateway listens
     * on exactly what 0.2.0 listened on before the update (TCP ports, and as many UDP sockets): nothing of the
     * failed set holds a port, and none of its bundles is installed.
     */
    @Test
    void aSetWhoseBundleCannotResolveIsRolledBackAtOnceAndLeavesNothingListening() throws Exception {
        String otaSection = repositoryWithFirstRelease("1h");
        try (RunningGateway gw = RunningGateway.start(dir, "felix", null, 1, otaSection)) {
            gw.awaitStatus("0.2.0 committed, everything up", s -> "committed".equals(lastUpdate(s, "state"))
                    && "0.2.0".equals(markerVersion(s)) && everythingUp(s), UPDATE);
            List<String> before = ProcessSockets.servers(gw.pid());

            release("0.3.0", true);
            Map<String, Object> rolledBack = gw.awaitStatus("0.3.0 rolled back to 0.2.0, everything up again",
                    s -> "rolled_back".equals(lastUpdate(s, "state")) && "0.2.0".equals(markerVersion(s))
                            && everythingUp(s), UPDATE);
            String reason = String.valueOf(lastUpdate(rolledBack, "reason"));
            org.junit.jupiter.api.Assertions.assertTrue(reason.startsWith("health check failed: bundles cannot resolve: "
                    + "io.streetgate.test.broken 0.3.0 (nothing provides (osgi.wiring.package=no.such.package))"), reason);
            assertEquals(before, ProcessSockets.servers(gw.pid()), "what 0.2.0 listens on, each once");
            org.junit.jupiter.api.Assertions.assertTrue(list(rolledBack, "osgi", "bundles").stream()
                    .noneMatch(b -> BundleSets.BROKEN.equals(b.get("name"))), "no bundle of 0.3.0 is installed");
        }
    }

    /**
     * A failed set with a bundle that keeps a port open after it stopped is rolled back like any other; since
     * only a new process is rid of that port, the launcher then exits (75, for systemd to start it again)
     * instead of starting 0.2.0 beside it. Started again on the same state, the gateway runs 0.2.0, reports the
     * rollback, and nothing of 0.3.0 is installed or listening.
     */
    @Test
    void aFailedSetThatKeepsAPortAfterItsStopEndsTheProcessAndTheNextRunsThePreviousSet() throws Exception {
        String otaSection = repositoryWithFirstRelease("1h");
        List<String> before;
        try (RunningGateway gw = RunningGateway.start(dir, "felix", null, 1, otaSection)) {
            gw.awaitStatus("0.2.0 committed, everything up", s -> "committed".equals(lastUpdate(s, "state"))
                    && "0.2.0".equals(markerVersion(s)) && everythingUp(s), UPDATE);
            before = withoutPorts(ProcessSockets.servers(gw.pid()));
            release("0.3.0", true, true);
            assertEquals(RunCommand.EXIT_FRESH_START, gw.awaitExit(UPDATE), gw.logText());
            org.junit.jupiter.api.Assertions.assertTrue(gw.logText().contains("The stopped bundle set left tcp 127.0.0.1:"),
                    gw.logText());
        }
        try (RunningGateway again = RunningGateway.start(dir, "felix", null, 1, otaSection)) {
            Map<String, Object> rolledBack = again.awaitStatus("0.3.0 rolled back, 0.2.0 running, everything up",
                    s -> "rolled_back".equals(lastUpdate(s, "state")) && "0.2.0".equals(markerVersion(s))
                            && everythingUp(s), UPDATE);
            org.junit.jupiter.api.Assertions.assertTrue(list(rolledBack, "osgi", "bundles").stream()
                    .noneMatch(b -> BundleSets.PORT_KEEPER.equals(b.get("name"))), "no bundle of 0.3.0 is installed");
            // a new process picks new ports for the simulated street: the same listeners, on other ports
            assertEquals(before, withoutPorts(ProcessSockets.servers(again.pid())));
        }
    }

    /** Every bundle active and the simulated street's nine sensors ok: the gateway runs as a whole. */
    private static boolean everythingUp(Map<String, Object> status) {
        return list(status, "osgi", "bundles").stream().allMatch(b -> "ACTIVE".equals(b.get("state")))
                && list(status, "parts").stream().filter(p -> String.valueOf(p.get("name")).startsWith("sensor/"))
                .filter(p -> "ok".equals(p.get("state"))).count() == 9;
    }

    private static List<String> withoutPorts(List<String> servers) {
        return servers.stream().map(l -> l.replaceAll(":\\d+$", "")).toList();
    }
}
