package io.streetgate.ota.install;

import io.streetgate.ota.tuf.ArtifactInfo;
import io.streetgate.ota.tuf.ArtifactVersion;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One way to put a verified artifact into service, with a trial and a way back. Every step is idempotent, so
 * the agent can repeat the step a power cut interrupted:
 * <ol>
 * <li>{@link #stage}: write the new version where it does not disturb the running one (a new bundle-set folder,
 * the inactive slot);</li>
 * <li>{@link #activate}: arrange for it to run once on trial (pointer with a trial flag, a one-shot try-boot),
 * then the caller restarts as {@link Activation} says;</li>
 * <li>after the restart, {@link #trial()} tells whether the new version is running on trial;</li>
 * <li>{@link #commit()} after the health check passes, or {@link #revert} otherwise. A crash or power cut during
 * the trial falls back by itself (the trial is one-shot), so the node never ends up on neither version.</li>
 * </ol>
 */
public interface Installer {
    /** What the caller must do after {@link #activate} or {@link #revert}. */
    enum Activation {
        /** Nothing: the change is already in effect. */
        NONE,
        /** Restart the OSGi runtime (the launcher reads the bundle-set pointer at start). */
        RESTART_RUNTIME,
        /** Reboot the node (the installer's boot control already asked for it, or the caller must). */
        REBOOT
    }

    /** The artifact kind this installer takes: one of {@link ArtifactInfo#KINDS}. */
    String kind();

    /** The version that is running now. */
    ArtifactVersion runningVersion();

    /** The version being tried, if the node is running a not yet committed version. */
    Optional<ArtifactVersion> trial();

    /** Writes a verified artifact so that it can be activated; repeating it is harmless. */
    void stage(Path verifiedArtifact, ArtifactInfo info, InstallProgress progress) throws InstallException;

    /** Arranges for a staged version to run on trial. */
    Activation activate(ArtifactVersion version) throws InstallException;

    /** Makes the running trial version permanent. */
    void commit() throws InstallException;

    /** Goes back to the committed version; {@code reason} is for the log. */
    Activation revert(String reason) throws InstallException;
}
