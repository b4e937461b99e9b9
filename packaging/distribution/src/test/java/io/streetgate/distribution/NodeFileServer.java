package io.streetgate.distribution;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An update repository as a plain static file server over HTTPS on loopback: GET of the files under a folder,
 * nothing else. Each node is given its own base URL, {@code /n/<node>/}, so the access log tells which node
 * fetched what, and how many bytes.
 */
final class NodeFileServer implements AutoCloseable {

    /** One request: the node, the path below the folder, the answer and the bytes of its body. */
    record Access(String node, String path, int status, long bytes) {
    }

    final List<Access> log = new CopyOnWriteArrayList<>();
    private final HttpsServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    NodeFileServer(Path folder, SSLContext tls) throws IOException {
        Path root = folder.toAbsolutePath().normalize();
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/n/", exchange -> {
            try (exchange) {
                String[] parts = exchange.getRequestURI().getPath().split("/", 4); // "", "n", node, path
                String node = parts.length > 2 ? parts[2] : "";
                String path = parts.length > 3 ? parts[3] : "";
                Path file = root.resolve(path).normalize();
                if (!"GET".equals(exchange.getRequestMethod()) || !file.startsWith(root) || !Files.isRegularFile(file)) {
                    log.add(new Access(node, path, 404, 0));
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                long size = Files.size(file);
                exchange.sendResponseHeaders(200, size);
                try (OutputStream out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
                log.add(new Access(node, path, 200, size));
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    /** The repository URL a node is given. */
    String base(String node) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/n/" + node + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
