package io.streetgate.console;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** What every console handler needs of a request and a response: bounded JSON bodies, cookies, headers. */
final class Http {

    static final int MAX_BODY = 16 * 1024;
    static final String SESSION_COOKIE = "sg_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    // everything the pages use is shipped in the bundle; nothing inline, nothing from elsewhere, never framed
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /** A request the console refuses, with the HTTP status and a message a person can act on. */
    static final class Refusal extends RuntimeException {
        final int status;

        Refusal(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private Http() {
    }

    static void securityHeaders(HttpExchange exchange) {
        var h = exchange.getResponseHeaders();
        h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
    }

    /** The JSON object of a POST body: refused unless it is JSON (a cross-site form cannot send that) and small. */
    static Map<String, Object> jsonBody(HttpExchange exchange) throws IOException {
        return jsonBody(exchange, MAX_BODY);
    }

    /** ... of at most {@code maxBytes} (a site file's text is larger than any other request). */
    static Map<String, Object> jsonBody(HttpExchange exchange, int maxBytes) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new Refusal(415, "send the request as application/json");
        }
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(maxBytes + 1);
        }
        if (bytes.length > maxBytes) {
            throw new Refusal(413, "the request body is larger than " + maxBytes / 1024 + " KiB");
        }
        if (bytes.length == 0) {
            return Map.of();
        }
        try {
            return JSON.std.mapFrom(bytes);
        } catch (IOException | RuntimeException e) {
            throw new Refusal(400, "the body is not a JSON object");
        }
    }

    static String text(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new Refusal(400, "'" + key + "' is missing; send it as a JSON string");
        }
        return s;
    }

    static Optional<String> cookie(HttpExchange exchange, String name) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
            for (String pair : header.split(";")) {
                String p = pair.trim();
                if (p.startsWith(name + "=")) {
                    return Optional.of(p.substring(name.length() + 1));
                }
            }
        }
        return Optional.empty();
    }

    /** The session cookie: not readable by scripts, sent only over HTTPS and only by the console's own pages. */
    static void setSessionCookie(HttpExchange exchange, String id) {
        exchange.getResponseHeaders().add("Set-Cookie", SESSION_COOKIE + "=" + id
                + "; Path=/; HttpOnly; Secure; SameSite=Strict");
    }

    static void clearSessionCookie(HttpExchange exchange) {
        exchange.getResponseHeaders().add("Set-Cookie", SESSION_COOKIE + "=; Path=/; HttpOnly; Secure; "
                + "SameSite=Strict; Max-Age=0");
    }

    /**
     * Refuses a state-changing request another site's page made: the browser names the requesting origin in
     * {@code Origin} and {@code Sec-Fetch-Site}; either must agree with the console's own.
     */
    static void sameOrigin(HttpExchange exchange) {
        String fetchSite = exchange.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            throw new Refusal(403, "a request from another site is refused");
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (origin != null && !origin.equals("null") && !origin.equals("https://" + host)) {
            throw new Refusal(403, "a request from " + origin + " is refused; use the console's own page");
        }
    }

    /** One parameter of the query string (the console's pages use one at a time), or the fallback. */
    static String parameter(URI uri, String name, String fallback) {
        String raw = uri.getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return fallback;
    }

    static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", JSON.std.asBytes(body));
    }

    static void send(HttpExchange exchange, int status, String type, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static void download(HttpExchange exchange, String fileName, String type, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        send(exchange, 200, type, bytes);
    }
}
