package io.streetgate.distribution;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code streetgate override}: what it sends to the gateway's status endpoint, what it prints of the answer,
 * and what it refuses before sending anything.
 */
class OverrideCommandTest {

    @TempDir
    Path state;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final List<Map<String, Object>> received = new ArrayList<>();
    HttpServer endpoint;

    /** A status endpoint on loopback that records each command and answers like the control component. */
    void endpoint(int code, Map<String, Object> answer) throws Exception {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1);
        endpoint.createContext("/command", exchange -> {
            assertEquals("Bearer secret-token", exchange.getRequestHeaders().getFirst("Authorization"));
            received.add(JSON.std.mapFrom(exchange.getRequestBody().readAllBytes()));
            byte[] body = JSON.std.asBytes(answer);
            exchange.sendResponseHeaders(code, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        endpoint.start();
        Files.writeString(state.resolve("status.token"), "secret-token\n");
        Files.writeString(state.resolve("status.endpoint"), "http://127.0.0.1:" + endpoint.getAddress().getPort() + "\n");
    }

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.stop(0);
        }
    }

    int run(String... args) {
        CommandLine cli = Streetgate.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("override"));
        all.addAll(List.of(args));
        all.addAll(List.of("--state-dir", state.toString()));
        return cli.execute(all.toArray(new String[0]));
    }

    @Test
    void anOverrideIsSentAsTheActuatorOverrideCommandAndItsAcknowledgementPrinted() throws Exception {
        endpoint(200, Map.of("accepted", true, "reason", "lamp-1 overridden to 0.8 until 2026-06-21T22:30:00Z",
                "details", Map.of("actuator", "lamp-1", "previous_level", 0.4)));
        assertEquals(0, run("lamp-1", "--level", "0.8", "--for", "30m", "--note", "street market"));
        Map<String, Object> sent = received.get(0);
        assertEquals("actuator.override", sent.get("name"));
        assertEquals("lamp-1", sent.get("target"));
        assertEquals(Map.of("level", 0.8, "for", "30m", "note", "street market"), sent.get("arguments"));
        assertTrue(String.valueOf(sent.get("origin")).startsWith("cli:"));
        // the gateway's UTC is shown in the local time of whoever runs the command, to the second
        String local = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz")
                .format(java.time.Instant.parse("2026-06-21T22:30:00Z").atZone(java.time.ZoneId.systemDefault()));
        assertTrue(out.toString().contains("lamp-1 overridden to 0.8 until " + local), out.toString());
        assertTrue(out.toString().contains("  previous_level: 0.4"), out.toString());
    }

    @Test
    void aBareNumberForIsSecondsAsTheCommandTakesIt() throws Exception {
        endpoint(200, Map.of("accepted", true, "reason", "lamp-1 overridden to 0.5", "details", Map.of()));
        assertEquals(0, run("lamp-1", "--level", "0.5", "--for", "90"));
        assertEquals(Map.of("level", 0.5, "for", 90), received.get(0).get("arguments"));
    }

    @Test
    void onOffUntilAndReleaseAreSentAsTheyAreMeant() throws Exception {
        endpoint(200, Map.of("accepted", true, "reason", "ok", "details", Map.of()));
        assertEquals(0, run("heater", "--off", "--until", "2026-06-21T23:00:00Z"));
        assertEquals(Map.of("on", false, "until", "2026-06-21T23:00:00Z"), received.get(0).get("arguments"));
        assertEquals(0, run("heater", "--release"));
        assertEquals("actuator.release", received.get(1).get("name"));
        assertEquals(Map.of(), received.get(1).get("arguments"));
    }

    @Test
    void aRefusalIsPrintedWithItsReasonAndExitsWithTwo() throws Exception {
        endpoint(422, Map.of("accepted", false, "reason", "no actuator 'lamp-9'; known: lamp-1, lamp-2"));
        assertEquals(Streetgate.EXIT_BAD_INPUT, run("lamp-9", "--on", "--for", "1h"));
        assertTrue(err.toString().contains("refused: no actuator 'lamp-9'; known: lamp-1, lamp-2"), err.toString());
    }

    @Test
    void withoutAnExpiryOrWithTwoLevelsNothingIsSent() throws Exception {
        endpoint(200, Map.of("accepted", true, "reason", "ok", "details", Map.of()));
        assertEquals(Streetgate.EXIT_BAD_INPUT, run("lamp-1", "--level", "0.8"));
        assertTrue(err.toString().contains("an override needs an expiry"), err.toString());
        assertEquals(Streetgate.EXIT_BAD_INPUT, run("lamp-1", "--level", "0.8", "--on", "--for", "1h"));
        assertEquals(Streetgate.EXIT_BAD_INPUT, run("lamp-1", "--release", "--for", "1h"));
        assertEquals(List.of(), received);
        assertTrue(new String(Files.readAllBytes(state.resolve("status.token")), StandardCharsets.US_ASCII).contains("secret"));
    }
}
