package io.streetgate.ota.install;

import io.streetgate.ota.tuf.ArtifactInfo;
import io.streetgate.ota.tuf.ArtifactVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RAUC backend against the real {@code rauc} 1.8 (Debian package rauc). RAUC's command line talks to its
 * service over the system D-Bus, so the test starts a private dbus-daemon and {@code rauc service} on it, with
 * two file-backed raw slots and RAUC's "custom" bootloader backend (a script keeping primary/state in files).
 * Rebooting is simulated by restarting the service with {@code --override-boot-slot}. Not covered here:
 * {@code rauc install} of a signed .raucb bundle, because making a bundle needs mksquashfs (squashfs-tools), which
 * is not one of the project's test peers; the raw-image path ({@code rauc write-slot}) is exercised instead.
 */
class RaucInstallerTest {
    @TempDir
    Path tmp;
    final List<Process> started = new ArrayList<>();
    Process service;

    @AfterEach
    void stop() {
        for (Process p : started) {
            p.destroy();
        }
    }

    Process start(Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve(cmd[0].replace('/', '_') + ".log").toFile());
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot start " + cmd[0] + ": install the Debian packages rauc and dbus (" + e.getMessage() + ")", e);
        }
        started.add(p);
        return p;
    }

    static void waitFor(java.util.function.BooleanSupplier cond, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!cond.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void writeSlotTryTheOtherSlotAndCommitThroughRealRauc() throws Exception {
        Path bus = tmp.resolve("bus");
        Files.writeString(tmp.resolve("bus.conf"), """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig><type>session</type><listen>unix:path=%s</listen><auth>EXTERNAL</auth>
                <policy context="default"><allow user="*"/><allow own="*"/><allow send_destination="*"/><allow receive_sender="*"/></policy>
                </busconfig>
                """.formatted(bus));
        Path bl = tmp.resolve("bootloader.sh");
        Files.writeString(bl, """
                #!/bin/sh
                d=%s
                echo "$@" >> $d/bootloader.log
                case "$1" in
                  get-primary) cat $d/primary 2>/dev/null || echo A;;
                  set-primary) echo "$2" > $d/primary;;
                  get-state) cat $d/state.$2 2>/dev/null || echo good;;
                  set-state) echo "$3" > $d/state.$2;;
                  get-current) echo A;;
                esac
                """.formatted(tmp));
        Files.setPosixFilePermissions(bl, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(tmp.resolve("slot-a.img"), "factory 1.0.0");
        Files.writeString(tmp.resolve("slot-b.img"), "");
        Path conf = tmp.resolve("system.conf");
        Files.writeString(conf, """
                [system]
                compatible=streetgate-test
                bootloader=custom
                statusfile=%1$s/status.raucs
                [handlers]
                bootloader-custom-backend=%2$s
                [slot.rootfs.0]
                device=%1$s/slot-a.img
                type=raw
                bootname=A
                [slot.rootfs.1]
                device=%1$s/slot-b.img
                type=raw
                bootname=B
                """.formatted(tmp, bl));
        Map<String, String> env = Map.of("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=" + bus);
        start(env, "dbus-daemon", "--config-file=" + tmp.resolve("bus.conf"), "--nofork");
        waitFor(() -> Files.exists(bus), "the private D-Bus");
        List<Boolean> reboots = new ArrayList<>();
        CommandRunner runner = CommandRunner.processes(env);
        bootService(env, conf, "A");
        RaucInstaller rauc = new RaucInstaller(runner, conf, "rootfs", reboots::add, tmp.resolve("state"));
        rauc.recordFactoryVersion("A", ArtifactVersion.parse("1.0.0"));
        assertEquals("A", rauc.status().booted());
        assertEquals("1.0.0", rauc.runningVersion().toString());

        Path image = tmp.resolve("new.img");
        Files.writeString(image, "image 2.0.0");
        rauc.stage(image, new ArtifactInfo(ArtifactInfo.KIND_IMAGE, ArtifactVersion.parse("2.0.0"), List.of(), null, false), InstallProgress.NONE);
        assertEquals("image 2.0.0", Files.readString(tmp.resolve("slot-b.img")), "rauc write-slot wrote the inactive slot");
        assertEquals("A", Files.readString(tmp.resolve("primary")).trim(), "nothing changes before activation");

        assertEquals(Installer.Activation.REBOOT, rauc.activate(ArtifactVersion.parse("2.0.0")));
        assertEquals(List.of(false), reboots);
        assertEquals("B", Files.readString(tmp.resolve("primary")).trim(), "rauc made B primary");
        bootService(env, conf, "B");
        assertEquals("2.0.0", rauc.trial().orElseThrow().toString());
        rauc.commit();
        assertTrue(rauc.trial().isEmpty());
        assertTrue(Files.readString(tmp.resolve("bootloader.log")).contains("set-state B good"));
    }

    void bootService(Map<String, String> env, Path conf, String slot) throws Exception {
        if (service != null) {
            service.destroy();
            service.waitFor(10, TimeUnit.SECONDS);
        }
        service = start(env, "rauc", "--conf=" + conf, "service", "--override-boot-slot=" + slot);
        CommandRunner runner = CommandRunner.processes(env);
        waitFor(() -> {
            try {
                CommandRunner.Result r = runner.run(List.of("rauc", "--conf=" + conf, "status", "--output-format=json"), Duration.ofSeconds(10));
                return r.exitCode() == 0 && r.out().contains("\"booted\":\"" + slot + "\"");
            } catch (InstallException e) {
                return false;
            }
        }, "rauc service booted from " + slot);
    }
}
