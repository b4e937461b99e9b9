package io.streetgate.ota.install;

import io.streetgate.ota.testkit.RaucPeer;
import io.streetgate.ota.tuf.ArtifactInfo;
import io.streetgate.ota.tuf.ArtifactVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RAUC backend against the real {@code rauc} 1.8 ({@link RaucPeer}: a private D-Bus, file-backed raw slots,
 * RAUC's "custom" bootloader backend; a reboot is the service started again as booted from the other slot). Not
 * covered here: {@code rauc install} of a signed .raucb bundle, because making a bundle needs mksquashfs
 * (squashfs-tools), which is not one of the project's test peers; the raw-image path ({@code rauc write-slot}) is
 * exercised instead. {@code RaucBackendTest} runs the same backend under the update agent.
 */
class RaucInstallerTest {
    @TempDir
    Path tmp;
    RaucPeer peer;

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void writeSlotTryTheOtherSlotAndCommitThroughRealRauc() throws Exception {
        peer = RaucPeer.start(tmp, "factory 1.0.0");
        List<Boolean> reboots = new ArrayList<>();
        RaucInstaller rauc = new RaucInstaller(peer.runner, peer.conf, "rootfs", reboots::add, tmp.resolve("state"));
        rauc.recordFactoryVersion("A", ArtifactVersion.parse("1.0.0"));
        assertEquals("A", rauc.status().booted());
        assertEquals("1.0.0", rauc.runningVersion().toString());

        Path image = tmp.resolve("new.img");
        Files.writeString(image, "image 2.0.0");
        rauc.stage(image, new ArtifactInfo(ArtifactInfo.KIND_IMAGE, ArtifactVersion.parse("2.0.0"), List.of(), null, false), InstallProgress.NONE);
        assertEquals("image 2.0.0", Files.readString(tmp.resolve("slot-b.img")), "rauc write-slot wrote the inactive slot");
        assertEquals("A", peer.primary(), "nothing changes before activation");

        assertEquals(Installer.Activation.REBOOT, rauc.activate(ArtifactVersion.parse("2.0.0")));
        assertEquals(List.of(false), reboots);
        assertEquals("B", peer.primary(), "rauc made B primary");
        peer.boot("B");
        assertEquals("2.0.0", rauc.trial().orElseThrow().toString());
        rauc.commit();
        assertTrue(rauc.trial().isEmpty());
        assertTrue(peer.bootloaderLog().contains("set-state B good"));
    }
}
