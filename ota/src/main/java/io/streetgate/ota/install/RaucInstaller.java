package io.streetgate.ota.install;

import io.streetgate.ota.tuf.ArtifactInfo;
import io.streetgate.ota.tuf.ArtifactVersion;
import io.streetgate.ota.tuf.Json;
import io.streetgate.ota.tuf.TufException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Boards that update with RAUC: the {@code rauc} command line does the slot work and its bootloader integration
 * (boot attempts counted by the bootloader) gives the fall-back. Stage: {@code rauc install BUNDLE.raucb}, or
 * {@code rauc write-slot SLOT IMAGE} for a raw image, then {@code rauc status mark-active booted} so nothing
 * changes before activation; activate: {@code rauc status mark-active other} and reboot; commit:
 * {@code rauc status mark-good booted}; revert: {@code mark-bad booted}, {@code mark-active other}, reboot.
 * Which slot is booted and primary comes from {@code rauc status --output-format=json}.
 */
public final class RaucInstaller implements Installer {
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final CommandRunner runner;
    private final List<String> rauc;
    private final Rebooter rebooter;
    private final SlotVersions versions;
    private final SlotVersions committed;
    private final String slotClass;

    /**
     * @param conf      RAUC's system.conf, or null for the default (/etc/rauc/system.conf)
     * @param slotClass the slot class images go to, e.g. "rootfs"
     * @param stateDir  where versions per slot are kept (a partition both slots share)
     */
    public RaucInstaller(CommandRunner runner, Path conf, String slotClass, Rebooter rebooter, Path stateDir) {
        this.runner = runner;
        this.rauc = conf == null ? List.of("rauc") : List.of("rauc", "--conf=" + conf);
        this.slotClass = slotClass;
        this.rebooter = rebooter;
        this.versions = new SlotVersions(stateDir.resolve("rauc-slots.json"));
        this.committed = new SlotVersions(stateDir.resolve("rauc-committed.json"));
    }

    /** One slot as {@code rauc status} reports it. */
    public record SlotStatus(String name, String bootname, String state, String bootStatus) {
    }

    /** {@code rauc status}: the booted bootname, the primary slot name, and the slots. */
    public record Status(String booted, String primary, List<SlotStatus> slots) {
        SlotStatus bootedSlot() {
            return slots.stream().filter(s -> booted.equals(s.bootname())).findFirst().orElseThrow(() ->
                    new IllegalStateException("rauc reports booted \"" + booted + "\" but no slot has that bootname"));
        }
    }

    public Status status() throws InstallException {
        CommandRunner.Result r = rauc(List.of("status", "--output-format=json"));
        try {
            String json = r.out().trim();
            Map<String, Object> m = Json.parseObject(json.getBytes(StandardCharsets.UTF_8), "rauc status");
            List<SlotStatus> slots = new ArrayList<>();
            for (Object o : Json.array(m, "slots", "rauc status")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> wrapper = (Map<String, Object>) o;
                for (Map.Entry<String, Object> e : wrapper.entrySet()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> s = (Map<String, Object>) e.getValue();
                    if (slotClass.equals(s.get("class"))) {
                        slots.add(new SlotStatus(e.getKey(), (String) s.get("bootname"), (String) s.get("state"),
                                (String) s.get("boot_status")));
                    }
                }
            }
            return new Status(Json.string(m, "booted", "rauc status"), (String) m.get("boot_primary"), slots);
        } catch (TufException | ClassCastException e) {
            throw new InstallException("cannot read `rauc status` output: " + e.getMessage() + "\n" + r.out() + r.err(), e);
        }
    }

    private CommandRunner.Result rauc(List<String> args) throws InstallException {
        List<String> cmd = new ArrayList<>(rauc);
        cmd.addAll(args);
        CommandRunner.Result r = runner.run(cmd, TIMEOUT);
        if (r.exitCode() != 0) {
            // rauc prints why on standard output ("LastError: signature verification failed: ..."), not on stderr
            String why = r.out().lines().filter(l -> l.startsWith("LastError:")).findFirst().orElse("");
            throw new InstallException(String.join(" ", cmd) + " failed (exit " + r.exitCode() + "): "
                    + (why.isEmpty() ? "" : why + "; ") + r.err().trim());
        }
        return r;
    }

    @Override
    public String kind() {
        return ArtifactInfo.KIND_IMAGE;
    }

    @Override
    public ArtifactVersion runningVersion() {
        try {
            return ArtifactVersion.parse(versions.get(status().booted()));
        } catch (InstallException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Records the version of the factory-installed slot (by bootname). */
    public void recordFactoryVersion(String bootname, ArtifactVersion version) throws InstallException {
        versions.put(bootname, version.toString());
        committed.put("bootname", bootname);
    }

    /** Records {@code version} for the booted slot unless a version is known for it (a node's first start). */
    public void adoptFactoryVersion(ArtifactVersion version) throws InstallException {
        String booted = status().booted();
        if (versions.get(booted).isEmpty()) {
            versions.put(booted, version.toString());
        }
        if (committed.get("bootname").isEmpty()) {
            committed.put("bootname", booted);
        }
    }

    @Override
    public Optional<ArtifactVersion> trial() {
        try {
            String booted = status().booted();
            return booted.equals(committed.get("bootname")) ? Optional.empty()
                    : Optional.of(ArtifactVersion.parse(versions.get(booted)));
        } catch (InstallException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private SlotStatus other(Status s) throws InstallException {
        return s.slots().stream().filter(x -> !x.bootname().equals(s.booted())).findFirst().orElseThrow(() ->
                new InstallException("rauc knows no second " + slotClass + " slot besides " + s.booted()));
    }

    @Override
    public void stage(Path verifiedArtifact, ArtifactInfo info, InstallProgress progress) throws InstallException {
        Status s = status();
        SlotStatus target = other(s);
        if (versions.get(target.bootname()).equals(info.version().toString())) {
            return;
        }
        versions.put(target.bootname(), "");
        if (verifiedArtifact.getFileName().toString().endsWith(".raucb")) {
            rauc(List.of("install", verifiedArtifact.toString()));
        } else {
            rauc(List.of("write-slot", target.name(), verifiedArtifact.toString()));
        }
        // Keep booting the running slot until activation.
        rauc(List.of("status", "mark-active", "booted"));
        versions.put(target.bootname(), info.version().toString());
        progress.update(1, 1);
    }

    @Override
    public Activation activate(ArtifactVersion version) throws InstallException {
        Status s = status();
        SlotStatus target = other(s);
        if (!versions.get(target.bootname()).equals(version.toString())) {
            throw new InstallException("slot " + target.name() + " does not hold version " + version + "; stage it first");
        }
        if (committed.get("bootname").isEmpty()) {
            committed.put("bootname", s.booted());
        }
        rauc(List.of("status", "mark-active", "other"));
        rebooter.reboot(false);
        return Activation.REBOOT;
    }

    @Override
    public void commit() throws InstallException {
        Status s = status();
        rauc(List.of("status", "mark-good", "booted"));
        committed.put("bootname", s.booted());
    }

    @Override
    public Activation revert(String reason) throws InstallException {
        Status s = status();
        if (s.booted().equals(committed.get("bootname"))) {
            rauc(List.of("status", "mark-active", "booted"));
            return Activation.NONE;
        }
        rauc(List.of("status", "mark-bad", "booted"));
        rauc(List.of("status", "mark-active", "other"));
        rebooter.reboot(false);
        return Activation.REBOOT;
    }
}
