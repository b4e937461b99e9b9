package io.streetgate.ota.cli;

import io.streetgate.ota.client.TufClient;
import io.streetgate.ota.download.DownloadPolicy;
import io.streetgate.ota.download.Downloader;
import io.streetgate.ota.tuf.TargetInfo;
import io.streetgate.ota.tuf.TufException;
import io.streetgate.ota.testkit.Cli;
import io.streetgate.ota.testkit.TestHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static io.streetgate.ota.testkit.Cli.ota;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ops workflow as an operator types it: keygen, init, add, threshold sign, publish, rotate. */
class OtaCommandTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    String k(String name) {
        return tmp.resolve("keys/" + name).toString();
    }

    void keygen(String... names) throws Exception {
        for (String n : names) {
            Cli.Result r = ota(CLOCK, "keygen", "--out", k(n), "--type", n.startsWith("ec") ? "ecdsa" : "ed25519").ok();
            assertFalse(r.out().contains(Files.readString(Path.of(k(n) + ".key")).split("\"private\": \"")[1].substring(0, 16)),
                    "a private key is never printed");
        }
    }

    Path initRepo() throws Exception {
        keygen("root1", "root2", "alice", "ec-bob", "snap", "ts");
        Path repo = tmp.resolve("repo");
        ota(CLOCK, "init", "--repo", repo.toString(), "--root-key", k("root1") + ".pub", "--root-key", k("root2") + ".pub",
                "--root-threshold", "2", "--targets-key", k("alice") + ".pub", "--targets-key", k("ec-bob") + ".pub",
                "--targets-threshold", "2", "--snapshot-key", k("snap") + ".pub", "--timestamp-key", k("ts") + ".pub").ok();
        ota(CLOCK, "sign", "--repo", repo.toString(), "--role", "root", "--key", k("root1") + ".key", "--key", k("root2") + ".key").ok();
        return repo;
    }

    @Test
    void keygenWritesPrivateKeys0600() throws Exception {
        keygen("root1");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(k("root1") + ".key"))));
        Cli.Result again = ota(CLOCK, "keygen", "--out", k("root1"));
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already exists"), again.err());
    }

    @Test
    void thresholdSigningByTwoPeopleThenPublishAndATufClientDownloads() throws Exception {
        Path repo = initRepo();
        Path artifact = tmp.resolve("gateway-1.4.0.tar");
        Files.write(artifact, "bundle set 1.4.0".repeat(1000).getBytes());
        Cli.Result add = ota(CLOCK, "add", "--repo", repo.toString(), "--file", artifact.toString(), "--name", "bundles/gateway-1.4.0.tar",
                "--kind", "bundle-set", "--version", "1.4.0", "--hardware", "rpi4,rpi5", "--min-version", "1.2.0").ok();
        assertTrue(add.out().contains("16000 bytes"), add.out());

        // Alice signs the staged file in the repository; Bob signs a copy on his own machine; the copies merge.
        Path bobCopy = tmp.resolve("bob");
        copyTree(repo, bobCopy);
        ota(CLOCK, "sign", "--repo", repo.toString(), "--role", "targets", "--key", k("alice") + ".key").ok();
        Cli.Result early = ota(CLOCK, "publish", "--repo", repo.toString(), "--out", tmp.resolve("site").toString(),
                "--snapshot-key", k("snap") + ".key", "--timestamp-key", k("ts") + ".key");
        assertEquals(1, early.code());
        assertTrue(early.err().contains("targets version 1 needs 1 more signature"), early.err());
        ota(CLOCK, "sign", "--repo", bobCopy.toString(), "--role", "targets", "--key", k("ec-bob") + ".key").ok();
        Cli.Result merged = ota(CLOCK, "sign", "--repo", repo.toString(), "--role", "targets",
                "--merge", bobCopy.resolve("metadata/targets.json").toString()).ok();
        assertTrue(merged.out().contains("fully signed"), merged.out());

        Path site = tmp.resolve("site");
        Cli.Result pub = ota(CLOCK, "publish", "--repo", repo.toString(), "--out", site.toString(),
                "--snapshot-key", k("snap") + ".key", "--timestamp-key", k("ts") + ".key").ok();
        assertTrue(pub.out().contains("root 1, targets 1, snapshot 1, timestamp 1"), pub.out());
        assertTrue(Files.exists(site.resolve("metadata/1.root.json")));
        assertTrue(Files.exists(site.resolve("metadata/1.targets.json")));
        assertTrue(Files.exists(site.resolve("metadata/1.snapshot.json")));
        // a web server running as another user serves the folder as it is; the keys that signed it stay private
        try (var published = Files.walk(site)) {
            for (Path p : (Iterable<Path>) published::iterator) {
                assertEquals(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--",
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), site.relativize(p).toString());
            }
        }
        for (String key : new String[]{"snap", "ts", "alice"}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(k(key) + ".key"))));
        }

        try (TestHttpServer http = TestHttpServer.serving(site)) {
            TufClient c = client(site, http);
            c.refresh();
            TargetInfo t = c.requireTarget("bundles/gateway-1.4.0.tar");
            assertEquals("1.4.0", t.artifact().version().toString());
            assertEquals(java.util.List.of("rpi4", "rpi5"), t.artifact().hardware());
            Path got = c.download(t, tmp.resolve("dl"));
            assertArrayEquals(Files.readAllBytes(artifact), Files.readAllBytes(got));
        }

        Cli.Result status = ota(CLOCK, "status", "--repo", repo.toString()).ok();
        assertTrue(status.out().contains("timestamp version 1"), status.out());
    }

    @Test
    void rotatingRootNeedsOldAndNewThresholdsAndClientsFollow() throws Exception {
        Path repo = initRepo();
        ota(CLOCK, "sign", "--repo", repo.toString(), "--role", "targets", "--key", k("alice") + ".key", "--key", k("ec-bob") + ".key").ok();
        Path site = tmp.resolve("site");
        String[] publish = {"publish", "--repo", repo.toString(), "--out", site.toString(),
                "--snapshot-key", k("snap") + ".key", "--timestamp-key", k("ts") + ".key"};
        ota(CLOCK, publish).ok();
        try (TestHttpServer http = TestHttpServer.serving(site)) {
            TufClient device = client(site, http);
            assertEquals(1, device.refresh().rootVersion());

            // Replace both root keys by one new key, and the timestamp key (compromised online key).
            keygen("root3", "ts2");
            ota(CLOCK, "rotate", "--repo", repo.toString(), "--role", "root", "--key", k("root3") + ".pub", "--threshold", "1").ok();
            Cli.Result r2 = ota(CLOCK, "rotate", "--repo", repo.toString(), "--role", "timestamp", "--key", k("ts2") + ".pub").ok();
            assertTrue(r2.out().contains("staged root version 2"), r2.out());
            ota(CLOCK, "sign", "--repo", repo.toString(), "--role", "root", "--key", k("root3") + ".key").ok();
            Cli.Result half = ota(CLOCK, publish);
            assertEquals(1, half.code());
            assertTrue(half.err().contains("from the root keys of version 1"), half.err());
            ota(CLOCK, "sign", "--repo", repo.toString(), "--role", "root", "--key", k("root1") + ".key").ok();
            assertEquals(1, ota(CLOCK, publish).code(), "threshold of the old root is 2");
            ota(CLOCK, "sign", "--repo", repo.toString(), "--role", "root", "--key", k("root2") + ".key").ok();
            Cli.Result oldTs = ota(CLOCK, publish);
            assertEquals(1, oldTs.code());
            assertTrue(oldTs.err().contains("is not a timestamp key of root version 2"), oldTs.err());
            publish[publish.length - 1] = k("ts2") + ".key";
            ota(CLOCK, publish).ok();

            TufClient.State s = device.refresh();
            assertEquals(2, s.rootVersion());
            assertEquals(2, s.timestampVersion());
        }
    }

    @Test
    void errorsNameTheFileAndTheFix() throws Exception {
        Cli.Result r = ota(CLOCK, "add", "--repo", tmp.resolve("nope").toString(), "--file", "x", "--kind", "image", "--version", "1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("is not an OTA repository") && r.err().contains("ota init"), r.err());
        Path repo = initRepo();
        Cli.Result kind = ota(CLOCK, "add", "--repo", repo.toString(), "--file", k("root1") + ".pub", "--kind", "firmware", "--version", "1");
        assertTrue(kind.err().contains("kind \"firmware\" is not known here; the kinds are bundle-set, image, site-file"), kind.err());
        Cli.Result wrongKey = ota(CLOCK, "sign", "--repo", repo.toString(), "--role", "targets", "--key", k("snap") + ".key");
        assertTrue(wrongKey.err().contains("is not a targets key"), wrongKey.err());
    }

    static TufClient client(Path site, TestHttpServer http) throws Exception {
        Path dir = Files.createTempDirectory("device");
        Files.copy(site.resolve("metadata/1.root.json"), dir.resolve("root.json"));
        return TufClient.builder().metadataDir(dir).metadataUrl(http.uri("metadata/")).targetsUrl(http.uri("targets/"))
                .fetcher(new Downloader(java.net.http.HttpClient.newHttpClient(),
                        DownloadPolicy.DEFAULT.withRetries(1, Duration.ZERO, Duration.ZERO), d -> { }))
                .clock(CLOCK).build();
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (var s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path d = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(d);
                } else {
                    Files.copy(p, d);
                }
            }
        }
    }

    @Test
    void unsupportedKeyTypeIsRefusedClearly() {
        TufException e = assertThrows(TufException.class, () -> io.streetgate.ota.tuf.SigningKey.generate("dsa"));
        assertEquals("key type \"dsa\" is not supported; use ed25519, ecdsa or rsa", e.getMessage());
    }
}
