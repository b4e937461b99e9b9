package io.streetgate.ota.install;

import io.streetgate.ota.testkit.RaucBundles;
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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RAUC backend against the real {@code rauc} 1.8 ({@link RaucPeer}: a private D-Bus, file-backed raw slots,
 * RAUC's "custom" bootloader backend; a reboot is the service started again as booted from the other slot): a raw
 * image through {@code rauc write-slot}, and a signed {@code .raucb} bundle made by {@code rauc bundle} (which needs
 * mksquashfs, Debian's squashfs-tools) through {@code rauc install}, checked against RAUC's keyring. {@code
 * RaucBackendTest} runs the same backend under the update agent.
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

    @Test
    void installASignedBundleTryTheOtherSlotAndCommitThroughRealRauc() throws Exception {
        Path release = RaucBundles.releaseKey(tmp, "streetgate test release");
        peer = RaucPeer.start(tmp, "factory 1.0.0", release.resolve("cert.pem"));
        List<Boolean> reboots = new ArrayList<>();
        RaucInstaller rauc = new RaucInstaller(peer.runner, peer.conf, "rootfs", reboots::add, tmp.resolve("state"));
        rauc.recordFactoryVersion("A", ArtifactVersion.parse("1.0.0"));
        byte[] image = RaucBundles.randomImage(42);
        Path bundle = RaucBundles.bundle(tmp, release, "2.0.0", image);

        rauc.stage(bundle, new ArtifactInfo(ArtifactInfo.KIND_IMAGE, ArtifactVersion.parse("2.0.0"), List.of(), null, false),
                InstallProgress.NONE);
        assertArrayEquals(image, Files.readAllBytes(tmp.resolve("slot-b.img")), "rauc install wrote the bundle's image to B");
        assertEquals("A", peer.primary(), "the running slot stays primary until activation");

        assertEquals(Installer.Activation.REBOOT, rauc.activate(ArtifactVersion.parse("2.0.0")));
        assertEquals(List.of(false), reboots);
        assertEquals("B", peer.primary());
        peer.boot("B");
        assertEquals("2.0.0", rauc.trial().orElseThrow().toString());
        rauc.commit();
        assertTrue(peer.bootloaderLog().contains("set-state B good"));
    }

    @Test
    void aBundleSignedByAKeyOutsideTheKeyringIsRefusedAndNothingIsWritten() throws Exception {
        Path release = RaucBundles.releaseKey(tmp, "streetgate test release");
        Path stranger = RaucBundles.releaseKey(tmp, "someone else");
        peer = RaucPeer.start(tmp, "factory 1.0.0", release.resolve("cert.pem"));
        RaucInstaller rauc = new RaucInstaller(peer.runner, peer.conf, "rootfs", reboot -> { }, tmp.resolve("state"));
        rauc.recordFactoryVersion("A", ArtifactVersion.parse("1.0.0"));
        Path bundle = RaucBundles.bundle(tmp, stranger, "2.0.0", RaucBundles.randomImage(7));

        InstallException refused = assertThrows(InstallException.class, () -> rauc.stage(bundle,
                new ArtifactInfo(ArtifactInfo.KIND_IMAGE, ArtifactVersion.parse("2.0.0"), List.of(), null, false),
                InstallProgress.NONE));
        assertTrue(refused.getMessage().contains("LastError: signature verification failed"), refused.getMessage());
        assertEquals(0, Files.size(tmp.resolve("slot-b.img")), "slot B untouched");
        assertEquals("A", rauc.status().booted());
        assertEquals("1.0.0", rauc.runningVersion().toString());
    }
}
