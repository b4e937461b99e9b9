package io.streetgate.console.internal;

import io.streetgate.console.Accounts;
import io.streetgate.console.ConsoleAudit;
import io.streetgate.console.ConsoleServer;
import io.streetgate.console.GatewayView;
import io.streetgate.console.LogBuffer;
import io.streetgate.console.NodeCertificate;
import io.streetgate.console.ProvisioningPage;
import io.streetgate.console.ReadingHistory;
import io.streetgate.console.Sessions;
import io.streetgate.console.SiteFileEditor;
import io.streetgate.driver.Measurement;
import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.BusScanner;
import io.streetgate.gateway.api.CommandHandler;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.CommandRouter;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.api.MeasurementListener;
import io.streetgate.gateway.api.SelfTestRunner;
import io.streetgate.gateway.api.SimulationControl;
import io.streetgate.provision.Provisioning;
import io.streetgate.site.ConfigAdminMapping;
import io.streetgate.site.SiteConfig;
import io.streetgate.site.SiteFile;
import io.streetgate.site.osgi.CurrentSite;
import io.streetgate.driver.time.TimeBase;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs the technician's console (docs/console.md) on the gateway's services: the health registry for the
 * overview, the readings as a {@link MeasurementListener}, the command handlers for overrides (so the
 * control audits them with the console account), the gateway's {@link SelfTestRunner}, and Logback's lines.
 */
@Component(immediate = true, service = MeasurementListener.class, configurationPid = ConfigAdminMapping.CONSOLE_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ConsoleComponent.Config.class)
public class ConsoleComponent implements MeasurementListener, GatewayView {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleComponent.class);
    private static final String STATE_DIR_PROPERTY = "streetgate.state.dir";

    @ObjectClassDefinition(name = "streetgate console",
            description = "The technician's web console: HTTPS with the node's own certificate, loopback unless configured otherwise.")
    public @interface Config {
        @AttributeDefinition(description = "Whether the console runs")
        boolean enabled() default true;

        @AttributeDefinition(description = "Listen address; loopback unless a service interface is named")
        String host() default "127.0.0.1";

        @AttributeDefinition(description = "TCP port", min = "1", max = "65535")
        int port() default 8443;

        @AttributeDefinition(description = "How long a session lasts without a request, in milliseconds",
                min = "60000", max = "43200000")
        long session_idle_ms() default 900_000L;
    }

    private final HealthRegistry health;
    private final CurrentSite site;
    private final TimeBase time;
    private final String version;
    private final List<CommandHandler> commandHandlers = new CopyOnWriteArrayList<>();
    private final ReadingHistory readings = new ReadingHistory();
    private volatile SelfTestRunner selfTests;
    private volatile SimulationControl simulation;
    private volatile BusScanner scanner;
    private ConsoleServer server;
    private AutoCloseable logTap;
    private boolean closed;

    @Activate
    public ConsoleComponent(BundleContext context, @Reference HealthRegistry health, @Reference CurrentSite site,
                            @Reference TimeBase time, Config config) {
        this.health = health;
        this.site = site;
        this.time = time;
        this.version = context.getBundle().getVersion().toString();
        if (!config.enabled()) {
            LOG.info("Console is off (console.enabled: false in the site file)");
            return;
        }
        String stateDir = context.getProperty(STATE_DIR_PROPERTY);
        Path dir = Path.of(stateDir == null ? "." : stateDir, "console");
        // started beside the gateway rather than in its start path: TLS and a first key cost a few hundred ms
        Thread starter = new Thread(() -> startLogged(dir, config), "sg-console-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void startLogged(Path dir, Config config) {
        long started = System.nanoTime();
        try {
            start(dir, config);
        } catch (IOException | RuntimeException e) {
            // the console is a convenience: the gateway runs on without it, and says why
            LOG.error("Console cannot start on {}:{}: {}", config.host(), config.port(), e.getMessage());
            close();
            return;
        }
        LOG.info("Console on https://{}:{}/ (started in {} ms)", config.host(), config.port(),
                (System.nanoTime() - started) / 1_000_000);
    }

    private synchronized void start(Path dir, Config config) throws IOException {
        if (closed) {
            return;
        }
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the files inside are still made owner-only where possible
        }
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        Accounts accounts = Accounts.open(dir, random);
        String node = site.config().map(s -> s.node().id()).orElse("streetgate");
        List<String> hosts = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
        if (node.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
            hosts.add(node);
        }
        if (!hosts.contains(config.host()) && !config.host().equals("0.0.0.0") && !config.host().equals("::")) {
            hosts.add(config.host());
        }
        NodeCertificate certificate = NodeCertificate.loadOrCreate(dir, "streetgate console " + node, hosts, clock,
                random);
        LogBuffer logs = new LogBuffer();
        try {
            logTap = LogbackTap.attach(logs);
        } catch (NoClassDefFoundError | ClassCastException e) {
            logs = null;
            LOG.info("Console log page is off: the framework's log is not Logback");
        }
        ConsoleAudit audit = new ConsoleAudit(dir, clock);
        ProvisioningPage provisioning;
        try {
            // the identity goes where `streetgate provision` puts it: <state>/identity, the site file's folder
            provisioning = new ProvisioningPage(new Provisioning(dir.getParent(), site.file().toAbsolutePath()
                    .getParent(), null, clock, random), dir.resolve("uploads"), audit, dir.getParent(),
                    () -> site.config().flatMap(SiteConfig::coap), random);
        } catch (NoClassDefFoundError e) {
            provisioning = null;
            LOG.info("Console provisioning page is off: the framework's launcher does not export provisioning");
        }
        server = new ConsoleServer(new InetSocketAddress(config.host(), config.port()), certificate.sslContext(),
                accounts, new Sessions(clock, Duration.ofMillis(config.session_idle_ms()), random), audit, this,
                readings, logs, new SiteFileEditor(this, dir, audit, clock, SiteFileEditor.TRIAL,
                SiteFileEditor.SETTLE), provisioning, clock);
        LOG.info("Console certificate SHA-256 {}{}", certificate.fingerprint(),
                certificate.created() ? " (made now, in " + dir.resolve("console.crt") + ")" : "");
        var code = accounts.setupCode();
        if (code.isPresent()) {
            // the one way in while no account exists; it is used up by the first account
            LOG.warn("Console has no account yet: open https://{}:{}/ and create the first (admin) account with the "
                    + "one-time code {} (also in {})", config.host(), server.address().getPort(), code.get(),
                    accounts.setupCodeFile());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCommandHandler(CommandHandler handler) {
        commandHandlers.add(handler);
    }

    void removeCommandHandler(CommandHandler handler) {
        commandHandlers.remove(handler);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setSelfTests(SelfTestRunner runner) {
        this.selfTests = runner;
    }

    void unsetSelfTests(SelfTestRunner runner) {
        if (this.selfTests == runner) {
            this.selfTests = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setSimulation(SimulationControl control) {
        this.simulation = control;
    }

    void unsetSimulation(SimulationControl control) {
        if (this.simulation == control) {
            this.simulation = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setScanner(BusScanner scanner) {
        this.scanner = scanner;
    }

    void unsetScanner(BusScanner scanner) {
        if (this.scanner == scanner) {
            this.scanner = null;
        }
    }

    @Deactivate
    synchronized void close() {
        closed = true;
        if (server != null) {
            server.close();
            server = null;
        }
        if (logTap != null) {
            try {
                logTap.close();
            } catch (Exception e) {
                LOG.debug("Log tap did not close: {}", e.getMessage());
            }
            logTap = null;
        }
    }

    @Override
    public void accept(Measurement measurement) {
        readings.add(measurement);
    }

    @Override
    public Map<String, Object> node() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", site.config().map(s -> s.node().id()).orElse(""));
        m.put("site", site.config().map(s -> s.node().site()).orElse(""));
        m.put("version", version);
        m.put("uptime_s", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        m.put("simulated", simulation != null);
        m.put("time_speed", time.speed());
        m.put("site_file", String.valueOf(site.file()));
        m.put("site_problems", site.problems().size());
        return m;
    }

    @Override
    public Map<String, Object> scanDefaults() {
        return scanner().defaults();
    }

    @Override
    public List<Map<String, Object>> scan(int firstUnit, int lastUnit, Duration unitTimeout) {
        return scanner().scan(firstUnit, lastUnit, unitTimeout);
    }

    private BusScanner scanner() {
        BusScanner s = scanner;
        if (s == null) {
            throw new IllegalStateException("the gateway's bus scan is not running (streetgate status)");
        }
        return s;
    }

    @Override
    public Path siteFile() {
        return site.file();
    }

    @Override
    public SiteFile.Result checkSite(String text) {
        return site.check(text);
    }

    @Override
    public SiteFile.Result reloadSite() {
        return site.reload();
    }

    @Override
    public List<ComponentStatus> parts() {
        return health.snapshot();
    }

    @Override
    public Instant now() {
        return time.now();
    }

    @Override
    public CommandResult command(String name, String target, Map<String, Object> arguments, String origin) {
        return CommandRouter.route(new Command(UUID.randomUUID().toString(), name, target, arguments, origin, time.now()),
                commandHandlers);
    }

    @Override
    public List<Map<String, Object>> selfTestDevices() {
        SelfTestRunner runner = selfTests;
        return runner == null ? List.of() : runner.devices();
    }

    @Override
    public Map<String, Object> selfTest(String deviceId, Duration timeout, String origin) {
        SelfTestRunner runner = selfTests;
        if (runner == null) {
            throw new IllegalStateException("the gateway's self-test is not running (streetgate status)");
        }
        return runner.test(deviceId, timeout, origin);
    }
}
