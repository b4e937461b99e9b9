package io.streetgate.ota.agent;

import io.streetgate.ota.message.CampaignNotice;
import io.streetgate.ota.message.NodeReport;
import io.streetgate.ota.message.UpdateState;

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

import static io.streetgate.ota.message.UpdateState.AWAITING_HEALTH;
import static io.streetgate.ota.message.UpdateState.COMMITTED;
import static io.streetgate.ota.message.UpdateState.FAILED;
import static io.streetgate.ota.message.UpdateState.HALTED;
import static io.streetgate.ota.message.UpdateState.INSTALLED;
import static io.streetgate.ota.message.UpdateState.ROLLED_BACK;
import static io.streetgate.ota.message.UpdateState.UP_TO_DATE;
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
        assertEquals(List.of(INSTALLED), bed.states());
        assertTrue(bed.reports.stream().anyMatch(r -> r.state() == UpdateState.DOWNLOADING && r.bytesTotal() > 0));
        bed.powerCycle();
        bed.agent().runOnce();
        assertEquals(List.of(INSTALLED, AWAITING_HEALTH, COMMITTED), bed.states());
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
        NodeReport r = bed.agent().runOnce().orElseThrow();
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
        a.onCampaignNotice(bed.update("c1", "images/old.img"));
        NodeReport r = a.runOnce().orElseThrow();
        assertEquals(FAILED, r.state());
        assertTrue(r.reason().contains("is older than the running 1.0.0") && r.reason().contains("allow_downgrade"), r.reason());
        a.onCampaignNotice(bed.update("c2", "images/rescue.img"));
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
        a.onCampaignNotice(bed.update("c1", "images/rpi5.img"));
        assertTrue(a.runOnce().orElseThrow().reason().contains("is built for [rpi5]; this node is rpi4"));
        a.onCampaignNotice(bed.update("c2", "bundles/b.zip"));
        assertTrue(a.runOnce().orElseThrow().reason().contains("this node installs image"));
        a.onCampaignNotice(bed.update("c3", "images/not-signed.img"));
        NodeReport r = a.runOnce().orElseThrow();
        assertEquals(FAILED, r.state());
        assertTrue(r.reason().contains("no trusted targets metadata lists images/not-signed.img"), r.reason());
        assertEquals("1.0.0", bed.runningFromDisk());
    }

    @Test
    void aKindThisNodeDoesNotKnowOrDoesNotInstallIsRefusedWithTheReason() throws Exception {
        AgentBed bed = bed(AgentBed.Kind.AB_SLOTS);
        // signed by the targets keys, as a newer ota tool might write it
        byte[] firmware = "modem firmware".getBytes();
        repo.addTarget("firmware/modem.bin", firmware, java.util.Map.of(ArtifactInfo.CUSTOM_KEY,
                java.util.Map.of("kind", "modem-firmware", "version", "3.0.0")));
        repo.addTarget("site/harbour.yaml", "node:\n  id: pole-1\n".getBytes(),
                AgentBed.custom(ArtifactInfo.KIND_SITE_FILE, "2.0.0", List.of(), false));
        repo.publish();
        UpdateAgent a = bed.agent();
        a.onCampaignNotice(CampaignNotice.update("c1", "firmware/modem.bin", "3.0.0",
                io.streetgate.ota.tuf.Hashes.sha256Hex(firmware), bed.now.get().plus(Duration.ofDays(1))));
        NodeReport unknown = a.runOnce().orElseThrow();
        assertEquals(FAILED, unknown.state());
        assertEquals("kind \"modem-firmware\" is not known here; the kinds are bundle-set, image, site-file (a newer "
                + "tool's kind needs a newer node)", unknown.reason());
        a.onCampaignNotice(bed.update("c2", "site/harbour.yaml"));
        NodeReport notHere = a.runOnce().orElseThrow();
        assertEquals(FAILED, notHere.state());
        assertEquals("site/harbour.yaml is a site-file; this node installs image", notHere.reason());
        assertEquals("1.0.0", bed.runningFromDisk());
    }

    @Test
    void aTargetOfASecondKindGoesToItsInstallerAndItsOwnHealthCheck() throws Exception {
        AgentBed bed = bed(AgentBed.Kind.BUNDLE_SET);
        java.util.List<String> steps = new java.util.concurrent.CopyOnWriteArrayList<>();
        Installer siteFiles = new Installer() {
            String running = "1.0.0";
            String trial;

            public String kind() {
                return ArtifactInfo.KIND_SITE_FILE;
            }

            public io.streetgate.ota.tuf.ArtifactVersion runningVersion() {
                return io.streetgate.ota.tuf.ArtifactVersion.parse(running);
            }

            public java.util.Optional<io.streetgate.ota.tuf.ArtifactVersion> trial() {
                return java.util.Optional.ofNullable(trial).map(io.streetgate.ota.tuf.ArtifactVersion::parse);
            }

            public void stage(Path file, ArtifactInfo info, io.streetgate.ota.install.InstallProgress p)
                    throws io.streetgate.ota.install.InstallException {
                String text = new String(uncheckedRead(file));
                steps.add("stage " + text.strip());
                if (text.contains("bad")) {
                    throw new io.streetgate.ota.install.InstallException("the site file has 1 problem: bad");
                }
            }

            public Activation activate(io.streetgate.ota.tuf.ArtifactVersion v) {
                trial = v.toString();
                steps.add("activate " + v);
                return Activation.NONE;
            }

            public void commit() {
                running = trial;
                trial = null;
                steps.add("commit");
            }

            public Activation revert(String reason) {
                trial = null;
                steps.add("revert");
                return Activation.NONE;
            }
        };
        bed.health = t -> HealthCheck.Result.failed("the bundle-set check is not the site file's");
        bed.extra = b -> b.alsoInstalls(siteFiles, t -> HealthCheck.Result.ok());
        repo.addTarget("site/good.yaml", "good".getBytes(), AgentBed.custom(ArtifactInfo.KIND_SITE_FILE, "1.1.0", List.of(), false));
        repo.addTarget("site/bad.yaml", "bad".getBytes(), AgentBed.custom(ArtifactInfo.KIND_SITE_FILE, "1.2.0", List.of(), false));
        repo.publish();
        UpdateAgent a = bed.agent();
        a.onCampaignNotice(bed.update("good", "site/good.yaml"));
        assertEquals(COMMITTED, a.runOnce().orElseThrow().state());
        assertEquals(List.of("stage good", "activate 1.1.0", "commit"), steps);
        assertTrue(bed.restarts.isEmpty(), "a site file needs no restart");
        a.onCampaignNotice(bed.update("bad", "site/bad.yaml"));
        NodeReport bad = a.runOnce().orElseThrow();
        assertEquals(FAILED, bad.state());
        assertEquals("install failed: the site file has 1 problem: bad", bad.reason());
        assertEquals("1.1.0", bad.running(), "the site file's running version");
        assertEquals("1.0.0", bed.runningFromDisk(), "the bundle set is untouched");
        // a software release of the number the site file failed at is not held back by it
        bed.health = t -> HealthCheck.Result.ok();
        bed.publish("1.2.0", 1000);
        bed.advanceClock(Duration.ofMinutes(11));
        a.runOnce();
        assertEquals(List.of(Installer.Activation.RESTART_RUNTIME), bed.restarts, "the poll installs bundle set 1.2.0");
    }

    private static byte[] uncheckedRead(Path file) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
            a.onCampaignNotice(bed.update("spring", path));
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
        a.onCampaignNotice(bed.halt("spring"));
        t.join(60_000);
        assertEquals(HALTED, bed.lastReport().state());
        assertEquals("1.0.0", bed.runningFromDisk());
        assertEquals(Journal.Phase.IDLE, a.phase());
        a.onCampaignNotice(bed.update("spring", path));
        assertEquals(HALTED, a.runOnce().orElseThrow().state(), "a halted campaign stays halted");
        assertTrue(watch != null && downloading != null);
    }

    @Test
    void anExpiredTimestampIsReportedAndRecoversWithoutAVisitOnceOpsRepublish() throws Exception {
        AgentBed bed = bed(AgentBed.Kind.BUNDLE_SET);
        bed.agent().runOnce();
        bed.advanceClock(Duration.ofDays(3));
        NodeReport r = bed.agent().runOnce().orElseThrow();
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
        NodeReport r = bed.agent().runOnce().orElseThrow();
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
        NodeReport r = a.runOnce().orElseThrow();
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
        a.onCampaignNotice(bed.update("autumn", first));
        bed.hook = step -> {
            if (step.equals("staged")) {
                // While 1.1.0 installs, the same campaign's notice arrives again and another campaign asks for 1.2.0.
                a.onCampaignNotice(bed.update("autumn", first));
                a.onCampaignNotice(bed.update("winter", second));
            }
        };
        a.runOnce();
        bed.hook = step -> { };
        bed.powerCycle();
        UpdateAgent b = bed.agent();
        b.onCampaignNotice(bed.update("winter", second));
        b.runOnce();
        assertTrue(bed.reports.stream().anyMatch(r -> r.state() == COMMITTED && "autumn".equals(r.campaignId())
                && "1.1.0".equals(r.version())), bed.reports.toString());
        bed.powerCycle();
        assertEquals(COMMITTED, bed.agent().runOnce().orElseThrow().state());
        assertEquals("1.2.0", bed.runningFromDisk());
    }

    @Test
    void aNoticeHeardAgainAfterItWasActedOnIsIgnored() throws Exception {
        AgentBed bed = bed(AgentBed.Kind.AB_SLOTS);
        String path = bed.publish("2.0.0", 64);
        bed.health = t -> HealthCheck.Result.failed("sensor bme280 silent");
        bed.installOnPoll = false;
        UpdateAgent a = bed.agent();
        a.onCampaignNotice(bed.update("spring", path));
        a.runOnce();
        for (int boots = 0; boots < 4 && bed.lastReport().state() != ROLLED_BACK; boots++) {
            bed.powerCycle(); // into the trial, and out of it after the failed check
            bed.agent().runOnce();
        }
        assertEquals(ROLLED_BACK, bed.lastReport().state());
        int restarts = bed.restarts.size();
        // the retained notice arrives again with the next MQTT session, and after the next restart too
        int before = bed.reports.size();
        UpdateAgent again = bed.agent();
        again.onCampaignNotice(bed.update("spring", path));
        again.runOnce();
        assertEquals(before, bed.reports.size(), "nothing is done or reported again: " + bed.reports);
        assertEquals(restarts, bed.restarts.size(), "no second attempt");
        assertEquals("1.0.0", bed.runningFromDisk());
    }

    @Test
    void aStaleNoticeIsNeverActedOn() throws Exception {
        AgentBed bed = bed(AgentBed.Kind.AB_SLOTS);
        String path = bed.publish("2.0.0", 64);
        bed.installOnPoll = false;
        UpdateAgent a = bed.agent();
        a.runOnce();
        CampaignNotice stale = CampaignNotice.update("spring", path, "2.0.0", null, bed.now.get().minusSeconds(1));
        int before = bed.reports.size();
        a.onCampaignNotice(stale);
        a.onCampaignNotice(CampaignNotice.halt("spring", bed.now.get().minusSeconds(1)));
        a.runOnce();
        assertEquals(before, bed.reports.size(), "a stale notice is dropped without a report: " + bed.reports);
        assertEquals(List.of(), bed.restarts);
        // the same campaign's fresh notice is taken: the stale halt did not hold the campaign
        a.onCampaignNotice(bed.update("spring", path));
        a.runOnce();
        assertEquals(List.of(Installer.Activation.REBOOT), bed.restarts);
    }

    @Test
    void aNoticeNamingOtherContentThanTheSignedTargetIsRefused() throws Exception {
        AgentBed bed = bed(AgentBed.Kind.AB_SLOTS);
        String path = bed.publish("2.0.0", 64);
        UpdateAgent a = bed.agent();
        CampaignNotice real = bed.update("c1", path);
        a.onCampaignNotice(CampaignNotice.update("c1", path, "2.0.1", real.sha256(), real.notAfter()));
        NodeReport wrongVersion = a.runOnce().orElseThrow();
        assertEquals(FAILED, wrongVersion.state());
        assertTrue(wrongVersion.reason().startsWith("the notice names version 2.0.1 but the signed target " + path
                + " is 2.0.0; the targets changed after the campaign was created"), wrongVersion.reason());
        a.onCampaignNotice(CampaignNotice.update("c2", path, "2.0.0", "0".repeat(64), real.notAfter()));
        assertTrue(a.runOnce().orElseThrow().reason().startsWith("the notice names sha256 " + "0".repeat(64)),
                bed.lastReport().toString());
        assertEquals(List.of(), bed.restarts);
    }

    @Test
    void aCampaignNoticeIsReportedPendingThenADownloadInAFewReports() throws Exception {
        AgentBed bed = bed(AgentBed.Kind.AB_SLOTS);
        String path = bed.publish("2.0.0", 8 << 20);
        UpdateAgent a = bed.agent();
        a.onCampaignNotice(bed.update("spring", path));
        a.runOnce();
        assertEquals(List.of(UpdateState.PENDING, INSTALLED), bed.states());
        List<NodeReport> downloading = bed.reports.stream().filter(r -> r.state() == UpdateState.DOWNLOADING).toList();
        assertTrue(downloading.size() >= 2 && downloading.size() <= UpdateAgent.PROGRESS_REPORTS,
                "a start and a few progress reports for 8 MiB, not one per MiB: " + downloading);
        assertTrue(downloading.stream().allMatch(r -> "spring".equals(r.campaignId())));
    }

    @Test
    void anAlreadyRunningVersionCountsAsCommittedForTheCampaign() throws Exception {
        AgentBed bed = bed(AgentBed.Kind.AB_SLOTS);
        String path = bed.publish("2.0.0", 64);
        UpdateAgent a = bed.agent();
        a.runOnce();
        bed.powerCycle();
        bed.agent().runOnce();
        assertEquals("2.0.0", bed.runningFromDisk());
        UpdateAgent b = bed.agent();
        b.onCampaignNotice(bed.update("late", path));
        NodeReport r = b.runOnce().orElseThrow();
        assertEquals(COMMITTED, r.state());
        assertEquals("already running 2.0.0", r.reason());
    }
}
