package io.streetgate.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The console's HTTPS server (the JDK's, as the status endpoint's: docs/design.md) and the checks every
 * request passes before a handler sees it: the session cookie, the role the route needs, and for a
 * state-changing request the CSRF token and the same-origin check. The pages are three files shipped in the
 * bundle; everything else is {@code /api/...} (docs/console.md lists it).
 */
public final class ConsoleServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html", "/index.html", "index.html",
            "/console.css", "console.css", "/console.js", "console.js");
    /** Threads serving requests at most; each live event stream holds one. */
    static final int MAX_THREADS = 16;

    /** What a route needs and does. */
    interface Handler {
        void handle(HttpExchange exchange, Sessions.Session session) throws IOException;
    }

    private record Route(Role role, Handler handler) {
    }

    private final HttpsServer server;
    private final ThreadPoolExecutor executor;
    private final ExecutorService background;
    private final ExecutorService scanThread;
    private final Sessions sessions;
    private final Map<String, Route> routes = new HashMap<>();
    private final Map<String, byte[]> assets = new HashMap<>();
    private final AuthHandlers auth;
    private final SiteFileEditor siteFile;

    /**
     * Starts serving.
     *
     * @param logs         the log's recent lines; null where the framework's log cannot be read (the page says so)
     * @param provisioning the Provisioning page; null where the framework's launcher lacks provisioning (Kura)
     */
    public ConsoleServer(InetSocketAddress address, SSLContext tls, Accounts accounts, Sessions sessions,
                         ConsoleAudit audit, GatewayView gateway, ReadingHistory readings, LogBuffer logs,
                         SiteFileEditor siteFile, ProvisioningPage provisioning, Clock clock) throws IOException {
        this.sessions = sessions;
        this.siteFile = siteFile;
        for (String file : ASSETS.values()) {
            try (InputStream in = ConsoleServer.class.getResourceAsStream("web/" + file)) {
                if (in == null) {
                    throw new IOException("the console bundle lacks its page web/" + file);
                }
                assets.put(file, in.readAllBytes());
            }
        }
        this.background = Executors.newSingleThreadExecutor(r -> daemon(r, "sg-console-selftest"));
        this.scanThread = Executors.newSingleThreadExecutor(r -> daemon(r, "sg-console-scan"));
        this.auth = new AuthHandlers(accounts, sessions, audit, clock);
        GatewayHandlers g = new GatewayHandlers(gateway, readings, logs, audit, sessions,
                new SelfTestRun(gateway, background, clock), siteFile, new BusScanRun(gateway, scanThread, clock));
        get("/api/me", null, auth::me);
        post("/api/setup", null, auth::setup);
        post("/api/login", null, auth::login);
        post("/api/logout", Role.VIEWER, auth::logout);
        get("/api/accounts", Role.ADMIN, auth::list);
        post("/api/accounts", Role.ADMIN, auth::create);
        get("/api/overview", Role.VIEWER, g::overview);
        get("/api/readings", Role.VIEWER, g::readings);
        get("/api/events", Role.VIEWER, g::events);
        post("/api/override", Role.TECHNICIAN, g::override);
        post("/api/release", Role.TECHNICIAN, g::release);
        get("/api/selftest", Role.VIEWER, g::selfTestState);
        post("/api/selftest", Role.TECHNICIAN, g::selfTestStart);
        get("/api/selftest/report", Role.VIEWER, g::selfTestReport);
        get("/api/logs", Role.VIEWER, g::logs);
        get("/api/logs/download", Role.VIEWER, g::logsDownload);
        get("/api/audit", Role.VIEWER, g::audit);
        // the site file may name credential files and the node's layout: technicians read and change it
        get("/api/site", Role.TECHNICIAN, g::site);
        post("/api/site/check", Role.TECHNICIAN, g::siteCheck);
        post("/api/site/apply", Role.TECHNICIAN, g::siteApply);
        get("/api/updates", Role.VIEWER, g::updates);
        get("/api/scan", Role.VIEWER, g::scanState);
        // a scan asks every address and unit id of the buses: an action, as the self-test is
        post("/api/scan", Role.TECHNICIAN, g::scanStart);
        // the node's identity: what an admin gives a node once, as `streetgate provision` does
        if (provisioning != null) {
            get("/api/provision", Role.ADMIN, provisioning::state);
            post("/api/provision", Role.ADMIN, provisioning::apply);
            get("/api/provision/csr", Role.ADMIN, provisioning::csr);
            get("/api/provision/nodes", Role.ADMIN, provisioning::nodes);
            post("/api/provision/nodes", Role.ADMIN, provisioning::addNode);
            post("/api/provision/nodes/remove", Role.ADMIN, provisioning::removeNode);
        } else {
            Handler absent = (exchange, session) -> {
                throw new Http.Refusal(503, "this gateway's console has no provisioning (its framework's launcher "
                        + "does not export it); use streetgate provision on the node");
            };
            get("/api/provision", Role.ADMIN, absent);
            post("/api/provision", Role.ADMIN, absent);
            get("/api/provision/csr", Role.ADMIN, absent);
            get("/api/provision/nodes", Role.ADMIN, absent);
            post("/api/provision/nodes", Role.ADMIN, absent);
            post("/api/provision/nodes/remove", Role.ADMIN, absent);
        }

        this.server = HttpsServer.create(address, 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setProtocols(new String[]{"TLSv1.3", "TLSv1.2"});
                params.setSSLParameters(p);
            }
        });
        // as many threads as MAX_THREADS before anything queues (a pool grows past its core size only when its
        // queue is full, and a live event stream holds its thread); idle ones end after 30 s
        this.executor = new ThreadPoolExecutor(MAX_THREADS, MAX_THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64),
                r -> daemon(r, "sg-console"));
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        background.shutdownNow();
        scanThread.shutdownNow();
        siteFile.close();
    }

    private void get(String path, Role role, Handler handler) {
        routes.put("GET " + path, new Route(role, handler));
    }

    private void post(String path, Role role, Handler handler) {
        routes.put("POST " + path, new Route(role, handler));
    }

    private void handle(HttpExchange exchange) {
        // the exchange is closed after the refusal is written (a try-with-resources would close it first)
        try {
            Http.securityHeaders(exchange);
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String asset = ASSETS.get(path);
            if (asset != null && method.equals("GET")) {
                Http.send(exchange, 200, type(asset), assets.get(asset));
                return;
            }
            Route route = routes.get(method + " " + path);
            if (route == null) {
                boolean known = routes.keySet().stream().anyMatch(k -> k.endsWith(" " + path));
                Http.json(exchange, known ? 405 : 404, Map.of("error", known ? method + " is not allowed on " + path
                        : "no such page: " + path));
                return;
            }
            Optional<Sessions.Session> session = Http.cookie(exchange, Http.SESSION_COOKIE).flatMap(sessions::find);
            if (!method.equals("GET")) {
                Http.sameOrigin(exchange);
            }
            if (route.role() != null) {
                if (session.isEmpty()) {
                    throw new Http.Refusal(401, "log in first (your session may have expired)");
                }
                if (!method.equals("GET") && !session.get().csrfMatches(
                        exchange.getRequestHeaders().getFirst(Http.CSRF_HEADER))) {
                    throw new Http.Refusal(403, "the request lacks this session's CSRF token; reload the page");
                }
                if (!session.get().role().allows(route.role())) {
                    throw new Http.Refusal(403, "your role (" + session.get().role().label() + ") may not do this; "
                            + "it needs " + route.role().label());
                }
            }
            route.handler().handle(exchange, session.orElse(null));
        } catch (Http.Refusal r) {
            answer(exchange, r.status, r.getMessage());
        } catch (IOException e) {
            // the browser went away (a closed tab ends its event stream this way)
            LOG.debug("Console request ended: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Console request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
            answer(exchange, 500, "the console failed on this request: " + e.getMessage());
        } finally {
            exchange.close();
        }
    }

    private static void answer(HttpExchange exchange, int status, String message) {
        try {
            // a refusal may leave the request's body unread: the connection is not reused after it, so that a
            // client's next request never goes out on a connection the server is closing
            exchange.getResponseHeaders().set("Connection", "close");
            Http.json(exchange, status, Map.of("error", message));
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not answer {}: {}", status, e.getMessage());
        }
    }

    private static String type(String file) {
        return file.endsWith(".html") ? "text/html; charset=utf-8"
                : file.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
