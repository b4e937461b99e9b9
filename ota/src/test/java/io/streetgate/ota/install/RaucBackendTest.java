package io.streetgate.ota.install;

import io.streetgate.ota.agent.HealthCheck;
import io.streetgate.ota.agent.UpdateAgent;
import io.streetgate.ota.client.TufClient;
import io.streetgate.ota.download.DownloadPolicy;
import io.streetgate.ota.download.Downloader;
import io.streetgate.ota.message.NodeReport;
import io.streetgate.ota.message.UpdateState;
import io.streetgate.ota.testkit.AgentBed;
import io.streetgate.ota.testkit.RaucPeer;
import io.streetgate.ota.testkit.SimRepo;
import io.streetgate.ota.testkit.TestHttpServer;
import io.streetgate.ota.tuf.ArtifactInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.streetgate.ota.message.UpdateState.AWAITING_HEALTH;
import static io.streetgate.ota.message.UpdateState.COMMITTED;
import static io.streetgate.ota.message.UpdateState.INSTALLED;
import static io.streetgate.ota.message.UpdateState.PENDING;
import static io.streetgate.ota.message.UpdateState.ROLLED_BACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code rauc} backend as the gateway builds it ({@link InstallBackends}, the site file's {@code backend: rauc}),
 * under the update agent, against the real {@code rauc} ({@link RaucPeer}) and a signed repository over HTTP. The
 * agent asks for reboots as the unprivileged service does, through {@link RebootRequest}'s file; each "reboot" below
 * is what the .deb's streetgate-reboot.path unit and the bootloader do: the request is consumed and RAUC's service
 * starts again as booted from the slot RAUC made primary.
 */
class RaucBackendTest {
    static final Clock CLOCK = Clock.fixed(SimRepo.T0.plusSeconds(60), ZoneOffset.UTC);

    @TempDir
    Path tmp;
    final SimRepo repo = new SimRepo();
    final List<NodeReport> reports = Collections.synchronizedList(new ArrayList<>());
    volatile HealthCheck health = t -> HealthCheck.Result.ok();
    TestHttpServer http;
    RaucPeer rauc;
    Path state;
    Path request;

    @BeforeEach
    void node() throws Exception {
        http = TestHttpServer.serving(repo.files);
        rauc = RaucPeer.start(Files.createDirectories(tmp.resolve("rauc")), "image 1.0.0");
        state = Files.createDirectories(tmp.resolve("state"));
        request = state.resolve("ota").resolve(RebootRequest.FILE);
        Files.createDirectories(state.resolve("ota/metadata"));
        Files.write(state.resolve("ota/metadata/root.json"), repo.rootBytes());
    }

    @AfterEach
    void stop() {
        rauc.close();
        http.close();
    }

    /** A gateway start: the backend from its settings, a fresh agent on the persistent state. */
    UpdateAgent start() throws Exception {
        RebootRequest reboot = new RebootRequest(request, rauc.runner, List.of());
        Installer installer = InstallBackends.create(new InstallBackends.Settings("rauc", state, null, null, null, null,
                rauc.conf, "rootfs", "1.0.0"), reboot, rauc.runner);
        Downloader downloader = new Downloader(HttpClient.newHttpClient(),
                DownloadPolicy.DEFAULT.withRetries(2, Duration.ZERO, Duration.ZERO), d -> { });
        TufClient client = TufClient.builder().metadataDir(state.resolve("ota/metadata")).metadataUrl(http.uri("metadata/"))
                .targetsUrl(http.uri("targets/")).fetcher(downloader).clock(CLOCK).build();
        return UpdateAgent.builder().nodeId("pole-7").hardware("rpi4").client(client).downloader(downloader)
                .installer(installer).healthCheck(t -> health.check(t)).reporter(reports::add)
                // as the gateway's restarter: a reboot is a request, and the installer's own request stands
                .restarter(how -> {
                    if (how == Installer.Activation.REBOOT) {
                        try {
                            reboot.reboot(false);
                        } catch (InstallException e) {
                            throw new AssertionError(e);
                        }
                    }
                })
                .clock(CLOCK).stateDir(state.resolve("ota")).healthTimeout(Duration.ofSeconds(30)).build();
    }

    /** What the root unit and the bootloader do with a request: consume it, boot the slot RAUC made primary. */
    void rebootAsRequested() throws Exception {
        String bootId = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
        assertEquals("reboot " + bootId, Files.readString(request).trim(), "a request of this boot");
        Files.delete(request);
        rauc.boot(rauc.primary());
    }

    String campaignTo(UpdateAgent agent, String version) throws Exception {
        String path = "images/rpi4-" + version + ".img";
        repo.addTarget(path, ("image " + version).getBytes(), AgentBed.custom(ArtifactInfo.KIND_IMAGE, version, List.of("rpi4"), false));
        repo.publish();
        var t = repo.targets.targets().get(path);
        agent.onCampaignNotice(io.streetgate.ota.message.CampaignNotice.update("spring", path, version,
                t.hashes().get("sha256"), CLOCK.instant().plus(Duration.ofDays(1))));
        agent.runOnce();
        return path;
    }

    List<UpdateState> states() {
        synchronized (reports) {
            return reports.stream().map(NodeReport::state).filter(s -> s != UpdateState.DOWNLOADING).toList();
        }
    }

    @Test
    void anImageGoesIntoTheOtherSlotThroughRaucIsTriedAfterARequestedRebootAndCommitted() throws Exception {
        UpdateAgent first = start();
        assertEquals("1.0.0", first.runningVersion().toString(), "the factory version of the booted slot");
        campaignTo(first, "2.0.0");
        assertEquals(List.of(PENDING, INSTALLED), states());
        assertEquals("image 2.0.0", Files.readString(rauc.dir.resolve("slot-b.img")), "rauc write-slot wrote slot B");
        assertEquals("B", rauc.primary(), "rauc status mark-active other");

        rebootAsRequested();
        UpdateAgent trial = start();
        trial.runOnce();
        assertEquals(List.of(PENDING, INSTALLED, AWAITING_HEALTH, COMMITTED), states());
        assertEquals("2.0.0", trial.runningVersion().toString());
        assertTrue(rauc.bootloaderLog().contains("set-state B good"), "rauc status mark-good booted");
        assertFalse(Files.exists(request), "a commit needs no reboot");
    }

    @Test
    void whenTheRevertItselfFailsTheNodeStillRebootsAndTheNextStartRollsBack() throws Exception {
        campaignTo(start(), "2.0.0");
        rebootAsRequested();
        // the trial is unhealthy, and RAUC's service dies with it: the revert cannot talk to RAUC
        health = t -> {
            try {
                rauc.stopService();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return HealthCheck.Result.failed("bundles not active: io.streetgate.control");
        };
        start().runOnce();
        assertTrue(Files.exists(request), "a failed revert still asks for the reboot that ends the trial");
        assertEquals(AWAITING_HEALTH, states().get(states().size() - 1), "nothing final before the node is back");

        health = t -> HealthCheck.Result.ok();
        rebootAsRequested(); // the custom bootloader has no boot counting: B, the trial, boots again
        start().runOnce();
        assertEquals("A", rauc.primary(), "the revert ran again: mark-bad booted, mark-active other");
        assertTrue(rauc.bootloaderLog().contains("set-state B bad"), rauc.bootloaderLog());

        rebootAsRequested();
        UpdateAgent back = start();
        back.runOnce();
        NodeReport last = reports.get(reports.size() - 1);
        assertEquals(ROLLED_BACK, last.state());
        assertEquals("health check failed: bundles not active: io.streetgate.control", last.reason());
        assertEquals("1.0.0", back.runningVersion().toString());
        assertFalse(Files.exists(request));
    }
}
