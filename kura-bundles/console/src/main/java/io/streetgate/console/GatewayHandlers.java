package io.streetgate.console;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.ota.message.UpdateState;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** The pages' data: overview, readings, the live event stream, overrides, self-test, logs and the audit. */
final class GatewayHandlers {

    /** Live event streams at most (each holds a server thread); more browsers get a clear refusal. */
    static final int MAX_STREAMS = 8;
    static final Set<String> OVERRIDE_ARGUMENTS = Set.of("level", "on", "for", "until", "note");
    private static final long TICK_MS = 1000;
    private static final int OVERVIEW_EVERY_TICKS = 2;
    private static final int KEEP_ALIVE_TICKS = 15;

    private final GatewayView gateway;
    private final ReadingHistory readings;
    private final LogBuffer logs;
    private final ConsoleAudit audit;
    private final Sessions sessions;
    private final SelfTestRun selfTest;
    private final SiteFileEditor siteFile;
    private final BusScanRun scan;
    private final AtomicInteger streams = new AtomicInteger();

    GatewayHandlers(GatewayView gateway, ReadingHistory readings, LogBuffer logs, ConsoleAudit audit,
                    Sessions sessions, SelfTestRun selfTest, SiteFileEditor siteFile, BusScanRun scan) {
        this.gateway = gateway;
        this.readings = readings;
        this.logs = logs;
        this.audit = audit;
        this.sessions = sessions;
        this.selfTest = selfTest;
        this.siteFile = siteFile;
        this.scan = scan;
    }

    void overview(HttpExchange exchange, Sessions.Session session) throws IOException {
        Http.json(exchange, 200, overview());
    }

    Map<String, Object> overview() {
        Map<String, Object> m = new LinkedHashMap<>(gateway.node());
        m.put("gateway_time", gateway.now().toString());
        List<Map<String, Object>> parts = new ArrayList<>();
        for (ComponentStatus p : gateway.parts()) {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("name", p.name());
            part.put("state", p.health().state().name().toLowerCase(Locale.ROOT));
            part.put("reason", p.health().reason());
            part.put("since", p.health().since().toString());
            part.put("details", p.details());
            parts.add(part);
            if (p.name().equals("uplink")) {
                m.put("uplink", part);
            }
        }
        m.put("parts", parts);
        return m;
    }

    void readings(HttpExchange exchange, Sessions.Session session) throws IOException {
        Http.json(exchange, 200, Map.of("series", readings.all()));
    }

    /**
     * Server-sent events (the HTML Living Standard's EventSource): {@code overview} every two seconds,
     * {@code readings} with the series that changed, {@code log} with new lines at the asked level or above;
     * the stream ends with a {@code session} event when the session does.
     */
    void events(HttpExchange exchange, Sessions.Session session) throws IOException {
        String level = level(exchange);
        if (streams.incrementAndGet() > MAX_STREAMS) {
            streams.decrementAndGet();
            throw new Http.Refusal(503, MAX_STREAMS + " live pages are open already; close one and reload");
        }
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            long readingCursor = 0;
            long logCursor = 0;
            for (long tick = 0; sessions.alive(session.id()); tick++) {
                if (tick % OVERVIEW_EVERY_TICKS == 0) {
                    event(out, "overview", overview());
                }
                List<Map<String, Object>> changed = readings.since(readingCursor);
                readingCursor = readings.sequence();
                if (!changed.isEmpty()) {
                    event(out, "readings", Map.of("series", changed));
                }
                if (logs != null) {
                    List<LogBuffer.Line> lines = logs.since(logCursor, level);
                    logCursor = lines.isEmpty() ? logCursor : lines.get(lines.size() - 1).sequence();
                    if (!lines.isEmpty()) {
                        event(out, "log", Map.of("lines", lines.stream().map(LogBuffer.Line::toMap).toList()));
                    }
                }
                if (tick % KEEP_ALIVE_TICKS == 0) {
                    out.write(ConsoleServer.utf8(": keep-alive\n\n"));
                }
                out.flush();
                try {
                    Thread.sleep(TICK_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            event(out, "session", Map.of("ended", true));
            out.close();
        } finally {
            streams.decrementAndGet();
        }
    }

    private static void event(OutputStream out, String name, Object data) throws IOException {
        out.write(ConsoleServer.utf8("event: " + name + "\ndata: " + JSON.std.asString(data) + "\n\n"));
    }

    void override(HttpExchange exchange, Sessions.Session session) throws IOException {
        Map<String, Object> body = Http.jsonBody(exchange);
        String target = Http.text(body, "target");
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : body.entrySet()) {
            if (e.getKey().equals("target")) {
                continue;
            }
            if (!OVERRIDE_ARGUMENTS.contains(e.getKey())) {
                throw new Http.Refusal(400, "'" + e.getKey() + "' is not an override argument; use "
                        + OVERRIDE_ARGUMENTS.stream().sorted().collect(Collectors.joining(", ")));
            }
            arguments.put(e.getKey(), e.getValue());
        }
        command(exchange, session, "actuator.override", target, arguments);
    }

    void release(HttpExchange exchange, Sessions.Session session) throws IOException {
        command(exchange, session, "actuator.release", Http.text(Http.jsonBody(exchange), "target"), Map.of());
    }

    /** Runs a control command as the account; the control audits it with {@code console:<account>} as origin. */
    private void command(HttpExchange exchange, Sessions.Session session, String name, String target,
                         Map<String, Object> arguments) throws IOException {
        CommandResult result = gateway.command(name, target, arguments, "console:" + session.account());
        audit.record(session.account(), name, target, result.accepted() ? "done" : "refused", result.reason());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accepted", result.accepted());
        answer.put("reason", result.reason());
        answer.put("details", result.details());
        Http.json(exchange, result.accepted() ? 200 : 422, answer);
    }

    void selfTestState(HttpExchange exchange, Sessions.Session session) throws IOException {
        Map<String, Object> state = new LinkedHashMap<>(selfTest.snapshot());
        state.put("available", gateway.selfTestDevices());
        Http.json(exchange, 200, state);
    }

    void selfTestStart(HttpExchange exchange, Sessions.Session session) throws IOException {
        Map<String, Object> started = selfTest.start(session.account());
        audit.record(session.account(), "selftest", "", "done", "started on " + ((List<?>) started.get("devices")).size()
                + " devices");
        Http.json(exchange, 200, started);
    }

    void selfTestReport(HttpExchange exchange, Sessions.Session session) throws IOException {
        Map<String, Object> report = selfTest.snapshot();
        if (!"finished".equals(report.get("state"))) {
            throw new Http.Refusal(409, "no finished self-test yet; run one first");
        }
        Http.download(exchange, "selftest-" + report.get("node") + ".json", "application/json",
                JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asBytes(report));
    }

    void logs(HttpExchange exchange, Sessions.Session session) throws IOException {
        if (logs == null) {
            Http.json(exchange, 200, Map.of("available", false, "reason", "this framework's log is not Logback; "
                    + "read the log where the framework writes it", "lines", List.of()));
            return;
        }
        List<Map<String, Object>> lines = logs.since(0, level(exchange)).stream().map(LogBuffer.Line::toMap).toList();
        Http.json(exchange, 200, Map.of("available", true, "lines", lines));
    }

    void logsDownload(HttpExchange exchange, Sessions.Session session) throws IOException {
        if (logs == null) {
            throw new Http.Refusal(409, "this framework's log is not Logback; read the log where it is written");
        }
        String text = logs.since(0, level(exchange)).stream().map(LogBuffer.Line::toText)
                .collect(Collectors.joining("\n", "", "\n"));
        Http.download(exchange, "streetgate-" + gateway.node().get("node") + ".log", "text/plain; charset=utf-8",
                ConsoleServer.utf8(text));
    }

    void site(HttpExchange exchange, Sessions.Session session) throws IOException {
        Http.json(exchange, 200, siteFile.view());
    }

    void siteCheck(HttpExchange exchange, Sessions.Session session) throws IOException {
        Http.json(exchange, 200, siteFile.check(siteText(exchange)));
    }

    void siteApply(HttpExchange exchange, Sessions.Session session) throws IOException {
        Http.json(exchange, 200, siteFile.apply(siteText(exchange), session.account()));
    }

    private static String siteText(HttpExchange exchange) throws IOException {
        // an empty text is a text too: the check says what it lacks
        if (Http.jsonBody(exchange, SiteFileEditor.MAX_TEXT * 2).get("text") instanceof String text) {
            return text;
        }
        throw new Http.Refusal(400, "'text' is missing; send the site file's text as a JSON string");
    }

    /**
     * The installed version and what the OTA agent reports as its part {@code ota} (docs/ota.md): what it
     * runs, the update it is working on, the last update's outcome; read only.
     */
    void updates(HttpExchange exchange, Sessions.Session session) throws IOException {
        Http.json(exchange, 200, updates());
    }

    Map<String, Object> updates() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("installed", gateway.node().get("version"));
        ComponentStatus agent = gateway.parts().stream().filter(p -> p.name().equals("ota")).findFirst().orElse(null);
        m.put("agent", agent != null);
        if (agent == null) {
            m.put("note", "no OTA agent runs here: the site file has no ota: section (docs/ota.md)");
            return m;
        }
        Map<String, Object> d = agent.details();
        m.put("health", agent.health().state().name().toLowerCase(Locale.ROOT));
        m.put("reason", agent.health().reason());
        m.put("running", d.get("running"));
        m.put("repository", d.get("repository"));
        UpdateState state = d.get("state") == null ? null : UpdateState.fromWire(String.valueOf(d.get("state")));
        if (state != null && !state.terminal()) {
            Map<String, Object> now = new LinkedHashMap<>();
            for (String key : List.of("state", "campaign", "version", "bytes", "total", "at")) {
                if (d.get(key) != null) {
                    now.put(key, d.get(key));
                }
            }
            m.put("in_progress", now);
        }
        if (d.get("last_update") != null) {
            m.put("last_update", d.get("last_update"));
        }
        return m;
    }

    void scanState(HttpExchange exchange, Sessions.Session session) throws IOException {
        Map<String, Object> state = scan.snapshot();
        try {
            state.put("defaults", gateway.scanDefaults());
        } catch (IllegalStateException e) {
            state.put("unavailable", e.getMessage());
        }
        Http.json(exchange, 200, state);
    }

    void scanStart(HttpExchange exchange, Sessions.Session session) throws IOException {
        Map<String, Object> body = Http.jsonBody(exchange);
        Map<String, Object> started;
        try {
            started = scan.start(session.account(), body);
        } catch (IllegalStateException e) {
            throw new Http.Refusal(409, e.getMessage());
        }
        audit.record(session.account(), "scan", "", "done", "units " + started.get("units") + ", "
                + started.get("timeout_ms") + " ms each");
        Http.json(exchange, 200, started);
    }

    void audit(HttpExchange exchange, Sessions.Session session) throws IOException {
        Http.json(exchange, 200, Map.of("records", audit.latest()));
    }

    private static String level(HttpExchange exchange) {
        String level = Http.parameter(exchange.getRequestURI(), "level", "INFO");
        try {
            LogBuffer.rank(level);
            return level;
        } catch (IllegalArgumentException e) {
            throw new Http.Refusal(400, e.getMessage());
        }
    }
}
