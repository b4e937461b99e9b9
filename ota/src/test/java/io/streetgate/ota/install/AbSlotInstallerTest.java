package io.streetgate.ota.install;

import io.streetgate.ota.tuf.ArtifactInfo;
import io.streetgate.ota.tuf.ArtifactVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AbSlotInstallerTest {
    @TempDir
    Path tmp;

    static ArtifactInfo image(String v) {
        return new ArtifactInfo(ArtifactInfo.KIND_IMAGE, ArtifactVersion.parse(v), List.of("rpi4"), null, false);
    }

    Path img(String content) throws Exception {
        Path p = tmp.resolve(content + ".img");
        Files.writeString(p, content);
        return p;
    }

    @Test
    void writeInactiveTryBootCommit() throws Exception {
        DirectoryBootControl boot = new DirectoryBootControl(tmp.resolve("slots"));
        AbSlotInstaller i = new AbSlotInstaller(boot, tmp.resolve("state"));
        i.recordFactoryVersion(Slot.A, ArtifactVersion.parse("1.0.0"));
        i.stage(img("2.0.0"), image("2.0.0"), InstallProgress.NONE);
        assertEquals("2.0.0", Files.readString(boot.image(Slot.B)));
        assertEquals(Installer.Activation.REBOOT, i.activate(ArtifactVersion.parse("2.0.0")));
        assertEquals(Slot.B, boot.powerCycle());
        assertEquals("2.0.0", i.trial().orElseThrow().toString());
        i.commit();
        assertEquals(Slot.B, boot.powerCycle(), "committed: B stays");
        assertTrue(i.trial().isEmpty());
        assertEquals("2.0.0", i.runningVersion().toString());
    }

    @Test
    void powerLossDuringTheTrialBootsTheOldSlot() throws Exception {
        DirectoryBootControl boot = new DirectoryBootControl(tmp.resolve("slots"));
        AbSlotInstaller i = new AbSlotInstaller(boot, tmp.resolve("state"));
        i.recordFactoryVersion(Slot.A, ArtifactVersion.parse("1.0.0"));
        i.stage(img("2.0.0"), image("2.0.0"), InstallProgress.NONE);
        i.activate(ArtifactVersion.parse("2.0.0"));
        assertEquals(Slot.B, boot.powerCycle());
        assertEquals(Slot.A, boot.powerCycle(), "power lost during the trial: the one-shot try-boot is spent");
        assertEquals("1.0.0", i.runningVersion().toString());
        assertTrue(i.trial().isEmpty());
    }

    @Test
    void revertAfterAFailedHealthCheckAndNeverWriteTheBootedSlot() throws Exception {
        DirectoryBootControl boot = new DirectoryBootControl(tmp.resolve("slots"));
        AbSlotInstaller i = new AbSlotInstaller(boot, tmp.resolve("state"));
        i.recordFactoryVersion(Slot.A, ArtifactVersion.parse("1.0.0"));
        i.stage(img("2.0.0"), image("2.0.0"), InstallProgress.NONE);
        i.activate(ArtifactVersion.parse("2.0.0"));
        boot.powerCycle();
        assertEquals(Installer.Activation.REBOOT, i.revert("sensors silent"));
        assertEquals(Slot.A, boot.powerCycle());
        assertEquals("1.0.0", i.runningVersion().toString());
        assertThrows(InstallException.class, () -> boot.writeSlot(Slot.A, img("x"), InstallProgress.NONE));
    }

    @Test
    void raspberryPiTrybootWritesAutobootAndAsksForATryboot() throws Exception {
        Path autoboot = tmp.resolve("boot/autoboot.txt");
        Files.createDirectories(autoboot.getParent());
        Files.writeString(autoboot, PiTrybootBootControl.autobootText(2, 3));
        List<Boolean> reboots = new ArrayList<>();
        int[] bootedPartition = {2};
        Path devA = tmp.resolve("mmcblk0p2");
        Path devB = tmp.resolve("mmcblk0p3");
        Files.writeString(devA, "old");
        Files.writeString(devB, "");
        PiTrybootBootControl pi = new PiTrybootBootControl(autoboot, Map.of(Slot.A, 2, Slot.B, 3), Map.of(Slot.A, devA, Slot.B, devB),
                reboots::add, () -> bootedPartition[0]);
        AbSlotInstaller i = new AbSlotInstaller(pi, tmp.resolve("state"));
        i.recordFactoryVersion(Slot.A, ArtifactVersion.parse("1.0.0"));
        i.stage(img("2.0.0"), image("2.0.0"), InstallProgress.NONE);
        assertEquals("2.0.0", Files.readString(devB));
        i.activate(ArtifactVersion.parse("2.0.0"));
        assertEquals(List.of(true), reboots, "reboot \"0 tryboot\"");
        assertEquals("[all]\ntryboot_a_b=1\nboot_partition=2\n[tryboot]\nboot_partition=3\n", Files.readString(autoboot, StandardCharsets.US_ASCII));
        bootedPartition[0] = 3; // the firmware honoured the tryboot flag
        assertEquals("2.0.0", i.trial().orElseThrow().toString());
        i.commit();
        assertEquals("[all]\ntryboot_a_b=1\nboot_partition=3\n[tryboot]\nboot_partition=2\n", Files.readString(autoboot, StandardCharsets.US_ASCII));
        assertTrue(i.trial().isEmpty());
    }
}
