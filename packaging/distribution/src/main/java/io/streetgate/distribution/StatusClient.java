package io.streetgate.distribution;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Talks to a running gateway's status endpoint, with the token and address it left in the state folder. */
final class StatusClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
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
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response post(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** A POST whose answer may take longer than the usual 10 s (a device's self-test). */
    Response post(String path, Duration timeout) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()), timeout);
    }

    Response post(String path, Map<String, Object> json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.std.asBytes(json))));
    }

    Response delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return send(request, Duration.ofSeconds(10));
    }

    private Response send(HttpRequest.Builder request, Duration timeout) throws IOException, InterruptedException {
        try {
            HttpResponse<byte[]> r = http.send(request.header("Authorization", "Bearer " + token)
                    .timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), JSON.std.mapFrom(r.body()));
        } catch (java.net.ConnectException e) {
            throw new IOException("the gateway is not running (nothing answers at " + base + ")");
        }
    }
}
