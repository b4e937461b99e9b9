package io.streetgate.ota.bench;

import io.streetgate.ota.client.TufClient;
import io.streetgate.ota.download.DownloadListener;
import io.streetgate.ota.download.DownloadPolicy;
import io.streetgate.ota.download.Downloader;
import io.streetgate.ota.testkit.SimRepo;
import io.streetgate.ota.testkit.TestHttpServer;
import io.streetgate.ota.tuf.Hashes;
import io.streetgate.ota.tuf.TargetInfo;
import org.bouncycastle.crypto.digests.SHA256Digest;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * OTA performance figures for docs/performance.md, never part of the test run:
 * <pre>mvn -q -pl ota -am verify -Dbench=ota -DskipTests -Djmh.args=256</pre>
 * (the argument is the artifact size in MiB). Prints: SHA-256 verification throughput of one artifact with the
 * JDK digest (what the client uses), Bouncy Castle's pure-Java digest and {@code openssl dgst -sha256} on the same
 * file in the same run (page cache warm for all); bytes received after the link is cut at 50%; time to verify a
 * full metadata refresh (root, timestamp, snapshot, targets with 1000 targets, Ed25519).
 */
public final class OtaBench {
    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 256;
        Path dir = Files.createTempDirectory("ota-bench");
        try {
            verification(dir, mib);
            resume(dir, Math.min(mib, 64));
            refresh();
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void verification(Path dir, int mib) throws Exception {
        Path f = dir.resolve("artifact.img");
        byte[] block = new byte[1 << 20];
        Random r = new Random(1);
        try (var out = Files.newOutputStream(f)) {
            for (int i = 0; i < mib; i++) {
                r.nextBytes(block);
                out.write(block);
            }
        }
        long bytes = Files.size(f);
        String expected = null;
        double jdk = 0;
        double bc = 0;
        double openssl = 0;
        jdkSha256(f); // warm-up: the JIT compiles the digest loop onto the SHA intrinsic
        for (int run = 0; run < 5; run++) {
            long t0 = System.nanoTime();
            String h = jdkSha256(f);
            jdk = Math.max(jdk, rate(bytes, System.nanoTime() - t0));
            expected = h;
            t0 = System.nanoTime();
            String o = openssl(f);
            openssl = Math.max(openssl, rate(bytes, System.nanoTime() - t0));
            if (!o.equals(h)) {
                throw new IllegalStateException("openssl and the JDK disagree: " + o + " vs " + h);
            }
            if (run == 0) {
                t0 = System.nanoTime();
                bcSha256(f);
                bc = rate(bytes, System.nanoTime() - t0);
            }
        }
        TargetInfo t = new TargetInfo("artifact.img", bytes, Map.of("sha256", expected), null);
        double client = 0;
        for (int run = 0; run < 3; run++) {
            long t0 = System.nanoTime();
            if (!TufClient.verifyFile(f, t)) {
                throw new IllegalStateException("verification failed");
            }
            client = Math.max(client, rate(bytes, System.nanoTime() - t0));
        }
        System.out.printf(Locale.ROOT, "verify %d MiB: JDK SHA-256 %.0f MB/s, TufClient.verifyFile %.0f MB/s, openssl dgst -sha256 %.0f MB/s,"
                + " ratio JDK/openssl %.2f (client/openssl %.2f); Bouncy Castle SHA256Digest %.0f MB/s (best of 5, warm cache, load %s)%n",
                mib, jdk, client, openssl, jdk / openssl, client / openssl, bc, Files.readString(Path.of("/proc/loadavg")).trim());
    }

    static double rate(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    static String jdkSha256(Path f) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(f)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        }
        return org.bouncycastle.util.encoders.Hex.toHexString(d.digest());
    }

    static void bcSha256(Path f) throws Exception {
        SHA256Digest d = new SHA256Digest();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(f)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        }
        d.doFinal(new byte[32], 0);
    }

    static String openssl(Path f) throws Exception {
        Process p = new ProcessBuilder("openssl", "dgst", "-sha256", "-r", f.toString()).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl failed");
            }
            return out.split(" ")[0].trim();
        } finally {
            p.destroyForcibly();
        }
    }

    static void resume(Path dir, int mib) throws Exception {
        byte[] content = new byte[mib << 20];
        new Random(2).nextBytes(content);
        Map<String, byte[]> files = new HashMap<>();
        files.put("a.img", content);
        try (TestHttpServer http = TestHttpServer.serving(files)) {
            http.misbehave(new TestHttpServer.Misbehaviour() {
                @Override
                public long cutAt(String path, int requestNo) {
                    return requestNo == 1 ? content.length / 2 : -1;
                }
            });
            Downloader d = new Downloader(HttpClient.newHttpClient(),
                    DownloadPolicy.DEFAULT.withRetries(3, Duration.ZERO, Duration.ZERO).withDisk(1L << 32, 0), x -> { });
            TargetInfo t = new TargetInfo("a.img", content.length, Map.of("sha256", Hashes.sha256Hex(content)), null);
            long t0 = System.nanoTime();
            Downloader.Result r = d.downloadWithResult(http.uri("a.img"), t, dir.resolve("a.img"), DownloadListener.NONE);
            System.out.printf(Locale.ROOT, "resume after a cut at 50%% of %d MiB: %d bytes received for %d bytes (%d re-downloaded), %d attempts, %.0f ms%n",
                    mib, d.bytesReceived(), content.length, d.bytesReceived() - content.length, r.attempts(), (System.nanoTime() - t0) / 1e6);
            if (!Arrays.equals(content, Files.readAllBytes(dir.resolve("a.img")))) {
                throw new IllegalStateException("resumed file differs");
            }
        }
    }

    static void refresh() throws Exception {
        SimRepo repo = new SimRepo();
        for (int i = 0; i < 1000; i++) {
            repo.targets = repo.targets.withTarget(new TargetInfo("bundles/b-" + i + ".zip", 1000 + i,
                    Map.of("sha256", Hashes.sha256Hex(("b" + i).getBytes())), null));
        }
        repo.publish();
        Clock clock = Clock.fixed(SimRepo.T0.plusSeconds(60), ZoneOffset.UTC);
        long[] times = new long[30];
        for (int i = 0; i < times.length; i++) {
            Path meta = Files.createTempDirectory("meta");
            Files.write(meta.resolve("root.json"), repo.rootBytes());
            long t0 = System.nanoTime();
            TufClient c = TufClient.builder().metadataDir(meta).metadataUrl(SimRepo.METADATA).targetsUrl(SimRepo.TARGETS)
                    .fetcher(repo.fetcher()).clock(clock).build();
            c.refresh();
            times[i] = System.nanoTime() - t0;
        }
        Arrays.sort(times);
        System.out.printf(Locale.ROOT, "full metadata refresh (root, timestamp, snapshot, targets of %d bytes with 1000 targets; parse,"
                + " canonicalize, verify, persist): median %.1f ms, best %.1f ms over %d runs (fresh client, no network)%n",
                repo.files.get("metadata/targets.json").length, times[times.length / 2] / 1e6, times[0] / 1e6, times.length);
    }
}
