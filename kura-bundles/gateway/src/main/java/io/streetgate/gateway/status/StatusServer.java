package io.streetgate.gateway.status;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streetgate.driver.HealthState;
import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.CommandHandler;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.CommandRouter;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.api.SelfTestable;
import io.streetgate.gateway.api.SimulationControl;
import io.streetgate.gateway.api.net.PlainListener;
import io.streetgate.gateway.api.secret.Secrets;
import io.streetgate.site.ConfigAdminMapping;
import io.streetgate.site.osgi.CurrentSite;
import io.streetgate.driver.time.TimeBase;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The local status endpoint: HTTP on loopback (it refuses any other address: it has no TLS), every request
 * authenticated with the bearer token from {@code <state dir>/status.token} (created 0600 on first start).
 * {@code GET /status} serves the {@link StatusReport}; {@code GET /health} answers 200 unless something is
 * faulty (for watchdogs and the OTA health check); {@code POST /command} with a JSON command ({@code name},
 * {@code target}, {@code arguments}) runs it through the component that owns it, as a command from the uplink
 * would; on a simulated street {@code POST /sim/fault?device=..&fault=..} and
 * {@code DELETE /sim/fault?device=..} break and mend devices and {@code POST /sim/motion?device=..} makes someone
 * pass a PIR; {@code /selftest} tests the configured devices
 * ({@link #selfTest}).
 * <p>
 * It stays one class because every route shares the token check, the bind rule and the services it was
 * given (commands, self-tests, the simulation); the report itself is {@link StatusReport}, the tests
 * {@link SelfTests}.
 */
@Component(immediate = true, service = {}, configurationPid = ConfigAdminMapping.STATUS_PID)
@Designate(ocd = StatusServer.Config.class)
public class StatusServer {

    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
    public static final String STATE_DIR_PROPERTY = "streetgate.state.dir";

    @ObjectClassDefinition(name = "streetgate status endpoint",
            description = "Token-protected HTTP status endpoint that `streetgate status` reads.")
    public @interface Config {
        @AttributeDefinition(description = "Listen address: a loopback address (the endpoint refuses any other)")
        String host() default "127.0.0.1";

        @AttributeDefinition(description = "TCP port", min = "1", max = "65535")
        int port() default 8087;
    }

    private final BundleContext context;
    private final HealthRegistry health;
    private final ServiceComponentRuntime scr;
    private final CurrentSite site;
    private final TimeBase time;
    private final byte[] token;
    private final HttpServer server;
    private final ExecutorService executor;
    private final long startedNanos = System.nanoTime();
    private volatile SimulationControl simulation;
    private final List<CommandHandler> commandHandlers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<SelfTestable> selfTestables = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final SelfTests selfTests;

    @Activate
    public StatusServer(BundleContext context, @Reference HealthRegistry health,
                        @Reference ServiceComponentRuntime scr, @Reference CurrentSite site,
                        @Reference TimeBase time, Config config) throws IOException {
        this.context = context;
        this.health = health;
        this.scr = scr;
        this.site = site;
        this.time = time;
        InetSocketAddress address;
        try {
            address = bindAddress(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Status endpoint not started: {}", e.getMessage());
            throw e;
        }
        String stateDir = context.getProperty(STATE_DIR_PROPERTY);
        Path tokenFile = Path.of(stateDir == null ? "." : stateDir, "status.token");
        this.token = Secrets.readOrCreateToken(tokenFile).getBytes(StandardCharsets.US_ASCII);
        this.selfTests = new SelfTests(site::config, selfTestables, commandHandlers, health, time);
        this.server = HttpServer.create(address, 8);
        // two threads: a self-test that waits for a slow device never holds up /status and /health
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "sg-status");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        String endpoint = "http://" + config.host() + ":" + server.getAddress().getPort();
        java.nio.file.Files.writeString(tokenFile.resolveSibling("status.endpoint"), endpoint + "\n");
        LOG.info("Status endpoint on http://{}:{}/status (token in {})", config.host(), config.port(), tokenFile);
    }

    /** Where the endpoint listens: loopback only, since it has no TLS and its requests carry the token. */
    static InetSocketAddress bindAddress(Config config) {
        return new InetSocketAddress(PlainListener.loopbackAddress("status.host", config.host(), config.port(),
                "the status endpoint"), config.port());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setSimulation(SimulationControl control) {
        this.simulation = control;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCommandHandler(CommandHandler handler) {
        commandHandlers.add(handler);
    }

    void removeCommandHandler(CommandHandler handler) {
        commandHandlers.remove(handler);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSelfTestable(SelfTestable testable) {
        selfTestables.add(testable);
    }

    void removeSelfTestable(SelfTestable testable) {
        selfTestables.remove(testable);
    }

    void unsetSimulation(SimulationControl control) {
        if (this.simulation == control) {
            this.simulation = null;
        }
    }

    @Deactivate
    void deactivate() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!authorised(exchange)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                send(exchange, 401, Map.of("error", "missing or wrong bearer token; it is in the state directory's "
                        + "status.token"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case "/status" -> send(exchange, 200, StatusReport.toMap(inputs()));
                case "/health" -> {
                    HealthState state = StatusReport.overall(inputs());
                    send(exchange, state == HealthState.FAULTY ? 503 : 200, Map.of("state", state.name().toLowerCase()));
                }
                case "/sim/fault" -> simulationFault(exchange, method);
                case "/sim/motion" -> simulationMotion(exchange, method);
                case "/command" -> command(exchange, method);
                case "/selftest" -> selfTest(exchange, method);
                case "/selftest/hold" -> selfTestHold(exchange, method);
                default -> send(exchange, 404, Map.of("error", "no such resource; try /status or /health"));
            }
        } catch (RuntimeException e) {
            LOG.warn("Status request failed", e);
        }
    }

    private void simulationFault(HttpExchange exchange, String method) throws IOException {
        SimulationControl sim = simulation;
        if (sim == null) {
            send(exchange, 409, Map.of("error", "the gateway is not running a simulated street"));
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI());
        try {
            String device = query.getOrDefault("device", "");
            if (method.equals("POST")) {
                sim.injectFault(device, query.getOrDefault("fault", ""));
            } else if (method.equals("DELETE")) {
                sim.clearFault(device);
            } else {
                send(exchange, 405, Map.of("error", "use POST to inject a fault or DELETE to clear it"));
                return;
            }
            send(exchange, 200, Map.of("device", device, "result", "ok"));
        } catch (IllegalArgumentException e) {
            send(exchange, 400, Map.of("error", e.getMessage()));
        }
    }

    private void simulationMotion(HttpExchange exchange, String method) throws IOException {
        SimulationControl sim = simulation;
        if (sim == null) {
            send(exchange, 409, Map.of("error", "the gateway is not running a simulated street"));
            return;
        }
        if (!method.equals("POST")) {
            send(exchange, 405, Map.of("error", "use POST to make someone pass a simulated PIR"));
            return;
        }
        String device = query(exchange.getRequestURI()).getOrDefault("device", "");
        try {
            sim.passerBy(device);
            send(exchange, 200, Map.of("device", device, "result", "ok"));
        } catch (IllegalArgumentException e) {
            send(exchange, 400, Map.of("error", e.getMessage()));
        }
    }

    private void command(HttpExchange exchange, String method) throws IOException {
        if (!method.equals("POST")) {
            send(exchange, 405, Map.of("error", "POST a JSON command: {\"name\": ..., \"target\": ..., \"arguments\": {...}}"));
            return;
        }
        Map<String, Object> body;
        try (var in = exchange.getRequestBody()) {
            body = JSON.std.mapFrom(in.readNBytes(64 * 1024));
        } catch (IOException | RuntimeException e) {
            send(exchange, 400, Map.of("error", "the body is not a JSON object: " + e.getMessage()));
            return;
        }
        if (!(body.get("name") instanceof String name) || name.isBlank()) {
            send(exchange, 400, Map.of("error", "the command has no name"));
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> arguments = body.get("arguments") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Command command = new Command(java.util.UUID.randomUUID().toString(), name,
                String.valueOf(body.getOrDefault("target", "")), arguments,
                "local:" + body.getOrDefault("origin", "cli"), time.now());
        CommandResult result = CommandRouter.route(command, commandHandlers);
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("id", command.id());
        answer.put("accepted", result.accepted());
        answer.put("reason", result.reason());
        answer.put("details", result.details());
        send(exchange, result.accepted() ? 200 : 422, answer);
    }

    /**
     * {@code GET /selftest}: the devices that can be tested. {@code POST /selftest?device=ID[&timeout=S]}: tests
     * one ({@code 404} for an unknown id); {@code POST /selftest}: tests every device in turn.
     */
    private void selfTest(HttpExchange exchange, String method) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI());
        String node = site.config().map(s -> s.node().id()).orElse("");
        if (method.equals("GET")) {
            send(exchange, 200, Map.of("node", node, "simulated", simulation != null, "devices",
                    selfTests.devices().stream().map(SelfTests.Device::toMap).toList()));
            return;
        }
        if (!method.equals("POST")) {
            send(exchange, 405, Map.of("error", "GET lists the devices, POST tests them (?device=ID for one)"));
            return;
        }
        Duration timeout;
        try {
            timeout = Duration.ofSeconds(Math.max(1, Math.min(300, Long.parseLong(query.getOrDefault("timeout", "30")))));
        } catch (NumberFormatException e) {
            send(exchange, 400, Map.of("error", "timeout '" + query.get("timeout") + "' is not a whole number of seconds"));
            return;
        }
        if (query.containsKey("device")) {
            var device = knownDevice(exchange, query.get("device"));
            if (device != null) {
                send(exchange, 200, selfTests.test(device, timeout));
            }
            return;
        }
        List<Map<String, Object>> results = selfTests.devices().stream().map(d -> selfTests.test(d, timeout)).toList();
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("node", node);
        answer.put("passed", results.stream().allMatch(r -> Boolean.TRUE.equals(r.get("passed"))));
        answer.put("results", results);
        send(exchange, 200, answer);
    }

    /**
     * {@code POST /selftest/hold?device=ID&seconds=N}: puts an actuator at its test level for a person to look at,
     * for at most N seconds; {@code DELETE /selftest/hold?device=ID} gives it back to its control.
     */
    private void selfTestHold(HttpExchange exchange, String method) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI());
        SelfTests.Device device = knownDevice(exchange, query.getOrDefault("device", ""));
        if (device == null) {
            return;
        }
        if (!device.kind().equals(SelfTestable.ACTUATOR)) {
            send(exchange, 400, Map.of("error", device.id() + " is a " + device.kind() + "; only actuators are held"));
            return;
        }
        if (method.equals("DELETE")) {
            CommandResult released = selfTests.release(device);
            send(exchange, released.accepted() ? 200 : 422, Map.of("device", device.id(), "accepted",
                    released.accepted(), "reason", released.reason()));
        } else if (method.equals("POST")) {
            try {
                Duration hold = Duration.ofSeconds(Long.parseLong(query.getOrDefault("seconds", "60")));
                SelfTests.Held held = selfTests.hold(device, hold);
                send(exchange, held.accepted() ? 200 : 422, held.toMap(device.id()));
            } catch (IllegalArgumentException e) {
                send(exchange, 400, Map.of("error", e.getMessage()));
            }
        } else {
            send(exchange, 405, Map.of("error", "POST holds the test level, DELETE ends it"));
        }
    }

    /** The device by id, or null after answering 404 with the known ids. */
    private SelfTests.Device knownDevice(HttpExchange exchange, String id) throws IOException {
        var device = selfTests.device(id);
        if (device.isEmpty()) {
            send(exchange, 404, Map.of("error", "no device '" + id + "' in the site file; devices: "
                    + selfTests.devices().stream().map(SelfTests.Device::id).collect(Collectors.joining(", "))));
            return null;
        }
        return device.get();
    }

    private boolean authorised(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, token);
    }

    StatusReport.Inputs inputs() {
        List<StatusReport.BundleInfo> bundles = Arrays.stream(context.getBundles())
                .map(b -> new StatusReport.BundleInfo(b.getSymbolicName(), b.getVersion().toString(), state(b),
                        b.getHeaders("").get(Constants.FRAGMENT_HOST) != null))
                .toList();
        List<StatusReport.DsComponent> components = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            var configs = scr.getComponentConfigurationDTOs(d);
            if (configs.isEmpty()) {
                components.add(new StatusReport.DsComponent(d.name, d.bundle.symbolicName,
                        scr.isComponentEnabled(d) ? "waiting for configuration" : "disabled",
                        d.configurationPid.length > 0 ? "no configuration " + String.join(", ", d.configurationPid) : ""));
            }
            for (ComponentConfigurationDTO c : configs) {
                components.add(new StatusReport.DsComponent(d.name, d.bundle.symbolicName, state(c.state), reason(c)));
            }
        }
        String node = site.config().map(s -> s.node().id()).orElse("");
        return new StatusReport.Inputs(node, time.now(), Duration.ofNanos(System.nanoTime() - startedNanos),
                simulation != null, time.speed(), health.snapshot(), bundles, components,
                String.valueOf(site.file()), site.problems(), JvmFootprint.now());
    }

    private static String reason(ComponentConfigurationDTO c) {
        if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
            return "waiting for " + Arrays.stream(c.unsatisfiedReferences)
                    .map(StatusServer::describe).collect(Collectors.joining(", "));
        }
        if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION && c.failure != null) {
            String firstLine = c.failure.lines().findFirst().orElse("");
            return firstLine;
        }
        return "";
    }

    private static String describe(UnsatisfiedReferenceDTO r) {
        return r.name + (r.target == null ? "" : " " + r.target);
    }

    private static String state(int dsState) {
        return switch (dsState) {
            case ComponentConfigurationDTO.ACTIVE -> "active";
            case ComponentConfigurationDTO.SATISFIED -> "satisfied";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "unsatisfied reference";
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "waiting for configuration";
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "failed activation";
            default -> "state " + dsState;
        };
    }

    private static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static void send(HttpExchange exchange, int code, Map<String, ?> body) throws IOException {
        byte[] bytes = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
