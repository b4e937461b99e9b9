package io.streetgate.ota.download;

import io.streetgate.ota.testkit.TestHttpServer;
import io.streetgate.ota.testkit.TestTls;
import io.streetgate.ota.tuf.Hashes;
import io.streetgate.ota.tuf.TargetInfo;
import io.streetgate.ota.tuf.TufException;
import io.streetgate.ota.tuf.TufException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownloaderTest {
    static final int SIZE = 4 << 20;

    @TempDir
    Path tmp;
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final List<Duration> sleeps = new ArrayList<>();
    final byte[] artifact = new byte[SIZE];

    {
        new Random(7).nextBytes(artifact);
        files.put("a.img", artifact);
    }

    TargetInfo target() {
        return new TargetInfo("a.img", SIZE, Map.of("sha256", Hashes.sha256Hex(artifact)), null);
    }

    Downloader downloader(HttpClient client, DownloadPolicy policy) {
        return new Downloader(client, policy, sleeps::add);
    }

    DownloadPolicy fast() {
        // short back-offs, but timeouts no loaded test machine can miss on loopback: the tests below that are not
        // about timeouts must see only the faults they make (one busy second must not turn a cut into two)
        return DownloadPolicy.DEFAULT.withTimeouts(Duration.ofSeconds(30), 1_000, Duration.ofSeconds(5))
                .withRetries(4, Duration.ofSeconds(1), Duration.ofSeconds(8)).withDisk(64 << 20, 0);
    }

    @Test
    void resumesOverHttpsAfterTheLinkIsCutAtHalfWithoutReDownloadingTheFirstHalf() throws Exception {
        TestTls tls = TestTls.create(tmp);
        try (TestHttpServer https = TestHttpServer.servingHttps(files, tls.server)) {
            https.misbehave(new TestHttpServer.Misbehaviour() {
                @Override
                public long cutAt(String path, int requestNo) {
                    return requestNo == 1 ? SIZE / 2 : -1;
                }
            });
            Downloader d = downloader(HttpClient.newBuilder().sslContext(tls.client).build(), fast());
            Path dest = tmp.resolve("out/a.img");
            Downloader.Result r = d.downloadWithResult(https.uri("a.img"), target(), dest, DownloadListener.NONE);
            assertArrayEquals(artifact, Files.readAllBytes(dest));
            assertEquals(2, r.attempts());
            assertEquals(SIZE, d.bytesReceived(), "every byte crossed the link once: nothing of the first half again");
            assertTrue(https.log.get(1).endsWith("bytes=" + (SIZE / 2) + "-"), https.log.toString());
            assertEquals(List.of(Duration.ofSeconds(1)), sleeps, "one back-off before the resume");
            assertFalse(Files.exists(tmp.resolve("out/a.img.part")));
        }
    }

    /** A repository under the city's own CA: its PEM file is the trust, no JVM options needed. */
    @Test
    void anHttpsRepositoryUnderItsOwnCaIsTrustedThroughTheCaFileAndOnlyThroughIt() throws Exception {
        TestTls tls = TestTls.create(tmp);
        Path caFile = tls.writeCaPem(tmp.resolve("city-ca.pem"));
        try (TestHttpServer https = TestHttpServer.servingHttps(files, tls.server)) {
            Path dest = tmp.resolve("out/a.img");
            Downloader.create(fast(), caFile).download(https.uri("a.img"), target(), dest, DownloadListener.NONE);
            assertArrayEquals(artifact, Files.readAllBytes(dest));

            Downloader jvmTrust = Downloader.create(fast().withRetries(1, Duration.ofSeconds(1), Duration.ofSeconds(1)));
            TufException refused = assertThrows(TufException.class, () -> jvmTrust.download(https.uri("a.img"), target(),
                    tmp.resolve("out/b.img"), DownloadListener.NONE));
            assertTrue(refused.getMessage().contains("PKIX") || refused.getMessage().contains("certification path"),
                    refused.getMessage());
        }
        Path notPem = Files.writeString(tmp.resolve("not-a-ca.pem"), "hello");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Downloader.create(fast(), notPem));
        assertTrue(bad.getMessage().contains("ota.ca-file " + notPem) && bad.getMessage().contains("BEGIN CERTIFICATE"),
                bad.getMessage());
    }

    @Test
    void aPartialFileFromAnEarlierRunIsResumedAfterRehashingItFromDisk() throws Exception {
        try (TestHttpServer http = TestHttpServer.serving(files)) {
            Path dest = tmp.resolve("a.img");
            Files.write(tmp.resolve("a.img.part"), java.util.Arrays.copyOf(artifact, SIZE / 4));
            Downloader d = downloader(HttpClient.newHttpClient(), fast());
            Downloader.Result r = d.downloadWithResult(http.uri("a.img"), target(), dest, DownloadListener.NONE);
            assertEquals(SIZE / 4, r.resumedFrom());
            assertEquals(SIZE - SIZE / 4, r.bytesReceived());
            assertArrayEquals(artifact, Files.readAllBytes(dest));
        }
    }

    /**
     * The kept first bytes change on disk while the rest streams in (a damaged card, another writer): hashing
     * the kept bytes before the transfer would miss it, hashing the whole file once complete does not.
     */
    @Test
    void aResumedDownloadIsHashedAgainInFullFromDiskBeforeItIsRenamedIntoPlace() throws Exception {
        try (TestHttpServer http = TestHttpServer.serving(files)) {
            Path dest = tmp.resolve("a.img");
            Path part = tmp.resolve("a.img.part");
            Files.write(part, java.util.Arrays.copyOf(artifact, SIZE / 4));
            AtomicBoolean damaged = new AtomicBoolean();
            DownloadListener damageTheKeptBytesOnce = new DownloadListener() {
                @Override
                public void progress(long done, long total) {
                    if (done > SIZE / 4 && damaged.compareAndSet(false, true)) {
                        try (var ch = java.nio.channels.FileChannel.open(part, java.nio.file.StandardOpenOption.WRITE)) {
                            ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) ~artifact[0]}), 0);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }
            };
            Downloader.Result r = downloader(HttpClient.newHttpClient(), fast())
                    .downloadWithResult(http.uri("a.img"), target(), dest, damageTheKeptBytesOnce);
            assertTrue(damaged.get(), "the test damaged the kept bytes during the transfer");
            assertArrayEquals(artifact, Files.readAllBytes(dest), "what is renamed into place is what verified");
            assertEquals(SIZE / 4, r.resumedFrom());
            assertEquals(List.of("GET /a.img bytes=" + (SIZE / 4) + "-", "GET /a.img"), http.log,
                    "the damaged file was dropped and fetched again from its first byte");
        }
    }

    @Test
    void aStalePartialFileIsDroppedAndTheDownloadStartsOverInsteadOfFailing() throws Exception {
        try (TestHttpServer http = TestHttpServer.serving(files)) {
            // Left by an earlier artifact under the same name: its bytes are not this artifact's.
            byte[] stale = new byte[SIZE / 2];
            new Random(8).nextBytes(stale);
            Files.write(tmp.resolve("a.img.part"), stale);
            Path dest = tmp.resolve("a.img");
            downloader(HttpClient.newHttpClient(), fast()).download(http.uri("a.img"), target(), dest, DownloadListener.NONE);
            assertArrayEquals(artifact, Files.readAllBytes(dest));
            assertEquals(List.of("GET /a.img bytes=" + (SIZE / 2) + "-", "GET /a.img"), http.log);
            assertFalse(Files.exists(tmp.resolve("a.img.part")));
        }
    }

    @Test
    void aServerThatIgnoresRangeMeansStartingOverNotCorruption() throws Exception {
        try (TestHttpServer http = TestHttpServer.serving(files)) {
            http.misbehave(new TestHttpServer.Misbehaviour() {
                @Override
                public boolean ignoreRange() {
                    return true;
                }
            });
            Files.write(tmp.resolve("a.img.part"), java.util.Arrays.copyOf(artifact, 1000));
            downloader(HttpClient.newHttpClient(), fast()).download(http.uri("a.img"), target(), tmp.resolve("a.img"), DownloadListener.NONE);
            assertArrayEquals(artifact, Files.readAllBytes(tmp.resolve("a.img")));
        }
    }

    @Test
    void corruptedBytesAreNeverRenamedIntoPlace() throws Exception {
        byte[] evil = artifact.clone();
        evil[SIZE - 1] ^= 1;
        files.put("a.img", evil);
        try (TestHttpServer http = TestHttpServer.serving(files)) {
            Path dest = tmp.resolve("a.img");
            TufException e = assertThrows(TufException.class, () ->
                    downloader(HttpClient.newHttpClient(), fast()).download(http.uri("a.img"), target(), dest, DownloadListener.NONE));
            assertEquals(Reason.HASH_MISMATCH, e.reason());
            assertFalse(Files.exists(dest));
            assertFalse(Files.exists(tmp.resolve("a.img.part")), "a partial file that cannot verify is dropped");
        }
    }

    @Test
    void notFoundIsPermanentAndNotRetried() throws Exception {
        try (TestHttpServer http = TestHttpServer.serving(files)) {
            Downloader d = downloader(HttpClient.newHttpClient(), fast());
            TufException e = assertThrows(TufException.class, () -> d.fetch(http.uri("missing.json"), 1000));
            assertEquals(Reason.NOT_FOUND, e.reason());
            assertEquals(1, http.log.size());
            assertTrue(sleeps.isEmpty());
        }
    }

    @Test
    void transientFailuresAreRetriedABoundedNumberOfTimesWithBackoff() throws Exception {
        try (TestHttpServer http = TestHttpServer.serving(files)) {
            http.misbehave(new TestHttpServer.Misbehaviour() {
                @Override
                public long cutAt(String path, int requestNo) {
                    return 0;
                }
            });
            Downloader d = downloader(HttpClient.newHttpClient(), fast());
            TufException e = assertThrows(TufException.class, () -> d.fetch(http.uri("a.img"), SIZE));
            assertEquals(Reason.NETWORK, e.reason());
            assertTrue(e.getMessage().contains("gave up after 4 attempts"), e.getMessage());
            assertEquals(4, http.log.size());
            assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), sleeps);
        }
    }

    @Test
    void slowRetrievalIsCutByTheMinimumRate() throws Exception {
        try (TestHttpServer http = TestHttpServer.serving(files)) {
            http.misbehave(new TestHttpServer.Misbehaviour() {
                @Override
                public long dripMillis(String path) {
                    return 200;
                }

                @Override
                public int chunk() {
                    return 100;
                }
            });
            DownloadPolicy p = fast().withTimeouts(Duration.ofSeconds(2), 10_000, Duration.ofMillis(500))
                    .withRetries(1, Duration.ZERO, Duration.ZERO);
            TufException e = assertThrows(TufException.class, () ->
                    downloader(HttpClient.newHttpClient(), p).download(http.uri("a.img"), target(), tmp.resolve("a.img"), DownloadListener.NONE));
            assertEquals(Reason.SLOW_RETRIEVAL, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("below the minimum 10000 B/s"), e.getMessage());
        }
    }

    @Test
    void aStalledLinkHitsTheReadTimeout() throws Exception {
        try (TestHttpServer http = TestHttpServer.serving(files)) {
            http.misbehave(new TestHttpServer.Misbehaviour() {
                @Override
                public long dripMillis(String path) {
                    return 5_000;
                }
            });
            DownloadPolicy p = DownloadPolicy.DEFAULT.withTimeouts(Duration.ofMillis(500), 0, Duration.ofHours(1))
                    .withRetries(1, Duration.ZERO, Duration.ZERO).withDisk(64 << 20, 0);
            TufException e = assertThrows(TufException.class, () ->
                    downloader(HttpClient.newHttpClient(), p).download(http.uri("a.img"), target(), tmp.resolve("a.img"), DownloadListener.NONE));
            assertEquals(Reason.SLOW_RETRIEVAL, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("read timeout"), e.getMessage());
        }
    }

    @Test
    void endlessDataStopsAtTheTrustedLength() throws Exception {
        try (TestHttpServer http = TestHttpServer.serving(files)) {
            http.misbehave(new TestHttpServer.Misbehaviour() {
                @Override
                public long extraBytes(String path) {
                    return 1L << 40;
                }
            });
            Downloader d = downloader(HttpClient.newHttpClient(), fast());
            TufException meta = assertThrows(TufException.class, () -> d.fetch(http.uri("a.img"), 16_384));
            assertEquals(Reason.TOO_LARGE, meta.reason());
            d.download(http.uri("a.img"), target(), tmp.resolve("a.img"), DownloadListener.NONE);
            assertArrayEquals(artifact, Files.readAllBytes(tmp.resolve("a.img")), "only the trusted length is read");
            assertTrue(d.bytesReceived() < 16_384 + SIZE + (1 << 20));
        }
    }

    @Test
    void bandwidthCapIsHonoured() throws Exception {
        byte[] small = new byte[256 * 1024];
        files.put("s.bin", small);
        try (TestHttpServer http = TestHttpServer.serving(files)) {
            long start = System.nanoTime();
            downloader(HttpClient.newHttpClient(), fast().withBandwidthCap(512 * 1024))
                    .download(http.uri("s.bin"), new TargetInfo("s.bin", small.length, Map.of("sha256", Hashes.sha256Hex(small)), null),
                            tmp.resolve("s.bin"), DownloadListener.NONE);
            // 256 KiB at 512 KiB/s cannot take less than about half a second (a lower bound only: machines are noisy).
            assertTrue(System.nanoTime() - start >= 400_000_000L);
        }
    }

    @Test
    void cancellationStopsADownloadInFlightAndKeepsThePartForLater() throws Exception {
        try (TestHttpServer http = TestHttpServer.serving(files)) {
            http.misbehave(new TestHttpServer.Misbehaviour() {
                @Override
                public long dripMillis(String path) {
                    return 20;
                }
            });
            AtomicBoolean halt = new AtomicBoolean();
            DownloadListener l = new DownloadListener() {
                @Override
                public void progress(long done, long total) {
                    if (done >= SIZE / 4) {
                        halt.set(true);
                    }
                }

                @Override
                public boolean cancelled() {
                    return halt.get();
                }
            };
            assertThrows(DownloadCancelledException.class, () ->
                    downloader(HttpClient.newHttpClient(), fast()).download(http.uri("a.img"), target(), tmp.resolve("a.img"), l));
            assertFalse(Files.exists(tmp.resolve("a.img")));
            assertTrue(Files.size(tmp.resolve("a.img.part")) >= SIZE / 4);
        }
    }

    @Test
    void diskUseIsBounded() throws Exception {
        Downloader d = downloader(HttpClient.newHttpClient(), fast().withDisk(1 << 20, 0));
        TufException e = assertThrows(TufException.class, () ->
                d.download(java.net.URI.create("http://127.0.0.1:9/a.img"), target(), tmp.resolve("a.img"), DownloadListener.NONE));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("the download budget is 1048576 bytes"), e.getMessage());
    }
}
