package io.streetgate.deb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node image's U-Boot slot choice ({@code packaging/image/files/boot.cmd}) run by the real U-Boot under qemu
 * (Debian's u-boot-qemu, qemu_arm64) on a small card laid out like the image (boot script on partition 1, slots A
 * and B on partitions 2 and 3), with the counters read and written between boots by the real fw_printenv and
 * fw_setenv (libubootenv) through the image's own {@code files/fw_env.config} pointed at the card's env file. Each
 * boot either starts a kernel (a bare arm64 Image header, enough for booti to jump; it then faults and U-Boot
 * resets, which ends qemu) or resets by itself; the console shows which slot was tried.
 */
class UBootSlotChoiceIT {

    private static final Path IMAGE = Path.of("..", "image").toAbsolutePath().normalize();
    private static final Path U_BOOT = Path.of("/usr/lib/u-boot/qemu_arm64/u-boot.bin");
    private static final int MIB = 1 << 20;

    @Test
    void aSlotWhoseKernelDoesNotLoadSpendsItsTryAndTheNextOneBootsAndTheCountsSurviveTheReboot(@TempDir Path dir) throws Exception {
        Card card = Card.make(dir, false, true);

        String first = card.boot();
        assertTrue(first.contains("streetgate: booting slot A, partition 2 (order A B, tries left: A 2, B 3)"), first);
        assertTrue(first.contains("streetgate: slot A (partition 2) did not boot; its try is spent"), first);
        assertKernelStartedFrom("B", first);
        assertEquals(Map.of("BOOT_ORDER", "A B", "BOOT_A_LEFT", "2", "BOOT_B_LEFT", "2"), card.printenv());

        String second = card.boot();
        assertTrue(second.contains("tries left: A 1, B 2"), second);
        assertKernelStartedFrom("B", second);
        assertEquals(Map.of("BOOT_ORDER", "A B", "BOOT_A_LEFT", "1", "BOOT_B_LEFT", "1"), card.printenv());
    }

    @Test
    void aTrialArmedWithFwSetenvBootsOnceThenTheOtherSlotBoots(@TempDir Path dir) throws Exception {
        Card card = Card.make(dir, true, true);
        // what an agent writes to try slot B once (RAUC's convention: B first, one try)
        card.setenvOnNewCard("BOOT_ORDER=B A", "BOOT_A_LEFT=3", "BOOT_B_LEFT=1");

        String trial = card.boot();
        assertKernelStartedFrom("B", trial);
        assertEquals(Map.of("BOOT_ORDER", "B A", "BOOT_A_LEFT", "3", "BOOT_B_LEFT", "0"), card.printenv());

        // the trial died before anyone committed it: the next boot falls back to A
        String after = card.boot();
        assertKernelStartedFrom("A", after);
        assertTrue(!after.contains("booting slot B"), after);
        assertEquals(Map.of("BOOT_ORDER", "B A", "BOOT_A_LEFT", "2", "BOOT_B_LEFT", "0"), card.printenv());
    }

    @Test
    void whenNoSlotHasATryLeftEveryOneGetsItsTriesBack(@TempDir Path dir) throws Exception {
        Card card = Card.make(dir, true, true);
        card.setenvOnNewCard("BOOT_ORDER=A B", "BOOT_A_LEFT=0", "BOOT_B_LEFT=0");

        String console = card.boot();
        assertTrue(console.contains("streetgate: no slot has a try left (order A B); giving every slot its tries back"), console);
        assertTrue(!console.contains("Starting kernel"), console);
        assertEquals(Map.of("BOOT_ORDER", "A B", "BOOT_A_LEFT", "3", "BOOT_B_LEFT", "3"), card.printenv());
    }

    private static void assertKernelStartedFrom(String slot, String console) {
        int booting = console.lastIndexOf("streetgate: booting slot ");
        assertTrue(booting >= 0 && console.startsWith("streetgate: booting slot " + slot + ",", booting), console);
        assertTrue(console.indexOf("Starting kernel", booting) > booting, console);
    }

    /** A 64 MiB card: partition 1 with boot.scr (and later uboot.env), slots A and B with or without a kernel. */
    private record Card(Path dir, Path disk) {

        static Card make(Path dir, boolean kernelInA, boolean kernelInB) throws Exception {
            for (String tool : List.of("qemu-system-aarch64", "mkimage", "mkfs.fat", "mcopy", "sfdisk", "fw_printenv", "fw_setenv")) {
                assertTrue(Command.installed(tool), tool + " is missing: apt-get install qemu-system-arm u-boot-tools "
                        + "dosfstools mtools fdisk libubootenv-tool");
            }
            assertTrue(Files.isRegularFile(U_BOOT), U_BOOT + " is missing: apt-get install u-boot-qemu");
            Path disk = dir.resolve("card.img");
            try (var f = new java.io.RandomAccessFile(disk.toFile(), "rw")) {
                f.setLength(64L * MIB);
            }
            Path layout = dir.resolve("layout");
            Files.writeString(layout, "label: dos\nstart=1MiB, size=8MiB, type=c, bootable\n"
                    + "start=9MiB, size=8MiB, type=c\nstart=17MiB, size=8MiB, type=c\n");
            Command.run(dir, "sh", "-c", "sfdisk -q card.img < layout").ok();
            Command.run(dir, "mkimage", "-A", "arm64", "-O", "linux", "-T", "script", "-C", "none", "-n", "slot choice",
                    "-d", IMAGE.resolve("files/boot.cmd").toString(), "boot.scr").ok();
            kernel(dir.resolve("vmlinuz"));
            Files.write(dir.resolve("initrd.img"), new byte[1024]);
            boolean[] kernelIn = {false, kernelInA, kernelInB};
            for (int p = 1; p <= 3; p++) {
                String part = "p" + p + ".img";
                Command.run(dir, "mkfs.fat", "-C", part, "8192").ok();
                if (p == 1) {
                    Command.run(dir, "mcopy", "-i", part, "boot.scr", "::/boot.scr").ok();
                } else if (kernelIn[p - 1]) {
                    Command.run(dir, "mcopy", "-i", part, "vmlinuz", "initrd.img", "::/").ok();
                }
                Command.run(dir, "dd", "if=" + part, "of=card.img", "bs=1M", "seek=" + (1 + (p - 1) * 8), "conv=notrunc",
                        "status=none").ok();
            }
            // the image's fw_env.config, its file moved from the node's mount point to a copy taken off the card
            String config = Files.readString(IMAGE.resolve("files/fw_env.config"))
                    .replace("/boot/firmware-ab/uboot.env", dir.resolve("uboot.env").toString());
            assertTrue(config.contains(dir.resolve("uboot.env") + " 0x0 0x4000"), config);
            Files.writeString(dir.resolve("fw_env.config"), config);
            return new Card(dir, disk);
        }

        /**
         * An arm64 Image header that booti accepts (Linux Documentation/arch/arm64/booting.rst: text_offset at 8,
         * image_size at 16, flags at 24, the magic "ARM\x64" at 56), followed by zeros.
         */
        private static void kernel(Path file) throws Exception {
            ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(8, 0x80000).putLong(16, 0x100000).putLong(24, 0xA).putInt(56, 0x644d5241);
            Files.write(file, b.array());
        }

        /** One boot until U-Boot resets (qemu -no-reboot then ends); returns the serial console. */
        String boot() throws Exception {
            Path console = dir.resolve("console.log");
            Files.deleteIfExists(console);
            Command.run(dir, "qemu-system-aarch64", "-M", "virt", "-cpu", "max", "-m", "512", "-nographic", "-no-reboot",
                    "-bios", U_BOOT.toString(), "-drive", "file=" + disk + ",format=raw,if=virtio",
                    "-serial", "file:" + console, "-monitor", "none", "-display", "none").ok();
            return Files.readString(console, StandardCharsets.ISO_8859_1);
        }

        Map<String, String> printenv() throws Exception {
            Files.deleteIfExists(dir.resolve("uboot.env"));
            Command.run(dir, "mcopy", "-i", disk + "@@1M", "::/uboot.env", "uboot.env").ok();
            Map<String, String> env = new TreeMap<>();
            for (String line : Command.run(dir, "fw_printenv", "-c", "fw_env.config").ok().output().split("\n")) {
                int eq = line.indexOf('=');
                if (line.startsWith("BOOT_") && eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return env;
        }

        /** Writes variables as an agent on the node would (fw_setenv's script: name=value lines) into the card. */
        void setenvOnNewCard(String... assignments) throws Exception {
            Files.deleteIfExists(dir.resolve("uboot.env"));
            Files.writeString(dir.resolve("vars"), String.join("\n", assignments) + "\n");
            // a card that never booted has no env file yet: fw_setenv starts one from an empty default environment
            Files.write(dir.resolve("uboot.env"), new byte[0x4000]);
            Files.write(dir.resolve("no-defaults"), new byte[0]);
            Command.run(dir, "fw_setenv", "-c", "fw_env.config", "-f", "no-defaults", "-s", "vars").ok();
            Command.run(dir, "mcopy", "-o", "-i", disk + "@@1M", "uboot.env", "::/uboot.env").ok();
        }
    }
}
