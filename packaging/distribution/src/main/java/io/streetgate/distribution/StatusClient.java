package io.streetgate.distribution;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Talks to a running gateway's status endpoint, with the token and address it left in the state folder.
 * {@code run} asks it too (whether everything is up, {@link Readiness}), so it uses the small HTTP client of
 * {@code java.base} rather than {@code java.net.http}'s, which loads some 400 classes into the gateway's process
 * for good, each new client with a thread of its own.
 */
final class StatusClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private final String base;
    private final String token;

    private StatusClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    static StatusClient fromState(Path stateDir) throws IOException {
        try {
            String base = Files.readString(stateDir.resolve("status.endpoint"), StandardCharsets.US_ASCII).trim();
            String token = Files.readString(stateDir.resolve("status.token"), StandardCharsets.US_ASCII).trim();
            return new StatusClient(base, token);
        } catch (NoSuchFileException e) {
            throw new IOException("no gateway has run with state folder " + stateDir + " (missing " + e.getFile()
                    + "); start one with 'streetgate run' or name its folder with --state-dir");
        }
    }

    /** Whether a gateway with this state folder answers: it owns the buses, and commands that use them wait. */
    static boolean gatewayAnswers(Path stateDir) throws InterruptedException {
        try {
            fromState(stateDir).get("/health");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    record Response(int code, Map<String, Object> body) {
    }

    Response get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, DEFAULT_TIMEOUT);
    }

    Response post(String path) throws IOException, InterruptedException {
        return send("POST", path, new byte[0], DEFAULT_TIMEOUT);
    }

    /** A POST whose answer may take longer than the usual 10 s (a device's self-test). */
    Response post(String path, Duration timeout) throws IOException, InterruptedException {
        return send("POST", path, new byte[0], timeout);
    }

    Response post(String path, Map<String, Object> json) throws IOException, InterruptedException {
        return send("POST", path, JSON.std.asBytes(json), DEFAULT_TIMEOUT);
    }

    Response delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null, DEFAULT_TIMEOUT);
    }

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private Response send(String method, String path, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        // the endpoint is the node's own loopback: never through a proxy of the environment
        HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection(Proxy.NO_PROXY);
        try {
            c.setRequestMethod(method);
            c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            c.setReadTimeout((int) timeout.toMillis());
            c.setRequestProperty("Authorization", "Bearer " + token);
            if (body != null) {
                c.setDoOutput(true);
                if (body.length > 0) {
                    c.setRequestProperty("Content-Type", "application/json");
                }
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int code = c.getResponseCode();
            // an error's body (4xx, 5xx) comes on the error stream
            try (InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream()) {
                return new Response(code, JSON.std.mapFrom(in == null ? new byte[0] : in.readAllBytes()));
            }
        } catch (java.net.ConnectException e) {
            throw new IOException("the gateway is not running (nothing answers at " + base + ")");
        } finally {
            // no kept-alive socket, and so no keep-alive thread, between a command's few requests
            c.disconnect();
        }
    }
}
