package io.streetgate.coap.internal;

import io.streetgate.site.ConfigAdminMapping;
import io.streetgate.analytics.quality.QualityConfig;
import io.streetgate.coap.GatewayKeyPair;
import io.streetgate.coap.NodeKeys;
import io.streetgate.coap.senml.MeasurementMapping;
import io.streetgate.coap.senml.SenmlLimits;
import io.streetgate.driver.Health;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.api.MeasurementSink;
import io.streetgate.site.osgi.CurrentSite;
import io.streetgate.driver.time.TimeBase;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CoAP ingest from the {@code streetgate.coap} configuration ({@link ConfigAdminMapping#COAP_PID}): readings of constrained nodes into the
 * {@link MeasurementSink}, health (with counters per refusal) into the {@link HealthRegistry} as
 * {@value #HEALTH}. The node key file is read again when it changes, so a node can be added without a restart.
 */
@Component(immediate = true, service = {}, configurationPid = ConfigAdminMapping.COAP_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = CoapIngestComponent.Config.class)
public class CoapIngestComponent {

    static final String HEALTH = "coap-ingest";
    static final Duration REPORT_EVERY = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(CoapIngestComponent.class);

    @ObjectClassDefinition(name = "streetgate CoAP ingest",
            description = "SenML readings from constrained nodes over CoAP: DTLS with per-node keys by default, "
                    + "plain CoAP only for nodes on a trusted link.")
    public @interface Config {
        @AttributeDefinition(name = "Listen address", description = "Address both endpoints bind to")
        String bind_address() default "127.0.0.1";

        @AttributeDefinition(name = "DTLS", description = "Whether the DTLS 1.2 endpoint (coaps) runs")
        boolean dtls_enabled() default true;

        @AttributeDefinition(name = "DTLS port", description = "UDP port of coaps (RFC 7252: 5684)", min = "1",
                max = "65535")
        int dtls_port() default 5684;

        @AttributeDefinition(name = "Plain CoAP", description = "Whether the plain CoAP endpoint runs; only for "
                + "nodes on a trusted link, marked 'plain' in the key file")
        boolean plain_enabled() default false;

        @AttributeDefinition(name = "Plain CoAP port", description = "UDP port of coap (RFC 7252: 5683)", min = "1",
                max = "65535")
        int plain_port() default 5683;

        @AttributeDefinition(name = "Node key file", description = "Owner-only file of node credentials; empty: "
                + "<state dir>/coap/node-keys")
        String key_file() default "";

        @AttributeDefinition(name = "Gateway key pair file", description = "The gateway's EC key pair for raw "
                + "public keys, created on first use; empty: <state dir>/coap/gateway-rpk.pem")
        String rpk_file() default "";

        @AttributeDefinition(name = "Observed nodes", description = "node-id=coap://host:port/path or "
                + "node-id=coaps://host:port/path, one per entry")
        String[] observe() default {};

        @AttributeDefinition(name = "Quantity names", description = "name=quantity or name=quantity:unit, e.g. "
                + "temp=temperature, moisture=soil_moisture:%")
        String[] quantities() default {};

        @AttributeDefinition(name = "Largest payload (bytes)", min = "64", max = "65536")
        int max_payload_bytes() default 4096;

        @AttributeDefinition(name = "Most records per payload", min = "1", max = "10000")
        int max_records() default 100;

        @AttributeDefinition(name = "Oldest reading (hours before now)", min = "1", max = "8760")
        int max_age_hours() default 168;

        @AttributeDefinition(name = "Latest reading (seconds after now)", description = "Node clocks drift",
                min = "0", max = "86400")
        int max_ahead_seconds() default 600;

        @AttributeDefinition(name = "Requests per second per node", description = "Sustained; beyond it and the "
                + "burst a node is answered 4.29 Too Many Requests", min = "0.001",
                max = "10000")
        double rate_per_second() default NodeLimits.DEFAULT_RATE_PER_SECOND;

        @AttributeDefinition(name = "Burst per node (requests)", description = "Requests a node may send at once "
                + "after a quiet spell", min = "1", max = "10000")
        int burst() default NodeLimits.DEFAULT_BURST;

        @AttributeDefinition(name = "Series per node", description = "Distinct sources and quantities one node may "
                + "hold at once; a pack with more is refused 4.03", min = "1", max = "10000")
        int max_series() default NodeLimits.DEFAULT_MAX_SERIES;

        @AttributeDefinition(name = "Series idle (hours)", description = "A series a node stops posting frees its "
                + "place after this long", min = "1", max = "720")
        int series_idle_hours() default NodeLimits.DEFAULT_SERIES_IDLE_HOURS;
    }

    private final HealthRegistry health;
    private final TimeBase time;
    private final MeasurementSink sink;
    private final ScheduledExecutorService reporter;
    private final Path keyFile;
    private final Config config;
    /** The site's quality checks: their ranges, widened from the plausible ones, bound what ingest takes. */
    private final QualityConfig quality;
    private volatile CoapIngestServer server;
    private volatile FileTime keysModified;
    /** Set when the component deactivates: a key-file restart on the reporter's thread must not start again. */
    private boolean closed; // guarded by this

    @Activate
    public CoapIngestComponent(BundleContext context, @Reference MeasurementSink sink, @Reference HealthRegistry health,
                               @Reference TimeBase time, @Reference CurrentSite site, Config config) {
        this(context, sink, health, time, site.config().map(c -> c.analytics().quality()).orElse(QualityConfig.PLAUSIBLE),
                config);
    }

    CoapIngestComponent(BundleContext context, MeasurementSink sink, HealthRegistry health, TimeBase time,
                        QualityConfig quality, Config config) {
        this.health = health;
        this.quality = quality;
        this.time = time;
        this.sink = sink;
        this.config = config;
        String stateDir = context.getProperty("streetgate.state.dir");
        Path state = Path.of(stateDir == null ? "." : stateDir).resolve("coap");
        keyFile = config.key_file().isBlank() ? state.resolve("node-keys") : Path.of(config.key_file());
        Path rpkFile = config.rpk_file().isBlank() ? state.resolve("gateway-rpk.pem") : Path.of(config.rpk_file());
        reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "coap-ingest-health");
            t.setDaemon(true);
            return t;
        });
        start(rpkFile);
        reporter.scheduleWithFixedDelay(() -> tick(rpkFile), REPORT_EVERY.toMillis(), REPORT_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Starts the server from the configuration and the key file; a mistake makes the part faulty, with why. */
    private synchronized void start(Path rpkFile) {
        if (closed) {
            return;
        }
        try {
            keysModified = Files.exists(keyFile) ? Files.getLastModifiedTime(keyFile) : null;
            NodeKeys.Loaded loaded = NodeKeys.load(keyFile);
            keysModified = Files.getLastModifiedTime(keyFile);
            if (loaded.permissionsTightened()) {
                LOG.warn("CoAP node key file {} could be read by others; it is now 0600", keyFile);
            }
            NodeKeys keys = loaded.keys();
            KeyPair rpk = keys.credentials(NodeKeys.Rpk.class).isEmpty() ? null : GatewayKeyPair.loadOrCreate(rpkFile);
            server = CoapIngestServer.start(settings(config, keys, rpk, quality), sink, time.clock());
            LOG.info("CoAP ingest for {} nodes: {}", keys.nodes().size(), listening());
            report();
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() + " (check streetgate.coap in the site file and " + keyFile + ")";
            health.report(HEALTH, Health.faulty(reason, time.now()), Map.of());
            LOG.error("CoAP ingest not started: {}", reason);
        }
    }

    static CoapIngestServer.Settings settings(Config config, NodeKeys keys, KeyPair rpk, QualityConfig quality)
            throws UnknownHostException {
        List<NodeObserver.Target> observed = new ArrayList<>();
        for (String entry : config.observe()) {
            if (!entry.isBlank()) {
                observed.add(NodeObserver.Target.parse(entry));
            }
        }
        SenmlLimits limits = new SenmlLimits(config.max_payload_bytes(), config.max_records(), 128,
                Duration.ofHours(config.max_age_hours()), Duration.ofSeconds(config.max_ahead_seconds()));
        return new CoapIngestServer.Settings(InetAddress.getByName(config.bind_address()), config.dtls_enabled(),
                config.dtls_port(), config.plain_enabled(), config.plain_port(), keys, rpk, limits,
                new NodeLimits(config.rate_per_second(), config.burst(), config.max_series(),
                        Duration.ofHours(config.series_idle_hours())),
                MeasurementMapping.of(config.quantities()).withRanges(quality::acceptable), observed);
    }

    private String listening() {
        CoapIngestServer s = server;
        List<String> where = new ArrayList<>();
        if (s != null && s.secureAddress() != null) {
            where.add("coaps://" + s.secureAddress().getHostString() + ":" + s.secureAddress().getPort());
        }
        if (s != null && s.plainAddress() != null) {
            where.add("coap://" + s.plainAddress().getHostString() + ":" + s.plainAddress().getPort());
        }
        return where.isEmpty() ? "no endpoint (both DTLS and plain CoAP are off)" : String.join(", ", where);
    }

    /** Reports health, and restarts with the key file when it changed. */
    private void tick(Path rpkFile) {
        try {
            FileTime modified = Files.exists(keyFile) ? Files.getLastModifiedTime(keyFile) : null;
            if (modified != null && !modified.equals(keysModified)) {
                LOG.info("CoAP node key file {} changed; reading it again", keyFile);
                restart(rpkFile);
                return;
            }
            report();
        } catch (IOException | RuntimeException e) {
            LOG.warn("CoAP ingest health report failed: {}", e.toString());
        }
    }

    private void report() {
        CoapIngestServer s = server;
        if (s != null) {
            health.report(HEALTH, s.health(), s.details());
        }
    }

    /** Stops and starts in one step, so that a deactivation between the two cannot leave a server listening. */
    private synchronized void restart(Path rpkFile) {
        stopServer();
        start(rpkFile);
    }

    private synchronized void stopServer() {
        CoapIngestServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
    }

    /** The running server, or null while the configuration or key file is broken. */
    CoapIngestServer server() {
        return server;
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            closed = true;
        }
        reporter.shutdownNow();
        stopServer();
        health.remove(HEALTH);
    }
}
