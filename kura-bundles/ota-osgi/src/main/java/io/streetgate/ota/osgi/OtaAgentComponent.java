package io.streetgate.ota.osgi;

import io.streetgate.site.ConfigAdminMapping;
import io.streetgate.analytics.privacy.NodeOutputs;
import io.streetgate.analytics.privacy.PrivacyGate;
import io.streetgate.driver.Health;
import io.streetgate.gateway.api.ClockCheck;
import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.CommandHandler;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.api.Outbound;
import io.streetgate.gateway.api.UplinkSink;
import io.streetgate.ota.agent.Restarter;
import io.streetgate.ota.agent.UpdateAgent;
import io.streetgate.ota.client.TufClient;
import io.streetgate.ota.download.DownloadPolicy;
import io.streetgate.ota.download.Downloader;
import io.streetgate.ota.install.CommandRunner;
import io.streetgate.ota.install.InstallBackends;
import io.streetgate.ota.install.InstallException;
import io.streetgate.ota.install.Installer;
import io.streetgate.ota.install.RebootRequest;
import io.streetgate.ota.message.CampaignNotice;
import io.streetgate.ota.message.MessageRefused;
import io.streetgate.ota.message.NodeReport;
import io.streetgate.ota.message.OtaMessages;
import io.streetgate.ota.message.UpdateState;
import io.streetgate.site.osgi.CurrentSite;
import io.streetgate.site.osgi.SiteTrial;
import io.streetgate.driver.time.TimeBase;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The OTA agent in the gateway: polls the signed repository, takes campaign notices (the {@code ota.campaign}
 * command, from MQTT or the CLI), and lets {@link UpdateAgent} download, verify, install, health-check and
 * commit or roll back; a site-file target is validated and tried by {@link SiteFileInstaller}. Reports go
 * upstream through the uplink and into {@code streetgate status}. A bundle-set update restarts the framework on
 * the new set (the launcher starts it again); an image update reboots.
 *
 * <p>It stays one class because it is where the agent meets the framework: the configuration, the services it is
 * given (health, clock, site, outbound), the scheduler and the command handler share one lifecycle, and splitting
 * them would spread activation and deactivation over several components that must start and stop together.
 */
@Component(immediate = true, service = CommandHandler.class,
        configurationPid = ConfigAdminMapping.OTA_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = OtaAgentComponent.Config.class)
public class OtaAgentComponent implements CommandHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OtaAgentComponent.class);
    private static final String HEALTH = "ota";

    @ObjectClassDefinition(name = "streetgate OTA agent",
            description = "Signed updates from a TUF repository: where it is, what this node is, how it installs.")
    public @interface Config {
        @AttributeDefinition(name = "Node id", description = "This node (from the site file's node section)")
        String node_id();

        @AttributeDefinition(description = "Base URL of the repository as `streetgate ota publish` lays it out: "
                + "metadata/ and targets/ under it")
        String repository();

        @AttributeDefinition(description = "The trusted root metadata (root.json) shipped or provisioned with the node")
        String trusted_root();

        @AttributeDefinition(description = "PEM CA file the repository's HTTPS certificate must chain to; "
                + "empty for the JVM's trusted CAs")
        String ca_file() default "";

        @AttributeDefinition(description = "Accept an http:// repository (the site file refuses one without it)")
        boolean plain_http() default false;

        @AttributeDefinition(description = "Install backend: bundle-set (the gateway's own bundles), slot-directory "
                + "(two image slots in a folder), pi-tryboot (Raspberry Pi A/B partitions), u-boot (A/B partitions a U-Boot "
                + "boot script picks by RAUC's boot-counting variables), rauc", options = {
                @Option(value = "bundle-set"), @Option(value = "slot-directory"), @Option(value = "pi-tryboot"),
                @Option(value = "u-boot"), @Option(value = "rauc")})
        String backend() default "bundle-set";

        @AttributeDefinition(description = "Hardware this node is, matched against an artifact's compatibility")
        String hardware() default "generic";

        @AttributeDefinition(description = "How often to poll the timestamp role (ms)", min = "10000",
                max = "604800000")
        long poll_interval_ms() default 3_600_000;

        @AttributeDefinition(description = "Install what a poll finds, or only what a campaign notice names")
        boolean install_on_poll() default false;

        @AttributeDefinition(description = "How long a new version has to become healthy (ms)", min = "5000",
                max = "3600000")
        long health_timeout_ms() default 300_000;

        @AttributeDefinition(description = "Download bandwidth cap in bytes per second; 0 for none", min = "0",
                max = "2147483647")
        long bandwidth_cap() default 0;

        @AttributeDefinition(description = "Run after a reboot is requested (state folder/ota/reboot-requested), "
                + "where no root unit watches the request; empty: the .deb's streetgate-reboot.path reboots")
        String reboot_command() default "";

        @AttributeDefinition(description = "slot-directory: the folder of the two slots")
        String slots() default "";

        @AttributeDefinition(description = "pi-tryboot: autoboot.txt on the first FAT partition")
        String autoboot() default "/boot/firmware/autoboot.txt";

        @AttributeDefinition(description = "pi-tryboot, u-boot: the partition devices of slots A and B; a partition's number "
                + "is its boot_partition in autoboot.txt, or the streetgate.slot=N the U-Boot boot script passes")
        String[] slot_devices() default {"/dev/mmcblk0p2", "/dev/mmcblk0p3"};

        @AttributeDefinition(description = "rauc: RAUC's system.conf")
        String rauc_conf() default "/etc/rauc/system.conf";

        @AttributeDefinition(description = "rauc: the slot class images are written to")
        String rauc_slot_class() default "rootfs";

        @AttributeDefinition(description = "Image backends: the version of the image the node was flashed with")
        String factory_version() default "0.0.0";
    }

    private final BundleContext context;
    private final HealthRegistry health;
    private final TimeBase time;  // for health report times; the agent itself runs on the wall clock
    private final ClockWait clockWait;
    private final String node;
    private final Path stateDir;
    private final ScheduledExecutorService worker;
    /** The node's one way out (the clock rule, then the local broker and the store-and-forward). */
    private final Outbound outbound;
    private final ReportOutbox outbox;
    /** OTA reports leave through it, like every other output. */
    private final PrivacyGate gate = NodeOutputs.gate();
    private final UpdateAgent agent;
    private final RebootRequest reboot;
    private final LastOutcome lastOutcomeFile;
    private volatile Map<String, Object> lastOutcome;

    /** States that end an update attempt; the last one stays visible in the status. */
    private static final Set<UpdateState> TERMINAL = java.util.EnumSet.of(UpdateState.COMMITTED,
            UpdateState.ROLLED_BACK, UpdateState.FAILED, UpdateState.HALTED);

    @Activate
    public OtaAgentComponent(BundleContext context, @Reference HealthRegistry health, @Reference TimeBase time,
                             @Reference ClockCheck clock, @Reference CurrentSite site, @Reference Outbound outbound,
                             Config config)
            throws IOException {
        this.context = context;
        this.outbound = outbound;
        this.clockWait = new ClockWait(clock, health, time, HEALTH);
        InstalledBundles bundles = new InstalledBundles(context);
        this.health = health;
        this.time = time;
        this.node = config.node_id();
        String state = context.getProperty("streetgate.state.dir");
        Path root = Path.of(state == null ? "." : state);
        this.stateDir = Files.createDirectories(root.resolve("ota"));
        this.lastOutcomeFile = new LastOutcome(stateDir.resolve("last-update.json"));
        this.lastOutcome = lastOutcomeFile.load();
        this.outbox = new ReportOutbox(stateDir.resolve("reports-waiting.jsonl"));
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sg-ota");
            t.setDaemon(true);
            return t;
        });
        Path metadata = Files.createDirectories(stateDir.resolve("metadata"));
        trustRoot(metadata, Path.of(config.trusted_root()));
        URI repository = URI.create(config.repository().endsWith("/") ? config.repository() : config.repository() + "/");
        if ("http".equals(repository.getScheme()) && !config.plain_http()) {
            // the site file refuses it too; this holds a configuration written by other means to the same rule
            throw new IOException("ota.repository " + repository + " is plain HTTP; use https://, or set "
                    + "plain-http: true to accept that");
        }
        DownloadPolicy policy = config.bandwidth_cap() > 0
                ? DownloadPolicy.DEFAULT.withBandwidthCap(config.bandwidth_cap()) : DownloadPolicy.DEFAULT;
        Downloader downloader = Downloader.create(policy,
                config.ca_file().isBlank() ? null : Path.of(config.ca_file()));
        // TUF expiry is judged on the wall clock, also on a simulated street whose gateway time starts elsewhere
        Clock wall = Clock.systemUTC();
        TufClient client = TufClient.builder().metadataDir(metadata).metadataUrl(repository.resolve("metadata/"))
                .targetsUrl(repository.resolve("targets/")).fetcher(downloader).clock(wall)
                .log(LOG::debug).build();
        CommandRunner commands = CommandRunner.processes(Map.of());
        List<String> rebootCommand = config.reboot_command().isBlank() ? List.of()
                : List.of(config.reboot_command().trim().split("\\s+"));
        this.reboot = new RebootRequest(stateDir.resolve(RebootRequest.FILE), commands, rebootCommand);
        Installer installer;
        try {
            installer = InstallBackends.create(new InstallBackends.Settings(config.backend(), root,
                    path(config.slots()), path(config.autoboot()), path(config.slot_devices()[0]), path(config.slot_devices()[1]),
                    path(config.rauc_conf()), config.rauc_slot_class(), config.factory_version()), reboot, commands);
        } catch (InstallException e) {
            throw new IOException("OTA backend " + config.backend() + " cannot start: " + e.getMessage(), e);
        }
        Duration healthTimeout = Duration.ofMillis(config.health_timeout_ms());
        // site files come as signed targets of their own kind, on the console's trial (one at a time)
        SiteFileInstaller siteFiles = new SiteFileInstaller(SiteTrial.of(site, health::snapshot),
                stateDir.resolve("site-file"), healthTimeout, SiteTrial.SETTLE);
        this.agent = UpdateAgent.builder()
                .nodeId(node).hardware(config.hardware())
                .client(client).downloader(downloader)
                .installer(installer)
                .healthCheck(new GatewayHealthCheck(health, bundles::inactive, bundles::unresolvable,
                        Duration.ofMillis(500)))
                .reporter(this::report)
                .restarter(restarter(root))
                .clock(wall).stateDir(stateDir)
                .alsoInstalls(siteFiles, siteFiles.healthCheck())
                .healthTimeout(healthTimeout)
                .pollInterval(Duration.ofMillis(config.poll_interval_ms()))
                .installOnPoll(config.install_on_poll())
                .build();
        Map<String, Object> details = new LinkedHashMap<>(Map.of("running", agent.runningVersion().toString(),
                "repository", repository.toString()));
        if (lastOutcome != null) {
            details.put("last_update", lastOutcome);
        }
        health.report(HEALTH, Health.ok(time.now()), details);
        // first run at once: it finishes a trial (health check, then commit or roll back) after a restart
        worker.execute(this::runOnce);
        long poll = config.poll_interval_ms();
        worker.scheduleWithFixedDelay(this::runOnce, poll, poll, TimeUnit.MILLISECONDS);
        LOG.info("OTA agent: running {}, repository {}, backend {}", agent.runningVersion(), repository,
                config.backend());
    }

    private static Path path(String setting) {
        return setting.isBlank() ? null : Path.of(setting.trim());
    }

    /** Copies the provisioned root into the client's metadata folder the first time; later roots come by rotation. */
    private static void trustRoot(Path metadata, Path provisioned) throws IOException {
        Path trusted = metadata.resolve("root.json");
        if (Files.exists(trusted)) {
            return;
        }
        if (!Files.isReadable(provisioned)) {
            throw new IOException("no trusted root metadata at " + provisioned + ": copy the repository's "
                    + "1.root.json there (ota.trusted-root in the site file)");
        }
        Files.copy(provisioned, trusted);
    }

    private Restarter restarter(Path stateRoot) {
        return how -> {
            switch (how) {
                case NONE -> {
                }
                case RESTART_RUNTIME -> {
                    LOG.warn("OTA: restarting the gateway on the new bundle set");
                    try {
                        Files.writeString(stateRoot.resolve("restart-requested"), "ota\n");
                    } catch (IOException e) {
                        LOG.error("OTA: cannot request a restart: {}", e.toString());
                        return;
                    }
                    // stop the framework from a thread of its own: this one belongs to a component being stopped
                    new Thread(() -> {
                        try {
                            if (!ComponentsSettled.await(context, Duration.ofSeconds(1), Duration.ofSeconds(20))) {
                                LOG.info("OTA: the bundle set's components were still changing after 20 s; "
                                        + "stopping it anyway");
                            }
                            context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).stop();
                        } catch (BundleException | IllegalStateException e) {
                            LOG.error("OTA: cannot stop the framework: {}", e.toString());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }, "sg-ota-restart").start();
                }
                case REBOOT -> {
                    // the installer may have asked already (a try-boot): the first request of a process stands
                    LOG.warn("OTA: rebooting the node (request in {})", stateDir.resolve(RebootRequest.FILE));
                    try {
                        reboot.reboot(false);
                    } catch (InstallException e) {
                        LOG.error("OTA: cannot reboot: {}", e.getMessage());
                    }
                }
            }
        };
    }

    private void runOnce() {
        try {
            drainOutbox();
            clockWait.run(agent::runOnce, () -> Map.of("running", agent.runningVersion().toString()));
        } catch (RuntimeException e) {
            LOG.error("OTA run failed", e);
            health.report(HEALTH, Health.degraded(e.toString(), time.now()), Map.of());
        }
    }

    private void report(NodeReport r) {
        Map<String, Object> fields = fields(r);
        // at once to the local broker; to the store-and-forward through the durable outbox
        gate.filter(OtaReportRecord.of(node, r)).ifPresent(message -> outbound.send(message, Outbound.Route.NOT_STORE));
        outbox.add(r);
        drainOutbox();
        if (TERMINAL.contains(r.state())) {
            lastOutcome = fields;
            lastOutcomeFile.save(fields);
        }
        Map<String, Object> details = new LinkedHashMap<>(fields);
        Map<String, Object> last = lastOutcome;
        if (last != null) {
            details.put("last_update", last);
        }
        // a failed or rolled-back update leaves the agent degraded until an update succeeds
        boolean bad = last != null && (last.get("state").equals("failed") || last.get("state").equals("rolled_back"));
        Health h = bad ? Health.degraded("update " + last.get("version") + " " + last.get("state") + ": "
                + last.get("reason"), time.now()) : Health.ok(time.now());
        health.report(HEALTH, h, details);
        // one line per step; download progress and idle polls would flood the log
        if (r.state() == UpdateState.UP_TO_DATE || r.state() == UpdateState.DOWNLOADING && r.bytesDone() > 0) {
            LOG.debug("OTA {} {}", r.state().wire(), r.version());
        } else {
            LOG.info("OTA {} {}{}", r.state().wire(), r.version(),
                    r.reason() == null ? "" : ": " + r.reason());
        }
    }

    /** The report's fields as the privacy gate takes them: the message schema's, with the node as source. */
    private Map<String, Object> fields(NodeReport r) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sourceId", node);
        fields.putAll(OtaMessages.reportFields(r));
        return fields;
    }

    /**
     * Only a signal: when the store-and-forward comes, what was decided before it (a rollback at start-up) goes
     * out, through {@link Outbound} like every report. A moment later, so that the way out has bound it too.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, target = "(uplink=*)")
    void addStore(UplinkSink store) {
        worker.schedule(this::drainOutbox, 2, TimeUnit.SECONDS);
    }

    void removeStore(UplinkSink store) {
    }

    /** Reports go to the store-and-forward oldest first; they wait in the outbox while there is none. */
    private void drainOutbox() {
        try {
            outbox.drainTo(r -> gate.filter(OtaReportRecord.of(node, r)).ifPresent(message -> {
                if (outbound.send(message, Outbound.Route.STORE) == Outbound.Fate.NO_SINK) {
                    throw new NoStoreYet();
                }
            }));
        } catch (NoStoreYet e) {
            LOG.debug("OTA: {} report(s) wait for the uplink", outbox.size());
        } catch (RuntimeException e) {
            LOG.warn("OTA: the uplink did not take the waiting reports ({}); they are kept", e.toString());
        }
    }

    /** No store-and-forward now: the report stays in the outbox. */
    private static final class NoStoreYet extends RuntimeException {
        NoStoreYet() {
            super("no store-and-forward", null, false, false);
        }
    }

    @Override
    public Set<String> commands() {
        return Set.of(Command.OTA_CAMPAIGN);
    }

    /**
     * {@code ota.campaign}: its arguments are a campaign notice's fields (docs/ota.md, "Messages"), as the uplink
     * passes a notice from the OTA notice topics or as typed with {@code streetgate command}.
     */
    @Override
    public CommandResult handle(Command command) {
        CampaignNotice notice;
        try {
            notice = OtaMessages.notice(command.arguments()).requireFresh(Instant.now());
        } catch (MessageRefused e) {
            return CommandResult.refused(e.getMessage());
        }
        agent.onCampaignNotice(notice);
        worker.execute(this::runOnce);
        return CommandResult.done(notice.describe() + " taken", Map.of("running", agent.runningVersion().toString()));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(5, TimeUnit.SECONDS);
        health.remove(HEALTH);
    }
}
