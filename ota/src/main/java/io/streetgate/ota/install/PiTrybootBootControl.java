package io.streetgate.ota.install;

import io.streetgate.ota.tuf.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raspberry Pi 4/5 A/B boot with the bootloader's tryboot (Raspberry Pi documentation, "config.txt: autoboot.txt"
 * and "Boot partition selection"): {@code autoboot.txt} on the first FAT partition names the default
 * {@code boot_partition}; with {@code tryboot_a_b=1}, a reboot with {@code reboot "0 tryboot"} boots the
 * {@code [tryboot]} section's partition once. Committing rewrites autoboot.txt with the new partition as default.
 * The booted partition is read from the device tree ({@code /proc/device-tree/chosen/bootloader/partition}, a
 * 32-bit big-endian cell) unless another source is injected. Verify both paths on the target hardware.
 */
public final class PiTrybootBootControl implements BootControl {
    public static final Path DEVICE_TREE_PARTITION = Path.of("/proc/device-tree/chosen/bootloader/partition");
    private static final Pattern ALL_PARTITION = Pattern.compile("(?s)\\[all\\].*?boot_partition=(\\d+)");

    private final Path autoboot;
    private final PartitionSlots slots;
    private final Rebooter rebooter;
    private final IntSupplier bootedPartition;

    /**
     * @param autoboot        autoboot.txt on the first (FAT) partition, e.g. /boot/firmware-ab/autoboot.txt
     * @param partitions      the boot partition number of each slot, e.g. A=2, B=3
     * @param devices         the block device each slot's image is written to, e.g. A=/dev/mmcblk0p2
     * @param rebooter        runs {@code reboot "0 tryboot"} / {@code reboot}
     * @param bootedPartition the partition the bootloader started, or null to read the device tree
     */
    public PiTrybootBootControl(Path autoboot, Map<Slot, Integer> partitions, Map<Slot, Path> devices, Rebooter rebooter,
                                IntSupplier bootedPartition) {
        this.autoboot = autoboot;
        this.slots = new PartitionSlots(partitions, devices);
        this.rebooter = rebooter;
        this.bootedPartition = bootedPartition != null ? bootedPartition : PiTrybootBootControl::readDeviceTree;
    }

    static int readDeviceTree() {
        try {
            return ByteBuffer.wrap(Files.readAllBytes(DEVICE_TREE_PARTITION)).getInt();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the booted partition from " + DEVICE_TREE_PARTITION
                    + " (not a Raspberry Pi with a tryboot-capable bootloader?): " + e.getMessage(), e);
        }
    }

    @Override
    public Slot booted() throws InstallException {
        return slots.slotOf(bootedPartition.getAsInt());
    }

    @Override
    public Slot committed() throws InstallException {
        try {
            String text = Files.readString(autoboot, StandardCharsets.US_ASCII);
            Matcher m = ALL_PARTITION.matcher(text);
            if (!m.find()) {
                throw new InstallException(autoboot + " has no boot_partition in its [all] section");
            }
            return slots.slotOf(Integer.parseInt(m.group(1)));
        } catch (IOException e) {
            throw new InstallException("cannot read " + autoboot + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void writeSlot(Slot slot, Path image, InstallProgress progress) throws InstallException {
        slots.write(booted(), slot, image, progress);
    }

    @Override
    public void tryBoot(Slot slot) throws InstallException {
        writeAutoboot(committed(), slot);
        rebooter.reboot(true);
    }

    @Override
    public void commit(Slot slot) throws InstallException {
        writeAutoboot(slot, slot.other());
    }

    @Override
    public void rebootToCommitted() throws InstallException {
        rebooter.reboot(false);
    }

    /** The file the bootloader reads; written to a temporary file, fsynced and renamed over the old one. */
    static String autobootText(int defaultPartition, int trybootPartition) {
        return "[all]\ntryboot_a_b=1\nboot_partition=" + defaultPartition + "\n[tryboot]\nboot_partition=" + trybootPartition + "\n";
    }

    private void writeAutoboot(Slot committed, Slot tryboot) throws InstallException {
        try {
            AtomicFiles.write(autoboot, autobootText(slots.numbers().get(committed), slots.numbers().get(tryboot)).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new InstallException("cannot write " + autoboot + ": " + e.getMessage(), e);
        }
    }
}
