package io.streetgate.ota.install;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backend a node's settings choose, and what it needs; RAUC under the agent is in {@code RaucBackendTest}. */
class InstallBackendsTest {
    @TempDir
    Path tmp;

    InstallBackends.Settings settings(String backend) {
        return new InstallBackends.Settings(backend, tmp.resolve("state"), tmp.resolve("slots"), null, null, null, null,
                "rootfs", "1.3.0");
    }

    @Test
    void aSlotDirectoryStartsOnItsFactoryVersionAndKeepsWhatItLaterRecords() throws Exception {
        Installer first = InstallBackends.create(settings("slot-directory"), tryboot -> { }, CommandRunner.processes(java.util.Map.of()));
        assertInstanceOf(AbSlotInstaller.class, first);
        assertEquals("1.3.0", first.runningVersion().toString());
        Files.writeString(tmp.resolve("state/ota/slots.json"), "{\"A\":\"1.4.0\"}");
        assertEquals("1.4.0", InstallBackends.create(settings("slot-directory"), tryboot -> { },
                CommandRunner.processes(java.util.Map.of())).runningVersion().toString(), "the factory version is only a start");
    }

    @Test
    void bundleSetsAreTheDefaultAndAnUnknownBackendIsNamed() throws Exception {
        assertInstanceOf(BundleSetInstaller.class, InstallBackends.create(settings("bundle-set"), t -> { }, null));
        InstallException e = assertThrows(InstallException.class, () -> InstallBackends.create(settings("swupdate"), t -> { }, null));
        assertEquals("OTA backend 'swupdate' is not known; valid: bundle-set, slot-directory, pi-tryboot, u-boot, rauc", e.getMessage());
    }

    @Test
    void aPiSlotsBootPartitionIsTheNumberAtTheEndOfItsDevice() throws Exception {
        assertEquals(2, InstallBackends.partition(Path.of("/dev/mmcblk0p2")));
        assertEquals(13, InstallBackends.partition(Path.of("/dev/sda13")));
        InstallException e = assertThrows(InstallException.class, () -> InstallBackends.partition(Path.of("/dev/mmcblk0p")));
        assertTrue(e.getMessage().contains("/dev/mmcblk0p is not a partition's device"), e.getMessage());
    }

    @Test
    void aRebootRequestNamesThisBootAndTheFirstRequestOfAProcessStands() throws Exception {
        Path file = tmp.resolve("ota/" + RebootRequest.FILE);
        RebootRequest reboot = new RebootRequest(file, null, List.of());
        assertFalse(reboot.requested());
        reboot.reboot(true);
        reboot.reboot(false); // the caller's plain reboot after the installer's try-boot
        String bootId = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
        assertEquals("tryboot " + bootId + "\n", Files.readString(file));
        assertTrue(reboot.requested());
    }
}
