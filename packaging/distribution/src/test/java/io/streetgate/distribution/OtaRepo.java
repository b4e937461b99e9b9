package io.streetgate.distribution;

import com.sun.net.httpserver.HttpServer;
import io.streetgate.ota.cli.OtaCommand;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A TUF repository as ops make one with the {@code ota} tool (keygen, init, add, sign, publish, as docs/ota.md
 * shows), its published folder served by a plain static file server on loopback that answers
 * {@code Range: bytes=N-} with 206 (RFC 9110, section 14) as web servers do.
 */
final class OtaRepo implements AutoCloseable {

    private final Path keys;
    private final Path repo;
    private final Path site;
    private final HttpServer web;
    /** Each artifact request's Range header ("" for none), in order. */
    final List<String> artifactRanges = new CopyOnWriteArrayList<>();

    private OtaRepo(Path dir) throws IOException {
        keys = dir.resolve("keys");
        repo = dir.resolve("repo");
        site = dir.resolve("site");
        for (String role : List.of("root", "targets", "snapshot", "timestamp")) {
            ota("keygen", "--out", keys.resolve(role).toString());
        }
        ota("init", "--repo", repo.toString(), "--root-key", key("root.pub"), "--targets-key", key("targets.pub"),
                "--snapshot-key", key("snapshot.pub"), "--timestamp-key", key("timestamp.pub"));
        ota("sign", "--repo", repo.toString(), "--role", "root", "--key", key("root.key"));
        web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        web.createContext("/", exchange -> {
            Path file = site.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            try (exchange) {
                if (!file.startsWith(site) || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                String range = exchange.getRequestHeaders().getFirst("Range");
                if (file.startsWith(site.resolve("targets"))) {
                    artifactRanges.add(range == null ? "" : range);
                }
                long size = Files.size(file);
                long from = range != null && range.matches("bytes=\\d+-")
                        ? Long.parseLong(range.substring(6, range.length() - 1)) : 0;
                if (from > 0) {
                    exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (size - 1) + "/" + size);
                }
                exchange.sendResponseHeaders(from > 0 ? 206 : 200, size - from);
                try (OutputStream out = exchange.getResponseBody(); var in = Files.newInputStream(file)) {
                    in.skipNBytes(from);
                    in.transferTo(out);
                }
            } catch (IOException e) {
                // a gateway killed mid-transfer: its connection is gone
            }
        });
        web.start();
    }

    /** Keys, an initialised repository with its root signed, and the server started (serving once published). */
    static OtaRepo create(Path dir) throws IOException {
        return new OtaRepo(dir);
    }

    /** Adds {@code file} as a target ({@code ota add}), signs the targets and publishes. */
    void release(Path file, String name, String kind, String version) {
        ota("add", "--repo", repo.toString(), "--file", file.toString(), "--name", name, "--kind", kind,
                "--version", version);
        ota("sign", "--repo", repo.toString(), "--role", "targets", "--key", key("targets.key"));
        publish();
    }

    /**
     * The site file's {@code ota:} section for this repository over plain HTTP on loopback (the site file accepts
     * http:// only with plain-http), installing what a poll finds, with {@code more} keys (each line indented by
     * two spaces: the poll interval, the health timeout, the backend) appended.
     */
    String siteSection(String more) {
        return "\nota:\n  repository: http://127.0.0.1:" + web.getAddress().getPort() + "/\n  plain-http: true\n"
                + "  trusted-root: " + site.resolve("metadata/1.root.json") + "\n  install-on-poll: true\n" + more;
    }

    private void publish() {
        ota("publish", "--repo", repo.toString(), "--out", site.toString(), "--snapshot-key", key("snapshot.key"),
                "--timestamp-key", key("timestamp.key"));
    }

    private String key(String name) {
        return keys.resolve(name).toString();
    }

    /** Runs the {@code ota} tool in this JVM, as {@code streetgate ota ARGS}; a failure fails the test with its output. */
    static void ota(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = OtaCommand.run(Clock.systemUTC(), new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertEquals(0, code, "streetgate ota " + String.join(" ", args) + "\n" + out + err);
    }

    @Override
    public void close() {
        web.stop(0);
    }
}
