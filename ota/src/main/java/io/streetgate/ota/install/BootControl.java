package io.streetgate.ota.install;

import java.nio.file.Path;

/** A bootloader's view of two slots with a one-shot try-boot (Raspberry Pi tryboot, or a directory in tests). */
public interface BootControl {
    /** The slot the running system booted from. */
    Slot booted() throws InstallException;

    /** The slot booted when no try-boot is pending. */
    Slot committed() throws InstallException;

    /** Writes an image into a slot (never the booted one), durably. */
    void writeSlot(Slot slot, Path image, InstallProgress progress) throws InstallException;

    /** Boots {@code slot} once at the next reboot, and reboots. */
    void tryBoot(Slot slot) throws InstallException;

    /** Makes {@code slot} the default. */
    void commit(Slot slot) throws InstallException;

    /** Reboots into the committed slot (ending a trial). */
    void rebootToCommitted() throws InstallException;
}
