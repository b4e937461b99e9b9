package io.streetgate.ota.install;

import java.nio.file.Path;
import java.util.Map;

/**
 * Two slots on partitions of a disk, as a bootloader numbers them and as their block devices are written: what
 * {@link PiTrybootBootControl} and {@link UBootBootControl} share.
 *
 * @param numbers the partition number of each slot, e.g. A=2, B=3
 * @param devices the block device each slot's image is written to, e.g. A=/dev/mmcblk0p2
 */
record PartitionSlots(Map<Slot, Integer> numbers, Map<Slot, Path> devices) {
    PartitionSlots {
        numbers = Map.copyOf(numbers);
        devices = Map.copyOf(devices);
    }

    /** The slot of a partition number the bootloader reported. */
    Slot slotOf(int partition) throws InstallException {
        for (Map.Entry<Slot, Integer> e : numbers.entrySet()) {
            if (e.getValue() == partition) {
                return e.getKey();
            }
        }
        throw new InstallException("boot partition " + partition + " is neither slot A (" + numbers.get(Slot.A)
                + ") nor slot B (" + numbers.get(Slot.B) + ")");
    }

    /** Writes an image into {@code slot}'s device, never into the booted slot's. */
    void write(Slot booted, Slot slot, Path image, InstallProgress progress) throws InstallException {
        if (slot == booted) {
            throw new InstallException("refusing to write the booted slot " + slot + " (" + devices.get(slot) + ")");
        }
        SlotImages.write(image, devices.get(slot), progress);
    }
}
