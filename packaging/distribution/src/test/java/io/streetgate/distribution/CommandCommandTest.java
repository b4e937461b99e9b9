package io.streetgate.distribution;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpServer;
import io.streetgate.ota.message.CampaignNotice;
import io.streetgate.ota.message.OtaMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code streetgate command}: its help's campaign example, typed as shown, is a notice the OTA agent reads. */
class CommandCommandTest {

    @TempDir
    Path state;
    final List<Map<String, Object>> received = new ArrayList<>();
    HttpServer endpoint;

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.stop(0);
        }
    }

    @Test
    void theHelpsCampaignExampleTypedAsShownIsAHaltNoticeTheAgentReads() throws Exception {
        StringWriter help = new StringWriter();
        CommandLine cli = Streetgate.commandLine();
        cli.setOut(new PrintWriter(help, true));
        assertEquals(0, cli.execute("command", "--help"));
        // the example as a shell reads it: continued lines joined
        String example = help.toString().replace(" \\\n", " ").lines().map(String::strip)
                .filter(l -> l.startsWith("streetgate command ota.campaign ")).findFirst()
                .orElseThrow(() -> new AssertionError("no campaign example in:\n" + help));
        assertTrue(help.toString().lines().allMatch(l -> l.length() <= 80), help.toString());

        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1);
        endpoint.createContext("/command", exchange -> {
            received.add(JSON.std.mapFrom(exchange.getRequestBody().readAllBytes()));
            byte[] body = JSON.std.asBytes(Map.of("accepted", true, "reason", "taken"));
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        endpoint.start();
        Files.writeString(state.resolve("status.token"), "secret-token\n");
        Files.writeString(state.resolve("status.endpoint"), "http://127.0.0.1:" + endpoint.getAddress().getPort() + "\n");

        List<String> typed = new ArrayList<>(Arrays.asList(example.split(" +")).subList(1, example.split(" +").length));
        typed.addAll(List.of("--state-dir", state.toString()));
        CommandLine run = Streetgate.commandLine();
        run.setOut(new PrintWriter(new StringWriter(), true));
        assertEquals(0, run.execute(typed.toArray(new String[0])));

        assertEquals("ota.campaign", received.get(0).get("name"));
        @SuppressWarnings("unchecked")
        Map<String, Object> arguments = (Map<String, Object>) received.get(0).get("arguments");
        CampaignNotice notice = OtaMessages.notice(arguments);
        assertEquals(CampaignNotice.Action.HALT, notice.action());
        assertTrue(notice.notAfter().isAfter(Instant.parse("2029-01-01T00:00:00Z")), notice.toString());
    }
}
