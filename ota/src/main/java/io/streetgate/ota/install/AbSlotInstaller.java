package io.streetgate.ota.install;

import io.streetgate.ota.tuf.ArtifactInfo;
import io.streetgate.ota.tuf.ArtifactVersion;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A/B image slots over a {@link BootControl}: write the inactive slot, try-boot it once, commit after the health
 * check. If the trial boot crashes, hangs or loses power, the one-shot try-boot is spent and the bootloader
 * starts the committed slot again: the node is never left on the wrong slot.
 */
public final class AbSlotInstaller implements Installer {
    private final BootControl boot;
    private final SlotVersions versions;

    /** {@code stateDir} holds which version each slot has (on a partition both slots share, e.g. /data). */
    public AbSlotInstaller(BootControl boot, Path stateDir) {
        this.boot = boot;
        this.versions = new SlotVersions(stateDir.resolve("slots.json"));
    }

    /** Records the version of the factory-installed slot. */
    public void recordFactoryVersion(Slot slot, ArtifactVersion version) throws InstallException {
        versions.put(slot.name(), version.toString());
    }

    /** Records {@code version} for the booted slot unless a version is known for it (a node's first start). */
    public void adoptFactoryVersion(ArtifactVersion version) throws InstallException {
        Slot booted = boot.booted();
        if (versions.get(booted.name()).isEmpty()) {
            versions.put(booted.name(), version.toString());
        }
    }

    @Override
    public String kind() {
        return ArtifactInfo.KIND_IMAGE;
    }

    @Override
    public ArtifactVersion runningVersion() {
        try {
            return ArtifactVersion.parse(versions.get(boot.booted().name()));
        } catch (InstallException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public Optional<ArtifactVersion> trial() {
        try {
            Slot booted = boot.booted();
            return booted != boot.committed() ? Optional.of(ArtifactVersion.parse(versions.get(booted.name()))) : Optional.empty();
        } catch (InstallException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void stage(Path verifiedArtifact, ArtifactInfo info, InstallProgress progress) throws InstallException {
        Slot target = boot.booted().other();
        if (versions.get(target.name()).equals(info.version().toString())) {
            return;
        }
        versions.put(target.name(), "");
        boot.writeSlot(target, verifiedArtifact, progress);
        versions.put(target.name(), info.version().toString());
    }

    @Override
    public Activation activate(ArtifactVersion version) throws InstallException {
        Slot target = boot.booted().other();
        if (!versions.get(target.name()).equals(version.toString())) {
            throw new InstallException("slot " + target + " does not hold version " + version + " (it holds \""
                    + versions.get(target.name()) + "\"); stage it first");
        }
        boot.tryBoot(target);
        return Activation.REBOOT;
    }

    @Override
    public void commit() throws InstallException {
        Slot booted = boot.booted();
        if (booted != boot.committed()) {
            boot.commit(booted);
        }
    }

    @Override
    public Activation revert(String reason) throws InstallException {
        if (boot.booted() == boot.committed()) {
            return Activation.NONE;
        }
        boot.rebootToCommitted();
        return Activation.REBOOT;
    }
}
