package io.streetgate.distribution;

import io.streetgate.ota.campaign.Campaign;
import io.streetgate.ota.campaign.CampaignFile;
import io.streetgate.ota.message.UpdateState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static io.streetgate.distribution.OtaRepo.ota;
import static io.streetgate.distribution.OtaUpdateIT.lastUpdate;
import static io.streetgate.distribution.OtaUpdateIT.markerVersion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20's journey with real processes, as ops run it: {@code ota keygen, init, add, sign, publish}; the
 * repository served over HTTPS on loopback by a plain static file server; mosquitto with TLS; five gateways (the
 * distribution on simulated streets, each its own process and state folder) that hear notices and send reports
 * over their own uplinks; {@code ota campaign run} (a process of the distribution's launcher) with a canary
 * phase. A good release reaches every node, phase by phase, and every node commits it; a bad one (a bundle
 * that cannot resolve, so its health check fails) rolls back on the canary, the campaign halts itself before
 * the next phase, and no other node fetches it. One fixture for both, to keep the test command short. The
 * figures it prints (wall time, bytes per node) are those of docs/performance.md.
 */
class OtaCampaignIT {

    static final List<String> NODES = List.of("pole-0001", "pole-0002", "pole-0003", "pole-0004", "pole-0005");
    static final Duration START = Duration.ofMinutes(5);
    static final Duration CAMPAIGN = Duration.ofMinutes(20);

    @TempDir
    Path dir;

    private String keys(String role) {
        return dir.resolve("keys").resolve(role).toString();
    }

    private void release(String version, boolean broken) throws Exception {
        String repo = dir.resolve("repo").toString();
        ota("add", "--repo", repo, "--file", BundleSets.zip(dir, version, broken).toString(),
                "--name", "bundles/gateway-" + version + ".zip", "--kind", "bundle-set", "--version", version);
        ota("sign", "--repo", repo, "--role", "targets", "--key", keys("targets") + ".key");
        ota("publish", "--repo", repo, "--out", dir.resolve("site").toString(),
                "--snapshot-key", keys("snapshot") + ".key", "--timestamp-key", keys("timestamp") + ".key");
    }

    /** {@code ota campaign create} for a release over the five nodes: a canary (20%), then the rest. */
    private Path campaign(String id, String version) throws Exception {
        Path file = dir.resolve(id + ".json");
        ota("campaign", "create", "--file", file.toString(), "--repo", dir.resolve("repo").toString(), "--id", id,
                "--target", "bundles/gateway-" + version + ".zip", "--nodes", dir.resolve("nodes.txt").toString(),
                "--phases", "20,100", "--max-failure-rate", "0", "--silent-after", "20m");
        return file;
    }

    /** What {@code streetgate ota campaign run} printed and how it ended, run as its own process. */
    record Run(int code, String out, Duration wall) {
    }

    private Run run(Path campaign, UplinkPeers peers, Path opsPassword) throws Exception {
        Path log = dir.resolve(campaign.getFileName() + ".log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dlogback.configurationFile=" + RunningGateway.DIST.resolve("conf/logback.xml").toAbsolutePath(),
                "-cp", RunningGateway.DIST.resolve("lib") + File.separator + "*", "io.streetgate.distribution.Streetgate",
                "ota", "campaign", "run", "--file", campaign.toString(), "--broker", peers.url(),
                "--ca-file", peers.caPem.toString(), "--username", "ops", "--password-file", opsPassword.toString(),
                "--for", "20m");
        long started = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(CAMPAIGN.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("ota campaign run did not end within " + CAMPAIGN + ":\n" + Files.readString(log));
            }
        } finally {
            p.destroyForcibly();
        }
        return new Run(p.exitValue(), Files.readString(log), Duration.ofNanos(System.nanoTime() - started));
    }

    /** Bytes each node fetched from the repository since the log's entry {@code from}: metadata, then targets. */
    private static Map<String, long[]> bytesByNode(NodeFileServer web, int from) {
        Map<String, long[]> out = new TreeMap<>();
        for (NodeFileServer.Access a : web.log.subList(from, web.log.size())) {
            long[] b = out.computeIfAbsent(a.node(), n -> new long[2]);
            b[a.path().startsWith("targets/") ? 1 : 0] += a.bytes();
        }
        return out;
    }

    /** When the run printed its HALTED progress: the "-- <time>" line above it. */
    private static Instant haltShownAt(String out) {
        List<String> lines = out.lines().toList();
        Instant at = null;
        for (String l : lines) {
            if (l.startsWith("-- ")) {
                at = Instant.parse(l.substring(3).trim());
            } else if (l.contains("HALTED:")) {
                return at;
            }
        }
        throw new AssertionError("no HALTED progress in:\n" + out);
    }

    /**
     * Site files as signed targets of their own kind, on three of the running gateways at once (a target holds
     * one node's file): a changed sampling period is validated, tried and committed, and the gateway samples at
     * it; a file with a problem is refused on the node with the problem config validate names, the old file
     * running; a valid file that moves a sensor to an address where no chip answers is rolled back by itself.
     */
    private void siteFilesTravelTheSameRoad(Map<String, RunningGateway> gateways, UplinkPeers peers, Path opsPassword)
            throws Exception {
        String repo = dir.resolve("repo").toString();
        String good = NODES.get(1);
        String invalid = NODES.get(2);
        String unhealthy = NODES.get(3);
        Map<String, String> running = new LinkedHashMap<>();
        Map<String, String> next = new LinkedHashMap<>();
        for (String node : List.of(good, invalid, unhealthy)) {
            running.put(node, Files.readString(dir.resolve(node).resolve("site.yaml")));
        }
        // light-1 sampled every 8 s instead of 5 s
        next.put(good, edit(running.get(good), "address: 0x23\n    period: 5s", "address: 0x23\n    period: 8s"));
        next.put(invalid, edit(running.get(invalid), "address: 0x76\n    period: 10s", "address: 0x76\n    period: soon"));
        // valid, but no chip answers at 0x77 on the simulated street
        next.put(unhealthy, edit(running.get(unhealthy), "address: 0x76", "address: 0x77"));
        Map<String, Path> campaigns = new LinkedHashMap<>();
        for (String node : next.keySet()) {
            Path file = Files.writeString(dir.resolve("site-" + node + ".yaml"), next.get(node));
            String target = "sites/" + node + "-1.0.0.yaml";
            ota("add", "--repo", repo, "--file", file.toString(), "--name", target, "--kind", "site-file",
                    "--version", "1.0.0");
            Files.write(dir.resolve("nodes-" + node + ".txt"), List.of(node));
        }
        ota("sign", "--repo", repo, "--role", "targets", "--key", keys("targets") + ".key");
        ota("publish", "--repo", repo, "--out", dir.resolve("site").toString(),
                "--snapshot-key", keys("snapshot") + ".key", "--timestamp-key", keys("timestamp") + ".key");
        for (String node : next.keySet()) {
            Path file = dir.resolve("site-campaign-" + node + ".json");
            ota("campaign", "create", "--file", file.toString(), "--repo", repo, "--id", "site-" + node,
                    "--target", "sites/" + node + "-1.0.0.yaml", "--nodes", dir.resolve("nodes-" + node + ".txt").toString(),
                    "--phases", "100", "--max-failure-rate", "0", "--silent-after", "20m");
            campaigns.put(node, file);
        }
        // the three campaigns run at once, as three ops consoles would
        Map<String, java.util.concurrent.Future<Run>> runs = new LinkedHashMap<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            campaigns.forEach((node, file) -> runs.put(node, pool.submit(() -> run(file, peers, opsPassword))));
            Run goodRun = runs.get(good).get();
            Run invalidRun = runs.get(invalid).get();
            Run unhealthyRun = runs.get(unhealthy).get();

            assertEquals(0, goodRun.code(), goodRun.out());
            assertEquals(UpdateState.COMMITTED, CampaignFile.load(campaigns.get(good)).nodes().get(good).state(),
                    goodRun.out());
            assertEquals(next.get(good), Files.readString(dir.resolve(good).resolve("site.yaml")));
            gateways.get(good).awaitStatus("light-1 sampled every 8 s, the site file committed", s ->
                    Long.valueOf(8000).equals(longValue(GatewayRuntimeIT.part(s, "sensor/light-1"), "period"))
                            && "committed".equals(lastUpdate(s, "state")), START);

            assertEquals(1, invalidRun.code(), "a halted campaign exits 1:\n" + invalidRun.out());
            Campaign.NodeStatus refused = CampaignFile.load(campaigns.get(invalid)).nodes().get(invalid);
            assertEquals(UpdateState.FAILED, refused.state(), invalidRun.out());
            String problem = io.streetgate.site.SiteFile.parse(next.get(invalid), "site.yaml",
                    io.streetgate.driver.DeviceCatalog.installed(), dir.resolve(invalid)).problems().get(0).toString();
            assertEquals("install failed: the site file has 1 problem(s), as streetgate config validate reports them; "
                    + "the running file is unchanged: " + problem, refused.reason());
            assertEquals(running.get(invalid), Files.readString(dir.resolve(invalid).resolve("site.yaml")));

            assertEquals(1, unhealthyRun.code(), "a halted campaign exits 1:\n" + unhealthyRun.out());
            Campaign.NodeStatus rolledBack = CampaignFile.load(campaigns.get(unhealthy)).nodes().get(unhealthy);
            assertEquals(UpdateState.ROLLED_BACK, rolledBack.state(), unhealthyRun.out());
            assertTrue(rolledBack.reason().startsWith("health check failed: not healthy within 90 s (")
                    && rolledBack.reason().contains("sensor/env-1 faulty: ") && rolledBack.reason().contains("0x77"),
                    rolledBack.reason());
            assertEquals(running.get(unhealthy), Files.readString(dir.resolve(unhealthy).resolve("site.yaml")),
                    "the last good file is back");
            gateways.get(unhealthy).awaitStatus("env-1 read again at 0x76 after the rollback", s ->
                    "ok".equals(GatewayRuntimeIT.part(s, "sensor/env-1").get("state"))
                            && "rolled_back".equals(lastUpdate(s, "state")), START);
            String figures = String.format(Locale.ROOT, "OTA site-file figures: three one-node campaigns at once; "
                    + "wall time until each ota campaign run exited: committed %d s, refused on the node %d s, "
                    + "rolled back (health-timeout 90s) %d s", goodRun.wall().toSeconds(), invalidRun.wall().toSeconds(),
                    unhealthyRun.wall().toSeconds());
            System.out.println(figures);
            Files.writeString(Path.of("target", "ota-site-file-figures.txt"), figures + "\n");
        } finally {
            pool.shutdownNow();
        }
    }

    private static String edit(String site, String from, String to) {
        assertTrue(site.contains(from), "the simulated street's site file has " + from);
        return site.replace(from, to);
    }

    @SuppressWarnings("unchecked")
    private static Long longValue(Map<String, Object> part, String detail) {
        return part.get("details") instanceof Map<?, ?> d && ((Map<String, Object>) d).get(detail) instanceof Number n
                ? n.longValue() : null;
    }

    @Test
    void aGoodReleaseReachesEveryNodePhaseByPhaseAndABadOneHaltsOnTheCanaryAlone() throws Exception {
        for (String role : List.of("root", "targets", "snapshot", "timestamp")) {
            ota("keygen", "--out", keys(role));
        }
        String repo = dir.resolve("repo").toString();
        ota("init", "--repo", repo, "--root-key", keys("root") + ".pub", "--targets-key", keys("targets") + ".pub",
                "--snapshot-key", keys("snapshot") + ".pub", "--timestamp-key", keys("timestamp") + ".pub");
        ota("sign", "--repo", repo, "--role", "root", "--key", keys("root") + ".key");
        release("0.2.0", false);
        Files.write(dir.resolve("nodes.txt"), NODES);
        Path uplinkPassword = dir.resolve("uplink.password");
        Files.writeString(uplinkPassword, UplinkPeers.PASSWORD + "\n");
        Path opsPassword = dir.resolve("ops.password");
        Files.writeString(opsPassword, "ops-pass\n");

        Map<String, RunningGateway> gateways = new LinkedHashMap<>();
        try (UplinkPeers peers = UplinkPeers.start(dir.resolve("peers"));
             NodeFileServer web = new NodeFileServer(dir.resolve("site"), peers.serverTls())) {
            // the repository's CA is the test CA: the gateways' JVMs trust it (the ota section names no CA file)
            List<String> trust = List.of("-Djavax.net.ssl.trustStore=" + peers.trustStore(),
                    "-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12");
            for (String node : NODES) {
                Path home = Files.createDirectories(dir.resolve(node));
                String ota = "\nota:\n  repository: " + web.base(node) + "\n  trusted-root: "
                        + dir.resolve("site/metadata/1.root.json") + "\n  poll-interval: 1h\n  health-timeout: 90s\n";
                gateways.put(node, RunningGateway.start(home, "felix", null, 60,
                        site -> site.replace("id: pole-0042", "id: " + node) + peers.siteSection("json", uplinkPassword)
                                + ota, List.of(), trust));
            }
            for (RunningGateway gw : gateways.values()) {
                gw.awaitStatus("the gateway up with its uplink connected", UplinkRuntimeIT.uplinkUp(), START);
            }

            // a good release: the canary, then the four others; every node commits it
            int beforeGood = web.log.size();
            Map<String, long[]> startBytes = bytesByNode(web, 0);
            Path good = campaign("spring-020", "0.2.0");
            Run goodRun = run(good, peers, opsPassword);
            assertEquals(0, goodRun.code(), goodRun.out());
            Campaign goodState = CampaignFile.load(good);
            assertTrue(goodState.finished(), goodRun.out());
            assertTrue(goodState.nodes().values().stream().allMatch(n -> n.state() == UpdateState.COMMITTED),
                    goodState.nodes().toString());
            assertTrue(goodRun.out().contains("phase 1 (20%, 1 nodes): committed 1"), goodRun.out());
            assertTrue(goodRun.out().contains("phase 2 (100%, 4 nodes): committed 4"), goodRun.out());
            for (RunningGateway gw : gateways.values()) {
                gw.awaitStatus("0.2.0 running and committed", s -> "0.2.0".equals(markerVersion(s))
                        && "committed".equals(lastUpdate(s, "state")), START);
            }
            Map<String, long[]> goodBytes = bytesByNode(web, beforeGood);

            // a bad release: the canary rolls back, the campaign halts, nobody else fetches it
            release("0.3.0", true);
            int beforeBad = web.log.size();
            Path bad = campaign("autumn-030", "0.3.0");
            Run badRun = run(bad, peers, opsPassword);
            assertEquals(1, badRun.code(), "a halted campaign exits 1:\n" + badRun.out());
            Campaign badState = CampaignFile.load(bad);
            String canary = badState.order().get(0);
            assertTrue(badState.isHalted(), badRun.out());
            assertEquals(Set.of(canary), badState.nodes().keySet(), "only the canary was admitted");
            Campaign.NodeStatus canaryState = badState.nodes().get(canary);
            assertEquals(UpdateState.ROLLED_BACK, canaryState.state(), badRun.out());
            assertTrue(canaryState.reason().contains("bundles cannot resolve: " + BundleSets.BROKEN), canaryState.reason());
            assertTrue(badRun.out().contains("HALTED: failure rate 100.0% (1 of 1 admitted nodes) is above the threshold 0.0%"),
                    badRun.out());
            assertTrue(badRun.out().contains("posted halt notice to " + canary), badRun.out());
            gateways.get(canary).awaitStatus("the canary back on 0.2.0", s -> "0.2.0".equals(markerVersion(s))
                    && "rolled_back".equals(lastUpdate(s, "state")), START);
            Set<String> fetchedBad = new TreeSet<>();
            for (NodeFileServer.Access a : web.log.subList(beforeBad, web.log.size())) {
                if (a.path().startsWith("targets/") && a.path().endsWith("gateway-0.3.0.zip")) {
                    fetchedBad.add(a.node());
                }
            }
            assertEquals(Set.of(canary), fetchedBad, "the access log: only the canary fetched 0.3.0");

            long artifact = Files.size(dir.resolve("gateway-0.2.0.zip"));
            StringBuilder figures = new StringBuilder(String.format(Locale.ROOT,
                    "OTA campaign figures: five-node campaign of 0.2.0 (canary 1, then 4): %d s wall time; "
                            + "artifact %d bytes; bytes fetched per node (metadata, artifact):",
                    goodRun.wall().toSeconds(), artifact));
            goodBytes.forEach((node, b) -> figures.append(String.format(Locale.ROOT, " %s %d + %d", node, b[0], b[1])));
            figures.append("; metadata of each node's first refresh, at its start:");
            startBytes.forEach((node, b) -> figures.append(String.format(Locale.ROOT, " %s %d", node, b[0])));
            long[] canaryBad = bytesByNode(web, beforeBad).get(canary);
            figures.append(String.format(Locale.ROOT, "; halted campaign of 0.3.0 (published while the nodes ran): "
                            + "%d s wall time, the canary fetched %d + %d bytes, its rolled_back (stamped %s) shown as "
                            + "HALTED by the campaign %d s later", badRun.wall().toSeconds(), canaryBad[0], canaryBad[1],
                    canaryState.lastReport(), Duration.between(canaryState.lastReport(), haltShownAt(badRun.out())).toSeconds()));
            System.out.println(figures);
            Files.writeString(Path.of("target", "ota-campaign-figures.txt"), figures + "\n");

            siteFilesTravelTheSameRoad(gateways, peers, opsPassword);
        } finally {
            for (RunningGateway gw : gateways.values()) {
                gw.close();
            }
        }
    }
}
