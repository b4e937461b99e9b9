package io.streetgate.ota.testkit;

import io.streetgate.ota.install.CommandRunner;
import io.streetgate.ota.install.InstallException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The real {@code rauc} 1.8 (Debian package rauc) on a test's folder. RAUC's command line talks to its service over
 * the system D-Bus, so this starts a private dbus-daemon and {@code rauc service} on it, with two file-backed raw
 * slots ({@code slot-a.img}, {@code slot-b.img}, class rootfs, bootnames A and B) and RAUC's "custom" bootloader
 * backend: a script keeping the primary slot and each slot's state in files ({@code primary}, {@code state.B}) and
 * logging its calls ({@code bootloader.log}). A reboot is the service started again with
 * {@code --override-boot-slot}.
 */
public final class RaucPeer implements AutoCloseable {
    /** The system's compatible string: a bundle must name it. */
    public static final String COMPATIBLE = "streetgate-test";
    public final Path dir;
    public final Path conf;
    public final Map<String, String> env;
    public final CommandRunner runner;
    private final List<Process> started = new ArrayList<>();
    private Process service;

    private RaucPeer(Path dir, Path conf, Map<String, String> env) {
        this.dir = dir;
        this.conf = conf;
        this.env = env;
        this.runner = CommandRunner.processes(env);
    }

    /** The bus, the slots and the configuration in {@code dir}; the service booted from slot A (holding "factory"). */
    public static RaucPeer start(Path dir, String slotAContent) throws Exception {
        return start(dir, slotAContent, null);
    }

    /**
     * As {@link #start(Path, String)}, with RAUC's keyring: the PEM certificate(s) a bundle's signature must chain
     * to, so that {@code rauc install} of a signed bundle works (null: no keyring, bundles refused).
     */
    public static RaucPeer start(Path dir, String slotAContent, Path keyring) throws Exception {
        Path bus = dir.resolve("bus");
        Files.writeString(dir.resolve("bus.conf"), """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig><type>session</type><listen>unix:path=%s</listen><auth>EXTERNAL</auth>
                <policy context="default"><allow user="*"/><allow own="*"/><allow send_destination="*"/><allow receive_sender="*"/></policy>
                </busconfig>
                """.formatted(bus));
        Path bl = dir.resolve("bootloader.sh");
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
                """.formatted(dir));
        Files.setPosixFilePermissions(bl, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(dir.resolve("slot-a.img"), slotAContent);
        Files.writeString(dir.resolve("slot-b.img"), "");
        Path conf = dir.resolve("system.conf");
        Files.writeString(conf, """
                [system]
                compatible=%3$s
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
                """.formatted(dir, bl, COMPATIBLE) + (keyring == null ? "" : "[keyring]\npath=" + keyring + "\n"));
        RaucPeer peer = new RaucPeer(dir, conf, Map.of("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=" + bus));
        peer.spawn("dbus-daemon", "--config-file=" + dir.resolve("bus.conf"), "--nofork");
        waitFor(() -> Files.exists(bus), "the private D-Bus");
        peer.boot("A");
        return peer;
    }

    private Process spawn(String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(cmd[0] + ".log").toFile()));
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            started.add(p);
            return p;
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot start " + cmd[0] + ": install the Debian packages rauc and dbus ("
                    + e.getMessage() + ")", e);
        }
    }

    /** (Re)starts the service as booted from {@code slot}, as the bootloader would have started it. */
    public void boot(String slot) throws Exception {
        stopService();
        service = spawn("rauc", "--conf=" + conf, "service", "--override-boot-slot=" + slot);
        waitFor(() -> {
            try {
                CommandRunner.Result r = runner.run(List.of("rauc", "--conf=" + conf, "status", "--output-format=json"),
                        Duration.ofSeconds(10));
                return r.exitCode() == 0 && r.out().contains("\"booted\":\"" + slot + "\"");
            } catch (InstallException e) {
                return false;
            }
        }, "rauc service booted from " + slot);
    }

    /** Stops the service: the RAUC command line then fails, as on a node whose RAUC service died. */
    public void stopService() throws InterruptedException {
        if (service != null) {
            service.destroy();
            service.waitFor(10, TimeUnit.SECONDS);
            service = null;
        }
    }

    /** The slot RAUC last made primary through the custom bootloader (the file is missing until it did). */
    public String primary() throws Exception {
        return Files.readString(dir.resolve("primary")).trim();
    }

    public String bootloaderLog() throws Exception {
        return Files.readString(dir.resolve("bootloader.log"));
    }

    public static void waitFor(BooleanSupplier cond, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!cond.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        for (Process p : started) {
            p.destroy();
        }
    }
}
