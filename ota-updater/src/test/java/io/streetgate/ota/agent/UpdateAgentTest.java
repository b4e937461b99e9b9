package io.streetgate.ota.agent;

import io.streetgate.ota.install.Installer;
import io.streetgate.ota.testkit.AgentBed;
import io.streetgate.ota.testkit.SimRepo;
import io.streetgate.ota.testkit.TestHttpServer;
import io.streetgate.ota.tuf.ArtifactInfo;
import io.streetgate.ota.tuf.SigningKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.streetgate.ota.agent.UpdateState.AWAITING_HEALTH;
import static io.streetgate.ota.agent.UpdateState.COMMITTED;
import static io.streetgate.ota.agent.UpdateState.FAILED;
import static io.streetgate.ota.agent.UpdateState.HALTED;
import static io.streetgate.ota.agent.UpdateState.INSTALLING;
import static io.streetgate.ota.agent.UpdateState.ROLLED_BACK;
import static io.streetgate.ota.agent.UpdateState.UP_TO_DATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpdateAgentTest {
    @TempDir
    Path tmp;
    SimRepo repo = new SimRepo();
    TestHttpServer http;

    AgentBed bed(AgentBed.Kind kind) throws Exception {
        http = TestHttpServer.serving(repo.files);
        return new AgentBed(tmp, kind, repo, http);
    }

    @AfterEach
    void close() {
        if (http != null) {
            http.close();
        }
    }

    @Test
    void pollingFindsANewerBundleSetTriesItAndCommitsAfterTheHealthCheck() throws Exception {
        AgentBed bed = bed(AgentBed.Kind.BUNDLE_SET);
        bed.publish("1.1.0", 4000);
        bed.agent().runOnce();
        assertEquals(List.of(Installer.Activation.RESTART_RUNTIME), bed.restarts);
        assertEquals(List.of(INSTALLING), bed.states());
        assertTrue(bed.reports.stream().anyMatch(r -> r.state() == UpdateState.DOWNLOADING && r.bytesTotal() > 0));
        bed.powerCycle();
        bed.agent().runOnce();
        assertEquals(List.of(INSTALLING, AWAITING_HEALTH, COMMITTED), bed.states());
        assertEquals("1.1.0", bed.runningFromDisk());
        bed.advanceClock(Duration.ofMinutes(11));
        assertEquals(UP_TO_DATE, bed.agent().runOnce().orElseThrow().state());
    }

    @Test
    void aFailedHealthCheckRollsBackReportsTheReasonAndIsNotRetriedByPolling() throws Exception {
        AgentBed bed = bed(AgentBed.Kind.AB_SLOTS);
        bed.publish("2.0.0", 100);
        bed.health = t -> HealthCheck.Result.failed("uplink not connected within PT5M");
        bed.agent().runOnce();
        bed.powerCycle();
        bed.agent().runOnce();
        assertEquals(List.of(Installer.Activation.REBOOT, Installer.Activation.REBOOT), bed.restarts, "try-boot, then back");
        bed.powerCycle();
        UpdateReport r = bed.agent().runOnce().orElseThrow();
        assertEquals(ROLLED_BACK, r.state());
        assertEquals("health check failed: uplink not connected within PT5M", r.reason());
        assertEquals("1.0.0", bed.runningFromDisk());
        bed.advanceClock(Duration.ofMinutes(11));
        assertEquals(UP_TO_DATE, bed.agent().runOnce().orElseThrow().state());
    }

    @Test
    void antiRollbackRefusesOlderVersionsUnlessOpsSignedAnExplicitRollback() throws Exception {
        AgentBed bed = bed(AgentBed.Kind.AB_SLOTS);
        repo.addTarget("images/old.img", "image 0.9.0".getBytes(), AgentBed.custom(ArtifactInfo.KIND_IMAGE, "0.9.0", List.of("rpi4"), false));
        repo.addTarget("images/rescue.img", "image 0.9.5".getBytes(), AgentBed.custom(ArtifactInfo.KIND_IMAGE, "0.9.5", List.of("rpi4"), true));
        repo.publish();
        UpdateAgent a = bed.agent();
        assertEquals(UP_TO_DATE, a.runOnce().orElseThrow().state(), "polling never picks an older version");
        a.onCampaignNotice(CampaignNotice.update("c1", "images/old.img"));
        UpdateReport r = a.runOnce().orElseThrow();
        assertEquals(FAILED, r.state());
        assertTrue(r.reason().contains("is older than the running 1.0.0") && r.reason().contains("allow_downgrade"), r.reason());
        a.onCampaignNotice(CampaignNotice.update("c2", "images/rescue.img"));
        a.runOnce();
        bed.powerCycle();
        bed.agent().runOnce();
        assertEquals("0.9.5", bed.runningFromDisk());
    }

    @Test
    void wrongHardwareOrKindIsRefused() throws Exception {
        AgentBed bed = bed(AgentBed.Kind.AB_SLOTS);
        repo.addTarget("images/rpi5.img", "image 3.0.0".getBytes(), AgentBed.custom(ArtifactInfo.KIND_IMAGE, "3.0.0", List.of("rpi5"), false));
        repo.addTarget("bundles/b.zip", AgentBed.bundleSet("3.0.0", 10), AgentBed.custom(ArtifactInfo.KIND_BUNDLE_SET, "3.0.0", List.of(), false));
        repo.publish();
        UpdateAgent a = bed.agent();
        a.onCampaignNotice(CampaignNotice.update("c", "images/rpi5.img"));
        assertTrue(a.runOnce().orElseThrow().reason().contains("is built for [rpi5]; this node is rpi4"));
        a.onCampaignNotice(CampaignNotice.update("c", "bundles/b.zip"));
        assertTrue(a.runOnce().orElseThrow().reason().contains("this node installs image"));
        a.onCampaignNotice(CampaignNotice.update("c", "images/not-signed.img"));
        UpdateReport r = a.runOnce().orElseThrow();
        assertEquals(FAILED, r.state());
        assertTrue(r.reason().contains("no trusted targets metadata lists images/not-signed.img"), r.reason());
        assertEquals("1.0.0", bed.runningFromDisk());
    }

    @Test
    void aHaltedCampaignStopsTheDownloadInFlight() throws Exception {
        AgentBed bed = bed(AgentBed.Kind.BUNDLE_SET);
        String path = bed.publish("1.1.0", 3 << 20);
        http.misbehave(new TestHttpServer.Misbehaviour() {
            @Override
            public long dripMillis(String p) {
                return 30;
            }
        });
        UpdateAgent a = bed.agent();
        CountDownLatch downloading = new CountDownLatch(1);
        bed.reports.clear();
        UpdateReporter watch = r -> {
            if (r.state() == UpdateState.DOWNLOADING && r.bytesDone() > 0) {
                downloading.countDown();
            }
        };
        Thread t = new Thread(() -> {
            a.onCampaignNotice(CampaignNotice.update("spring", path));
            a.runOnce();
        });
        bed.hook = step -> { };
        t.start();
        // The MQTT listener delivers the halt from another thread while the worker downloads.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (bed.reports.stream().noneMatch(r -> r.state() == UpdateState.DOWNLOADING && r.bytesDone() > 0)) {
            assertTrue(System.nanoTime() < deadline, "download did not start");
            Thread.sleep(10);
        }
        a.onCampaignNotice(CampaignNotice.halt("spring"));
        t.join(60_000);
        assertEquals(HALTED, bed.lastReport().state());
        assertEquals("1.0.0", bed.runningFromDisk());
        assertEquals(Journal.Phase.IDLE, a.phase());
        a.onCampaignNotice(CampaignNotice.update("spring", path));
        assertEquals(HALTED, a.runOnce().orElseThrow().state(), "a halted campaign stays halted");
        assertTrue(watch != null && downloading != null);
    }

    @Test
    void anExpiredTimestampIsReportedAndRecoversWithoutAVisitOnceOpsRepublish() throws Exception {
        AgentBed bed = bed(AgentBed.Kind.BUNDLE_SET);
        bed.agent().runOnce();
        bed.advanceClock(Duration.ofDays(3));
        UpdateReport r = bed.agent().runOnce().orElseThrow();
        assertEquals(FAILED, r.state());
        assertTrue(r.reason().contains("timestamp.json") && r.reason().contains("expired"), r.reason());
        // Ops: the timestamp key was lost too; rotate it with the offline root key and republish.
        SigningKey oldRoot = repo.signers.get("root").get(0);
        repo.now = bed.now.get();
        SigningKey ts = repo.rotate("timestamp");
        repo.signers.put("timestamp", List.of(ts));
        repo.publishRoot(oldRoot);
        bed.publish("1.2.0", 1000);
        bed.agent().runOnce();
        bed.powerCycle();
        assertEquals(COMMITTED, bed.agent().runOnce().orElseThrow().state());
        assertEquals("1.2.0", bed.runningFromDisk());
    }

    @Test
    void arbitrarySoftwareFromAMaliciousMirrorIsRefusedAndTheNodeKeepsRunning() throws Exception {
        AgentBed bed = bed(AgentBed.Kind.BUNDLE_SET);
        String path = bed.publish("1.1.0", 4000);
        String served = repo.files.keySet().stream().filter(k -> k.startsWith("targets/") && k.endsWith("gateway-1.1.0.zip"))
                .findFirst().orElseThrow();
        repo.files.put(served, AgentBed.bundleSet("6.6.6", 4000));
        UpdateReport r = bed.agent().runOnce().orElseThrow();
        assertEquals(FAILED, r.state());
        assertTrue(r.reason().contains("sha256") && r.reason().contains(path), r.reason());
        assertEquals("1.0.0", bed.runningFromDisk());
        assertTrue(bed.restarts.isEmpty(), "nothing was installed");
    }

    @Test
    void slowRetrievalCannotHangTheAgent() throws Exception {
        AgentBed bed = bed(AgentBed.Kind.AB_SLOTS);
        bed.downloader = new io.streetgate.ota.download.Downloader(java.net.http.HttpClient.newHttpClient(),
                io.streetgate.ota.download.DownloadPolicy.DEFAULT.withTimeouts(Duration.ofSeconds(2), 50_000, Duration.ofMillis(500))
                        .withRetries(2, Duration.ZERO, Duration.ZERO).withDisk(1L << 30, 0), d -> { });
        bed.publish("2.0.0", 1 << 20);
        UpdateAgent a = bed.agent();
        http.misbehave(new TestHttpServer.Misbehaviour() {
            @Override
            public long dripMillis(String p) {
                return p.startsWith("targets/") ? 200 : 0;
            }

            @Override
            public int chunk() {
                return 256;
            }
        });
        UpdateReport r = a.runOnce().orElseThrow();
        assertEquals(FAILED, r.state());
        assertTrue(r.reason().contains("below the minimum 50000 B/s"), r.reason());
        assertEquals("1.0.0", bed.runningFromDisk());
    }

    @Test
    void aNoticeForTheUpdateAlreadyUnderWayIsAdoptedAndAnotherWaitsItsTurn() throws Exception {
        AgentBed bed = bed(AgentBed.Kind.BUNDLE_SET);
        String first = bed.publish("1.1.0", 2000);
        String second = bed.publish("1.2.0", 2000);
        UpdateAgent a = bed.agent();
        a.onCampaignNotice(CampaignNotice.update("autumn", first));
        bed.hook = step -> {
            if (step.equals("staged")) {
                // While 1.1.0 installs, the same campaign's notice arrives again and another campaign asks for 1.2.0.
                a.onCampaignNotice(CampaignNotice.update("autumn", first));
                a.onCampaignNotice(CampaignNotice.update("winter", second));
            }
        };
        a.runOnce();
        bed.hook = step -> { };
        bed.powerCycle();
        UpdateAgent b = bed.agent();
        b.onCampaignNotice(CampaignNotice.update("winter", second));
        b.runOnce();
        assertTrue(bed.reports.stream().anyMatch(r -> r.state() == COMMITTED && "autumn".equals(r.campaignId())
                && "1.1.0".equals(r.version())), bed.reports.toString());
        bed.powerCycle();
        assertEquals(COMMITTED, bed.agent().runOnce().orElseThrow().state());
        assertEquals("1.2.0", bed.runningFromDisk());
    }
}
