package io.streetgate.ota.osgi;

import io.streetgate.driver.DeviceCatalog;
import io.streetgate.driver.Health;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.ota.agent.HealthCheck;
import io.streetgate.ota.install.InstallException;
import io.streetgate.ota.install.InstallProgress;
import io.streetgate.ota.install.Installer;
import io.streetgate.ota.tuf.ArtifactInfo;
import io.streetgate.ota.tuf.ArtifactVersion;
import io.streetgate.site.SiteFile;
import io.streetgate.site.osgi.SiteTrial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A site-file target on the node: checked as the gateway reads its file, tried, kept or rolled back. */
class SiteFileInstallerTest {

    private static final String RUNNING = "node:\n  id: pole-0042\n";
    private static final String NEXT = "node:\n  id: pole-0042\n  site: harbour-street\n";

    @TempDir
    Path dir;
    private final List<ComponentStatus> parts = new CopyOnWriteArrayList<>();
    private final AtomicInteger reloads = new AtomicInteger();

    private final SiteTrial.Gateway gateway = SiteTrial.gateway(() -> dir.resolve("site.yaml"),
            text -> SiteFile.parse(text, "site.yaml", DeviceCatalog.of(List.of()), dir), reloads::incrementAndGet,
            () -> List.copyOf(parts));

    private SiteFileInstaller installer() throws Exception {
        if (!Files.exists(dir.resolve("site.yaml"))) {
            Files.writeString(dir.resolve("site.yaml"), RUNNING);
        }
        return new SiteFileInstaller(gateway, dir.resolve("ota/site-file"), Duration.ofSeconds(2), Duration.ZERO);
    }

    private Path target(String text) throws Exception {
        return Files.writeString(dir.resolve("downloaded.yaml"), text);
    }

    private static ArtifactInfo info(String version) {
        return new ArtifactInfo(ArtifactInfo.KIND_SITE_FILE, ArtifactVersion.parse(version), List.of(), null, false);
    }

    @Test
    void anInvalidFileOrOneForAnotherNodeIsRefusedWithTheReasonAndTheRunningFileStays() throws Exception {
        SiteFileInstaller i = installer();
        InstallException e = assertThrows(InstallException.class,
                () -> i.stage(target("node:\n  id: Pole 42\n"), info("1.1.0"), InstallProgress.NONE));
        String problem = SiteFile.parse("node:\n  id: Pole 42\n", "site.yaml", DeviceCatalog.of(List.of()), dir)
                .problems().get(0).toString();
        assertEquals("the site file has 1 problem(s), as streetgate config validate reports them; the running file is "
                + "unchanged: " + problem, e.getMessage());
        assertEquals(RUNNING, Files.readString(dir.resolve("site.yaml")));
        assertEquals(0, reloads.get());
        InstallException other = assertThrows(InstallException.class,
                () -> i.stage(target("node:\n  id: pole-0043\n"), info("1.1.0"), InstallProgress.NONE));
        assertEquals("the site file is for node pole-0043; this node is pole-0042 (a site-file target holds one "
                + "node's file: add one target per node)", other.getMessage());
        assertEquals(RUNNING, Files.readString(dir.resolve("site.yaml")));
    }

    @Test
    void aValidFileIsTriedAndKeptWhenTheGatewayIsHealthyOnIt() throws Exception {
        parts.add(new ComponentStatus("pipeline", Health.ok(Instant.EPOCH), Map.of()));
        SiteFileInstaller i = installer();
        assertEquals(ArtifactVersion.parse("0.0.0"), i.runningVersion(), "no site file came by OTA yet");
        i.stage(target(NEXT), info("1.1.0"), InstallProgress.NONE);
        assertEquals(Installer.Activation.NONE, i.activate(ArtifactVersion.parse("1.1.0")));
        assertEquals(NEXT, Files.readString(dir.resolve("site.yaml")));
        assertEquals(1, reloads.get());
        assertEquals(Optional.of(ArtifactVersion.parse("1.1.0")), i.trial());
        assertTrue(i.healthCheck().check(Duration.ofSeconds(2)).healthy());
        i.commit();
        assertEquals(ArtifactVersion.parse("1.1.0"), i.runningVersion());
        assertEquals(Optional.empty(), i.trial());
        assertFalse(Files.exists(dir.resolve(SiteTrial.RECORD)), "the trial is over");
    }

    @Test
    void aFileThatBreaksAPartThatWorkedIsRolledBack() throws Exception {
        parts.add(new ComponentStatus("sensor/env-1", Health.ok(Instant.EPOCH), Map.of()));
        SiteFileInstaller i = installer();
        i.stage(target(NEXT), info("1.1.0"), InstallProgress.NONE);
        i.activate(ArtifactVersion.parse("1.1.0"));
        parts.set(0, new ComponentStatus("sensor/env-1", Health.faulty("no answer at 0x77", Instant.EPOCH), Map.of()));
        HealthCheck.Result r = i.healthCheck().check(Duration.ofSeconds(2));
        assertEquals("not healthy within 2 s (sensor/env-1 faulty: no answer at 0x77)", r.reason());
        assertEquals(Installer.Activation.NONE, i.revert("health check failed: " + r.reason()));
        assertEquals(RUNNING, Files.readString(dir.resolve("site.yaml")), "the last good file is back");
        assertEquals(2, reloads.get());
        assertEquals(ArtifactVersion.parse("0.0.0"), i.runningVersion());
        assertEquals(Optional.empty(), i.trial());
    }

    @Test
    void whileTheConsoleHasAFileOnTrialTheActivationFailsNamingItAndWritesNothing() throws Exception {
        SiteFileInstaller i = installer();
        String consoles = RUNNING + "# the technician's change\n";
        SiteTrial.Trial on = new SiteTrial(gateway, dir.resolve("console"), java.time.Clock.systemUTC(), Duration.ZERO)
                .begin("console:ana", consoles, Duration.ofMinutes(1));
        i.stage(target(NEXT), info("1.1.0"), InstallProgress.NONE);
        InstallException e = assertThrows(InstallException.class, () -> i.activate(ArtifactVersion.parse("1.1.0")));
        assertEquals("the apply by console:ana is on trial until " + on.until() + "; wait for its outcome",
                e.getMessage());
        assertEquals(consoles, Files.readString(dir.resolve("site.yaml")));
        assertEquals(Optional.empty(), i.trial(), "the console's trial is not the agent's");
    }
}
