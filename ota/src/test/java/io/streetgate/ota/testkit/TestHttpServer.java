package io.streetgate.ota.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A static file server on 127.0.0.1 and a free port (the JDK's com.sun.net.httpserver), serving either a folder
 * or a map of files, with HTTP Range support and hooks to misbehave: cut the link after N bytes, drip bytes
 * slowly, send endless data. Counts the body bytes it sent.
 */
public final class TestHttpServer implements AutoCloseable {
    /** How to answer one request; null means serve normally. */
    public interface Misbehaviour {
        /** Bytes after which the connection is cut (for the whole file offsets), or -1. */
        default long cutAt(String path, int requestNo) {
            return -1;
        }

        /** Delay between chunks of {@link #chunk()} bytes, in ms; 0 for full speed. */
        default long dripMillis(String path) {
            return 0;
        }

        default int chunk() {
            return 64 * 1024;
        }

        /** Extra bytes appended beyond the real content (endless data), or 0. */
        default long extraBytes(String path) {
            return 0;
        }

        /** Ignore Range headers and always send the whole file. */
        default boolean ignoreRange() {
            return false;
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-http");
        t.setDaemon(true);
        return t;
    });
    public final AtomicLong bodyBytesSent = new AtomicLong();
    public final java.util.List<String> log = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final Function<String, byte[]> source;
    private final String scheme;
    private volatile Misbehaviour misbehaviour = new Misbehaviour() { };
    private final java.util.concurrent.ConcurrentHashMap<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();

    private TestHttpServer(Function<String, byte[]> source) throws IOException {
        this(source, null);
    }

    private TestHttpServer(Function<String, byte[]> source, javax.net.ssl.SSLContext tls) throws IOException {
        this.source = source;
        this.scheme = tls == null ? "http" : "https";
        if (tls == null) {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } else {
            com.sun.net.httpserver.HttpsServer s = com.sun.net.httpserver.HttpsServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            s.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            server = s;
        }
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    /** Serves the files of a folder: URL path /a/b is DIR/a/b. */
    public static TestHttpServer serving(Path dir) throws IOException {
        return new TestHttpServer(path -> {
            Path p = dir.resolve(path).normalize();
            try {
                return p.startsWith(dir) && Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
            } catch (IOException e) {
                return null;
            }
        });
    }

    /** Serves a live map over HTTPS with the given server context. */
    public static TestHttpServer servingHttps(Map<String, byte[]> files, javax.net.ssl.SSLContext tls) throws IOException {
        return new TestHttpServer(files::get, tls);
    }

    /** Serves a live map (changes show up at once). */
    public static TestHttpServer serving(Map<String, byte[]> files) throws IOException {
        return new TestHttpServer(files::get);
    }

    public URI uri(String path) {
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
    }

    public void misbehave(Misbehaviour m) {
        this.misbehaviour = m;
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath().substring(1);
        path = java.net.URLDecoder.decode(path.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        int n = counts.merge(path, 1, Integer::sum);
        String range = ex.getRequestHeaders().getFirst("Range");
        log.add(ex.getRequestMethod() + " /" + path + (range != null ? " " + range : ""));
        byte[] body = source.apply(path);
        if (body == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        Misbehaviour m = misbehaviour;
        long start = 0;
        if (range != null && range.startsWith("bytes=") && !m.ignoreRange()) {
            start = Long.parseLong(range.substring(6, range.indexOf('-')));
            if (start >= body.length) {
                ex.sendResponseHeaders(416, -1);
                ex.close();
                return;
            }
            ex.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
        }
        long extra = m.extraBytes(path);
        long length = body.length - start + extra;
        ex.sendResponseHeaders(range != null && !m.ignoreRange() ? 206 : 200, extra > 0 ? 0 : length);
        long cut = m.cutAt(path, n);
        long drip = m.dripMillis(path);
        OutputStream out = ex.getResponseBody();
        try {
            long pos = start;
            byte[] chunk = new byte[m.chunk()];
            while (pos < body.length + extra) {
                int len = (int) Math.min(chunk.length, body.length + extra - pos);
                if (cut >= 0 && pos + len > cut) {
                    len = (int) (cut - pos);
                }
                for (int i = 0; i < len; i++) {
                    chunk[i] = pos + i < body.length ? body[(int) (pos + i)] : (byte) 'x';
                }
                out.write(chunk, 0, len);
                out.flush();
                bodyBytesSent.addAndGet(len);
                pos += len;
                if (cut >= 0 && pos >= cut) {
                    // Cut the link: a handler that throws makes the JDK server drop the TCP connection mid-body.
                    throw new java.io.UncheckedIOException(new IOException("link cut by the test at " + cut));
                }
                if (drip > 0) {
                    Thread.sleep(drip);
                }
            }
            out.close();
        } catch (IOException | InterruptedException e) {
            // the client went away
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
