package io.streetgate.ota.install;

import io.streetgate.ota.tuf.ArtifactInfo;
import io.streetgate.ota.tuf.ArtifactVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link UBootBootControl} with the real fw_printenv and fw_setenv (Debian's libubootenv-tool) on an environment
 * file of the node image's size (0x4000, packaging/image/files/fw_env.config), checked after each step by a separate
 * fw_printenv. Between "boots" the test takes the try the boot script would take (packaging/image/files/boot.cmd;
 * the real U-Boot running that script on these variables is UBootSlotChoiceIT in packaging/deb).
 */
class UBootBootControlTest {
    @TempDir
    Path tmp;
    Path config;
    final AtomicInteger bootedPartition = new AtomicInteger(2);
    final List<Boolean> reboots = new ArrayList<>();
    final CommandRunner runner = CommandRunner.processes(Map.of());
    UBootBootControl boot;

    @BeforeEach
    void environmentAsTheBootScriptLeavesItAfterTheFirstBootOfA() throws Exception {
        Path env = tmp.resolve("uboot.env");
        Files.write(env, new byte[0x4000]);
        config = tmp.resolve("fw_env.config");
        Files.writeString(config, env + " 0x0 0x4000\n");
        Files.write(tmp.resolve("no-defaults"), new byte[0]);
        setenvAsTheBootScript("BOOT_ORDER=A B", "BOOT_A_LEFT=2", "BOOT_B_LEFT=3");
        boot = new UBootBootControl(runner, config, Map.of(Slot.A, 2, Slot.B, 3),
                Map.of(Slot.A, tmp.resolve("slot-a.img"), Slot.B, tmp.resolve("slot-b.img")), reboots::add,
                bootedPartition::get);
    }

    @Test
    void anUpdateIsTriedOnceThenCommittedWithItsTriesBack() throws Exception {
        AbSlotInstaller slots = new AbSlotInstaller(boot, tmp.resolve("state"));
        slots.adoptFactoryVersion(ArtifactVersion.parse("1.0.0"));
        boot.confirmBooted();
        assertEquals(Map.of("BOOT_ORDER", "A B", "BOOT_A_LEFT", "3", "BOOT_B_LEFT", "3"), printenv(),
                "a start of the committed slot gives back the try its boot took");

        Path image = tmp.resolve("2.0.0.img");
        Files.writeString(image, "image 2.0.0");
        slots.stage(image, info("2.0.0"), InstallProgress.NONE);
        assertEquals("image 2.0.0", Files.readString(tmp.resolve("slot-b.img")));
        assertEquals(Installer.Activation.REBOOT, slots.activate(ArtifactVersion.parse("2.0.0")));
        assertEquals(List.of(false), reboots);
        assertEquals(Map.of("BOOT_ORDER", "B A", "BOOT_A_LEFT", "3", "BOOT_B_LEFT", "1"), printenv(),
                "B first, with one try");

        bootBy(Slot.B, "BOOT_B_LEFT=0");
        assertEquals(Slot.A, boot.committed(), "during the trial A is still the committed slot");
        assertEquals("2.0.0", slots.trial().orElseThrow().toString());
        slots.commit();
        assertEquals(Map.of("BOOT_ORDER", "B A", "BOOT_A_LEFT", "3", "BOOT_B_LEFT", "3"), printenv());
        assertTrue(slots.trial().isEmpty());
        assertEquals("2.0.0", slots.runningVersion().toString());
    }

    @Test
    void anUnhealthyTrialIsMarkedBadAndTheNodeRebootsIntoTheCommittedSlot() throws Exception {
        AbSlotInstaller slots = new AbSlotInstaller(boot, tmp.resolve("state"));
        slots.adoptFactoryVersion(ArtifactVersion.parse("1.0.0"));
        Path image = tmp.resolve("2.0.0.img");
        Files.writeString(image, "image 2.0.0");
        slots.stage(image, info("2.0.0"), InstallProgress.NONE);
        slots.activate(ArtifactVersion.parse("2.0.0"));
        bootBy(Slot.B, "BOOT_B_LEFT=0");

        assertEquals(Installer.Activation.REBOOT, slots.revert("health check failed"));
        assertEquals(List.of(false, false), reboots);
        assertEquals(Map.of("BOOT_ORDER", "A B", "BOOT_A_LEFT", "3", "BOOT_B_LEFT", "0"), printenv(),
                "B has no try left, so the boot script starts A");
        bootBy(Slot.A, "BOOT_A_LEFT=2");
        assertTrue(slots.trial().isEmpty());
        assertEquals("1.0.0", slots.runningVersion().toString());
        assertThrows(InstallException.class, () -> boot.writeSlot(Slot.A, image, InstallProgress.NONE),
                "the booted slot is never written");
    }

    @Test
    void aTrialThatDiesBeforeTheAgentRunsFallsBackWithoutIt() throws Exception {
        boot.tryBoot(Slot.B);
        bootBy(Slot.B, "BOOT_B_LEFT=0");
        // the trial hangs; the watchdog resets the board: B has no try left, the boot script takes one of A's
        bootBy(Slot.A, "BOOT_A_LEFT=2");
        assertEquals(Slot.A, boot.committed());
        boot.confirmBooted();
        assertEquals(Map.of("BOOT_ORDER", "B A", "BOOT_A_LEFT", "3", "BOOT_B_LEFT", "0"), printenv());
    }

    @Test
    void anEnvironmentItCannotReadIsRefusedNamingTheConfigAndThePackage() throws Exception {
        Path missing = tmp.resolve("missing.config");
        Files.writeString(missing, tmp.resolve("nowhere/uboot.env") + " 0x0 0x4000\n");
        UBootBootControl broken = new UBootBootControl(runner, missing, Map.of(Slot.A, 2, Slot.B, 3),
                Map.of(Slot.A, tmp.resolve("a"), Slot.B, tmp.resolve("b")), reboots::add, bootedPartition::get);
        InstallException e = assertThrows(InstallException.class, broken::committed);
        assertTrue(e.getMessage().startsWith("fw_printenv -c " + missing + " failed"), e.getMessage());
        assertTrue(e.getMessage().contains("libubootenv-tool"), e.getMessage());
    }

    @Test
    void aBootOrderNamingAnUnknownSlotIsRefused() throws Exception {
        setenvAsTheBootScript("BOOT_ORDER=A C");
        InstallException e = assertThrows(InstallException.class, boot::committed);
        assertEquals("BOOT_ORDER=A C in " + config + " names a slot 'C'; the boot script knows A and B only", e.getMessage());
    }

    @Test
    void theBootedSlotIsThePartitionOnTheKernelCommandLine() throws Exception {
        assertEquals(Slot.A, boot.booted());
        bootedPartition.set(3);
        assertEquals(Slot.B, boot.booted());
        bootedPartition.set(5);
        assertEquals("boot partition 5 is neither slot A (2) nor slot B (3)",
                assertThrows(InstallException.class, boot::booted).getMessage());
    }

    private static ArtifactInfo info(String version) {
        return new ArtifactInfo(ArtifactInfo.KIND_IMAGE, ArtifactVersion.parse(version), List.of("qemu"), null, false);
    }

    /** A boot of {@code slot} by the boot script, which has taken its try ({@code taken}: the counter after it). */
    private void bootBy(Slot slot, String taken) throws Exception {
        setenvAsTheBootScript(taken);
        bootedPartition.set(slot == Slot.A ? 2 : 3);
    }

    private void setenvAsTheBootScript(String... assignments) throws Exception {
        Path vars = tmp.resolve("vars");
        Files.writeString(vars, String.join("\n", assignments) + "\n");
        CommandRunner.Result r = runner.run(List.of("fw_setenv", "-c", config.toString(), "-f",
                tmp.resolve("no-defaults").toString(), "-s", vars.toString()), Duration.ofSeconds(30));
        assertEquals(0, r.exitCode(), r.err());
    }

    /** The BOOT_ variables as a separate fw_printenv shows them. */
    private Map<String, String> printenv() throws Exception {
        CommandRunner.Result r = runner.run(List.of("fw_printenv", "-c", config.toString()), Duration.ofSeconds(30));
        assertEquals(0, r.exitCode(), r.err());
        Map<String, String> env = new TreeMap<>();
        for (String line : r.out().split("\n")) {
            if (line.startsWith("BOOT_")) {
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return env;
    }
}
