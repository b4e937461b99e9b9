package io.streetgate.launcher;

import com.sun.net.httpserver.HttpServer;
import io.streetgate.ota.cli.OtaCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.streetgate.launcher.GatewayRuntimeIT.list;
import static io.streetgate.launcher.GatewayRuntimeIT.part;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A signed bundle-set update end to end: ops build and sign a repository with {@code streetgate ota}, a web
 * server serves it, the running gateway finds the update, verifies and installs it, restarts on it, checks
 * its health and commits; a second update whose bundles cannot start fails the health check and the gateway
 * rolls back to the version before, by itself.
 */
class OtaUpdateIT {

    private static final Duration UPDATE = Duration.ofSeconds(150);
    private static final String MARKER = "io.streetgate.test.marker";

    @TempDir
    Path dir;
    private HttpServer web;

    @AfterEach
    void stopWeb() {
        if (web != null) {
            web.stop(0);
        }
    }

    private void ota(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = OtaCommand.run(Clock.systemUTC(), new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertEquals(0, code, "streetgate ota " + String.join(" ", args) + "\n" + out + err);
    }

    /** A bundle that only declares itself; with {@code imports}, one that cannot resolve. */
    private static void bundle(ZipOutputStream zip, String name, String version, String imports) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", name);
        a.putValue("Bundle-Version", version);
        if (imports != null) {
            a.putValue("Import-Package", imports);
        }
        zip.putNextEntry(new ZipEntry(name + "-" + version + ".jar"));
        var bytes = new java.io.ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, m)) {
            jar.flush();
        }
        zip.write(bytes.toByteArray());
        zip.closeEntry();
    }

    /** The distribution's bundles, a marker bundle of this version, and maybe a bundle that cannot start. */
    private Path bundleSet(String version, boolean broken) throws IOException {
        Path zipFile = dir.resolve("gateway-" + version + ".zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(zipFile));
             Stream<Path> jars = Files.list(RunningGateway.DIST.resolve("bundles"))) {
            for (Path jar : jars.sorted().toList()) {
                zip.putNextEntry(new ZipEntry(jar.getFileName().toString()));
                Files.copy(jar, zip);
                zip.closeEntry();
            }
            bundle(zip, MARKER, version, null);
            if (broken) {
                bundle(zip, "io.streetgate.test.broken", version, "no.such.package");
            }
        }
        return zipFile;
    }

    private void release(String version, boolean broken) throws IOException {
        String keys = dir.resolve("keys").toString();
        ota("add", "--repo", dir.resolve("repo").toString(), "--file", bundleSet(version, broken).toString(),
                "--name", "bundles/gateway-" + version + ".zip", "--kind", "bundle-set", "--version", version);
        ota("sign", "--repo", dir.resolve("repo").toString(), "--role", "targets", "--key", keys + "/targets.key");
        ota("publish", "--repo", dir.resolve("repo").toString(), "--out", dir.resolve("site").toString(),
                "--snapshot-key", keys + "/snapshot.key", "--timestamp-key", keys + "/timestamp.key");
    }

    private int serve(Path site) throws IOException {
        web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        web.createContext("/", exchange -> {
            Path file = site.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            try (exchange) {
                if (!file.startsWith(site) || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, Files.size(file));
                try (OutputStream out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            }
        });
        web.start();
        return web.getAddress().getPort();
    }

    private static String markerVersion(Map<String, Object> status) {
        return list(status, "osgi", "bundles").stream().filter(b -> MARKER.equals(b.get("name")))
                .filter(b -> "ACTIVE".equals(b.get("state"))).map(b -> String.valueOf(b.get("version")))
                .findFirst().orElse("none");
    }

    /** A field of the last update's outcome, as the agent reports it in the status. */
    @SuppressWarnings("unchecked")
    private static Object lastUpdate(Map<String, Object> status, String field) {
        Object details = part(status, "ota").get("details");
        if (details instanceof Map<?, ?> d && d.get("last_update") instanceof Map<?, ?> last) {
            return ((Map<String, Object>) last).get(field);
        }
        return null;
    }

    @Test
    void aSignedBundleSetIsInstalledAndCommittedAndABrokenOneRollsBackByItself() throws Exception {
        String keys = dir.resolve("keys").toString();
        for (String role : List.of("root", "targets", "snapshot", "timestamp")) {
            ota("keygen", "--out", keys + "/" + role);
        }
        String repo = dir.resolve("repo").toString();
        ota("init", "--repo", repo, "--root-key", keys + "/root.pub", "--targets-key", keys + "/targets.pub",
                "--snapshot-key", keys + "/snapshot.pub", "--timestamp-key", keys + "/timestamp.pub");
        ota("sign", "--repo", repo, "--role", "root", "--key", keys + "/root.key");
        release("0.2.0", false);
        Path site = dir.resolve("site");
        int port = serve(site);

        String otaSection = "\nota:\n  repository: http://127.0.0.1:" + port + "/\n"
                + "  trusted-root: " + site.resolve("metadata/1.root.json") + "\n"
                + "  install-on-poll: true\n  poll-interval: 10s\n  health-timeout: 20s\n";
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
}
