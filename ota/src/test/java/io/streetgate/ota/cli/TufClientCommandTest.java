package io.streetgate.ota.cli;

import io.streetgate.ota.testkit.Cli;
import io.streetgate.ota.testkit.SimRepo;
import io.streetgate.ota.testkit.TestHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static io.streetgate.ota.testkit.Cli.ota;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tuf-conformance client interface (CLIENT-CLI.md): argument names, unversioned metadata files, exit codes. */
class TufClientCommandTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T01:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    @Test
    void initRefreshDownloadAsTheConformanceSuiteCallsThem() throws Exception {
        SimRepo repo = new SimRepo();
        repo.addTarget("path/to/artifact.txt", "artifact".getBytes(StandardCharsets.UTF_8), Map.of());
        repo.publish();
        Path trusted = tmp.resolve("initial_root.json");
        Files.write(trusted, repo.rootBytes());
        String md = tmp.resolve("metadata").toString();
        Files.createDirectories(Path.of(md));
        try (TestHttpServer http = TestHttpServer.serving(prefixed(repo))) {
            String mdUrl = http.uri("metadata").toString();
            String tUrl = http.uri("targets").toString();
            assertEquals(0, ota(CLOCK, "tuf-client", "--metadata-dir", md, "init", trusted.toString()).code());
            int before = http.log.size();
            assertEquals(0, before, "init makes no request");
            Cli.Result refresh = ota(CLOCK, "tuf-client", "--metadata-dir", md, "--metadata-url", mdUrl, "refresh");
            assertEquals(0, refresh.code(), refresh.err());
            for (String f : new String[] {"root.json", "timestamp.json", "snapshot.json", "targets.json"}) {
                assertTrue(Files.exists(Path.of(md, f)), f);
            }
            String targetDir = tmp.resolve("targets").toString();
            String[] download = {"tuf-client", "--metadata-dir", md, "--metadata-url", mdUrl, "--target-name", "path/to/artifact.txt",
                    "--target-base-url", tUrl, "--target-dir", targetDir, "download"};
            Cli.Result d = ota(CLOCK, download);
            assertEquals(0, d.code(), d.err());
            try (var files = Files.list(Path.of(targetDir))) {
                Path only = files.findFirst().orElseThrow();
                assertEquals("artifact", Files.readString(only));
            }
            long targetRequests = http.log.stream().filter(l -> l.contains("/targets/")).count();
            assertEquals(0, ota(CLOCK, download).code());
            assertEquals(targetRequests, http.log.stream().filter(l -> l.contains("/targets/")).count(),
                    "a cached artifact with matching hashes is not downloaded again");

            download[6] = "path/to/missing.txt";
            assertEquals(1, ota(CLOCK, download).code());
            repo.files.put("metadata/timestamp.json", "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(1, ota(CLOCK, "tuf-client", "--metadata-dir", md, "--metadata-url", mdUrl, "refresh").code());
        }
    }

    static Map<String, byte[]> prefixed(SimRepo repo) {
        return new java.util.AbstractMap<>() {
            @Override
            public byte[] get(Object key) {
                return repo.files.get(key);
            }

            @Override
            public java.util.Set<Entry<String, byte[]>> entrySet() {
                return repo.files.entrySet();
            }
        };
    }
}
