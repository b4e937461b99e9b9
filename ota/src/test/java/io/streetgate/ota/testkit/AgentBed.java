package io.streetgate.ota.testkit;

import io.streetgate.ota.agent.HealthCheck;
import io.streetgate.ota.agent.StepHook;
import io.streetgate.ota.agent.UpdateAgent;
import io.streetgate.ota.message.NodeReport;
import io.streetgate.ota.message.UpdateState;
import io.streetgate.ota.client.TufClient;
import io.streetgate.ota.download.DownloadPolicy;
import io.streetgate.ota.download.Downloader;
import io.streetgate.ota.install.AbSlotInstaller;
import io.streetgate.ota.install.BundleSetInstaller;
import io.streetgate.ota.install.BundleSetPointer;
import io.streetgate.ota.install.DirectoryBootControl;
import io.streetgate.ota.install.InstallException;
import io.streetgate.ota.install.Installer;
import io.streetgate.ota.install.Slot;
import io.streetgate.ota.tuf.ArtifactInfo;
import io.streetgate.ota.tuf.ArtifactVersion;
import io.streetgate.ota.tuf.TargetInfo;
import io.streetgate.ota.message.CampaignNotice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One simulated node: a {@link SimRepo} served over HTTP, the real downloader, a bundle-set or A/B installer on
 * folders, a scripted health check, and power cycles that do what the launcher or the bootloader would.
 */
public final class AgentBed implements AutoCloseable {
    public enum Kind { BUNDLE_SET, AB_SLOTS }

    public final SimRepo repo;
    public final TestHttpServer http;
    public final Path dir;
    public final Kind kind;
    public final List<NodeReport> reports = java.util.Collections.synchronizedList(new ArrayList<>());
    public final List<Installer.Activation> restarts = new ArrayList<>();
    public final AtomicReference<Instant> now = new AtomicReference<>(SimRepo.T0.plusSeconds(60));
    public volatile HealthCheck health = t -> HealthCheck.Result.ok();
    public volatile StepHook hook = StepHook.NONE;
    public String hardware = "rpi4";
    public String nodeId = "pole-1";
    public boolean installOnPoll = true;
    /** More of the agent's setup (another kind's installer). */
    public java.util.function.UnaryOperator<UpdateAgent.Builder> extra = b -> b;
    public DirectoryBootControl boot;
    public Downloader downloader;
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    public AgentBed(Path dir, Kind kind, SimRepo repo, TestHttpServer http) throws Exception {
        this.dir = dir;
        this.kind = kind;
        this.repo = repo;
        this.http = http;
        Files.createDirectories(dir.resolve("meta"));
        Files.write(dir.resolve("meta/root.json"), repo.rootBytes());
        if (kind == Kind.BUNDLE_SET) {
            Path z = dir.resolve("factory.zip");
            Files.write(z, bundleSet("1.0.0", 1000));
            BundleSetInstaller.initial(dir.resolve("gw"), z, ArtifactVersion.parse("1.0.0"));
            BundleSetPointer.atStart(dir.resolve("gw"));
        } else {
            boot = new DirectoryBootControl(dir.resolve("slots"));
            Files.writeString(boot.image(Slot.A), "image 1.0.0");
            new AbSlotInstaller(boot, dir.resolve("state")).recordFactoryVersion(Slot.A, ArtifactVersion.parse("1.0.0"));
        }
        downloader = new Downloader(HttpClient.newHttpClient(),
                DownloadPolicy.DEFAULT.withRetries(2, Duration.ZERO, Duration.ZERO).withDisk(1L << 30, 0), d -> { });
    }

    /** A bundle-set zip of {@code size} random bytes of "bundle" content. */
    public static byte[] bundleSet(String version, int size) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            z.setLevel(0);
            z.putNextEntry(new ZipEntry("io.streetgate.gateway-" + version + ".jar"));
            byte[] content = new byte[size];
            new Random(version.hashCode()).nextBytes(content);
            z.write(content);
            z.closeEntry();
        }
        return b.toByteArray();
    }

    public static java.util.Map<String, Object> custom(String kind, String version, List<String> hw, boolean downgrade) {
        return new ArtifactInfo(kind, ArtifactVersion.parse(version), hw, null, downgrade).toCustom();
    }

    /** Publishes a new version of the kind this node installs (about {@code size} bytes). */
    public String publish(String version, int size) throws IOException {
        String path;
        if (kind == Kind.BUNDLE_SET) {
            path = "bundles/gateway-" + version + ".zip";
            repo.addTarget(path, bundleSet(version, size), custom(ArtifactInfo.KIND_BUNDLE_SET, version, List.of("rpi4"), false));
        } else {
            path = "images/rpi4-" + version + ".img";
            byte[] img = ("image " + version).getBytes();
            byte[] padded = java.util.Arrays.copyOf(img, Math.max(img.length, size));
            repo.addTarget(path, padded, custom(ArtifactInfo.KIND_IMAGE, version, List.of("rpi4"), false));
        }
        repo.publish();
        return path;
    }

    public Installer installer() throws InstallException {
        return kind == Kind.BUNDLE_SET ? new BundleSetInstaller(dir.resolve("gw")) : new AbSlotInstaller(boot, dir.resolve("state"));
    }

    /** A fresh agent on the node's persistent state, as after a start. */
    public UpdateAgent agent() throws Exception {
        TufClient client = TufClient.builder().metadataDir(dir.resolve("meta")).metadataUrl(http.uri("metadata/"))
                .targetsUrl(http.uri("targets/")).fetcher(downloader).clock(clock).build();
        return extra.apply(UpdateAgent.builder().nodeId(nodeId).hardware(hardware).client(client).downloader(downloader)
                .installer(installer()).healthCheck(t -> health.check(t)).reporter(reports::add).restarter(restarts::add)
                .clock(clock).stateDir(dir.resolve("agent")).pollInterval(Duration.ofMinutes(10))
                .stepHook(s -> hook.at(s)).installOnPoll(installOnPoll)).build();
    }

    /** A power cycle or restart: what the launcher (bundle sets) or the bootloader (slots) does at start. */
    public void powerCycle() throws Exception {
        if (kind == Kind.BUNDLE_SET) {
            BundleSetPointer.atStart(dir.resolve("gw"));
        } else {
            boot.powerCycle();
        }
    }

    /** The version that actually runs, read from what would boot: the set's folder or the slot's image. */
    public String runningFromDisk() throws Exception {
        if (kind == Kind.BUNDLE_SET) {
            BundleSetPointer p = BundleSetPointer.read(dir.resolve("gw"));
            String v = p.trial() && !p.started() ? p.previous() : p.current();
            Path set = dir.resolve("gw/sets").resolve(v);
            if (!Files.exists(set.resolve(".complete")) || !Files.exists(set.resolve("io.streetgate.gateway-" + v + ".jar"))) {
                return "NEITHER (" + v + " incomplete)";
            }
            return v;
        }
        Slot booted = boot.booted();
        String content = new String(Files.readAllBytes(boot.image(booted))).trim().replace("\0", "");
        return content.startsWith("image ") ? content.substring(6) : "NEITHER (" + content + ")";
    }

    public List<UpdateState> states() {
        synchronized (reports) {
            return reports.stream().map(NodeReport::state).filter(s -> s != UpdateState.DOWNLOADING).toList();
        }
    }

    public NodeReport lastReport() {
        synchronized (reports) {
            return reports.get(reports.size() - 1);
        }
    }

    /**
     * An update notice as a campaign makes it: the version and sha256 the repository signed for {@code path}
     * (none for a path it does not list), valid for a day of this node's clock.
     */
    public CampaignNotice update(String campaign, String path) {
        TargetInfo t = repo.targets.targets().get(path);
        String version = t == null ? "0.0.0" : t.artifact().version().toString();
        return CampaignNotice.update(campaign, path, version, t == null ? null : t.hashes().get("sha256"),
                now.get().plus(Duration.ofDays(1)));
    }

    public CampaignNotice halt(String campaign) {
        return CampaignNotice.halt(campaign, now.get().plus(Duration.ofDays(1)));
    }

    public void advanceClock(Duration d) {
        now.set(now.get().plus(d));
    }

    @Override
    public void close() {
    }
}
