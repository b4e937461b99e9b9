package io.streetgate.ota.interop;

import io.streetgate.ota.client.TufClient;
import io.streetgate.ota.download.DownloadPolicy;
import io.streetgate.ota.download.Downloader;
import io.streetgate.ota.testkit.NodePeer;
import io.streetgate.ota.testkit.TestHttpServer;
import io.streetgate.ota.tuf.TargetInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static io.streetgate.ota.testkit.Cli.ota;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our repository against tuf-js (npm), and @tufjs/models' metadata against our client, both over real HTTP. */
class TufJsInteropTest {
    @TempDir
    Path tmp;

    @Test
    void tufJsAcceptsWhatOtaPublishWrites() throws Exception {
        // tuf-js checks expiry against the real clock, so publish with the real clock.
        Clock clock = Clock.systemUTC();
        Path keys = tmp.resolve("keys");
        for (String k : new String[] {"root", "root-ec", "targets", "snapshot", "timestamp", "timestamp2"}) {
            String type = k.endsWith("-ec") || k.equals("targets") ? "ecdsa" : k.equals("timestamp2") ? "rsa" : "ed25519";
            ota(clock, "keygen", "--out", keys.resolve(k).toString(), "--type", type).ok();
        }
        String repo = tmp.resolve("repo").toString();
        ota(clock, "init", "--repo", repo, "--root-key", keys.resolve("root.pub").toString(),
                "--targets-key", keys.resolve("targets.pub").toString(), "--snapshot-key", keys.resolve("snapshot.pub").toString(),
                "--timestamp-key", keys.resolve("timestamp.pub").toString()).ok();
        Path artifact = tmp.resolve("gateway-2.0.0.tar");
        Files.write(artifact, "bundles for tuf-js".repeat(5000).getBytes());
        ota(clock, "add", "--repo", repo, "--file", artifact.toString(), "--name", "bundles/gateway-2.0.0.tar",
                "--kind", "bundle-set", "--version", "2.0.0", "--hardware", "rpi4").ok();
        ota(clock, "sign", "--repo", repo, "--role", "root", "--key", keys.resolve("root.key").toString()).ok();
        ota(clock, "sign", "--repo", repo, "--role", "targets", "--key", keys.resolve("targets.key").toString()).ok();
        String site = tmp.resolve("site").toString();
        ota(clock, "publish", "--repo", repo, "--out", site, "--snapshot-key", keys.resolve("snapshot.key").toString(),
                "--timestamp-key", keys.resolve("timestamp.key").toString()).ok();
        // A root rotation (new ECDSA root key, new RSA timestamp key) so tuf-js walks 1.root.json -> 2.root.json
        // and checks an RSASSA-PSS signature of ours.
        ota(clock, "rotate", "--repo", repo, "--role", "root", "--key", keys.resolve("root-ec.pub").toString()).ok();
        ota(clock, "rotate", "--repo", repo, "--role", "timestamp", "--key", keys.resolve("timestamp2.pub").toString()).ok();
        ota(clock, "sign", "--repo", repo, "--role", "root", "--key", keys.resolve("root.key").toString(),
                "--key", keys.resolve("root-ec.key").toString()).ok();
        ota(clock, "publish", "--repo", repo, "--out", site, "--snapshot-key", keys.resolve("snapshot.key").toString(),
                "--timestamp-key", keys.resolve("timestamp2.key").toString()).ok();

        try (TestHttpServer http = TestHttpServer.serving(Path.of(site))) {
            NodePeer.Result r = NodePeer.run("verify-repo.js", http.uri("metadata/").toString(), http.uri("targets/").toString(),
                    Path.of(site, "metadata/1.root.json").toString(), tmp.resolve("tufjs").toString(), "bundles/gateway-2.0.0.tar");
            assertEquals(0, r.code(), r.err() + r.out());
            assertTrue(r.out().contains("\"rootVersion\":2"), r.out());
            assertTrue(r.out().contains("\"kind\":\"bundle-set\""), r.out());
            assertArrayEquals(Files.readAllBytes(artifact), Files.readAllBytes(tmp.resolve("tufjs/targets/downloaded")));
            assertTrue(http.log.stream().anyMatch(l -> l.contains("/metadata/2.root.json")), http.log.toString());
        }
    }

    @Test
    void ourClientAcceptsMetadataWrittenByTufjsModels() throws Exception {
        Path site = tmp.resolve("site");
        NodePeer.Result w = NodePeer.run("write-repo.js", site.toString());
        assertEquals(0, w.code(), w.err());
        Path device = tmp.resolve("device");
        Files.createDirectories(device);
        Files.copy(site.resolve("metadata/1.root.json"), device.resolve("root.json"));
        try (TestHttpServer http = TestHttpServer.serving(site)) {
            TufClient c = TufClient.builder().metadataDir(device).metadataUrl(http.uri("metadata/")).targetsUrl(http.uri("targets/"))
                    .fetcher(new Downloader(java.net.http.HttpClient.newHttpClient(),
                            DownloadPolicy.DEFAULT.withRetries(1, Duration.ZERO, Duration.ZERO), d -> { }))
                    .clock(Clock.fixed(Instant.parse("2031-06-01T00:00:00Z"), ZoneOffset.UTC)).build();
            TufClient.State s = c.refresh();
            assertEquals(2, s.rootVersion());
            assertEquals("rsa", c.trustedRoot().signed().keys().get(c.trustedRoot().signed().role("snapshot").keyIds().get(0)).keytype(),
                    "the snapshot, signed by Node's RSASSA-PSS, verified");
            TargetInfo t = c.requireTarget("bundles/node-1.0.0.tar");
            assertEquals("1.0.0", t.artifact().version().toString());
            Path f = c.download(t, tmp.resolve("dl"));
            assertEquals("bundle set written by @tufjs/models\n", Files.readString(f));
        }
    }
}
