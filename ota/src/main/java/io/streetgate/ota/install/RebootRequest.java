package io.streetgate.ota.install;

import io.streetgate.ota.tuf.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A reboot asked for by an unprivileged service: it writes a request file ({@code tryboot <boot id>} or
 * {@code reboot <boot id>}) that a root-owned systemd path unit watches (the .deb's {@code streetgate-reboot.path},
 * docs/ota.md "Rebooting without root"); that unit deletes the file and reboots, the only thing the gateway can make
 * it do. The boot id ({@code /proc/sys/kernel/random/boot_id}) lets the unit drop a request that outlived the boot it
 * was made in, so a request can never cause a second reboot.
 *
 * <p>One request per process: the first one wins (an installer that asked for a try-boot must not have it replaced
 * by the plain reboot its caller asks for next), and the process ends with the reboot.
 */
public final class RebootRequest implements Rebooter {
    /** The request file's name in the state folder's {@code ota/}; the path unit watches it. */
    public static final String FILE = "reboot-requested";
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private final Path file;
    private final CommandRunner runner;
    private final List<String> command;
    private boolean requested;

    /**
     * @param file    the request file (state folder/ota/reboot-requested)
     * @param runner  runs {@code command}
     * @param command run after the request is written, for installations without the path unit; empty for none
     */
    public RebootRequest(Path file, CommandRunner runner, List<String> command) {
        this.file = file;
        this.runner = runner;
        this.command = List.copyOf(command);
    }

    @Override
    public synchronized void reboot(boolean tryboot) throws InstallException {
        if (requested) {
            return;
        }
        try {
            AtomicFiles.write(file, ((tryboot ? "tryboot " : "reboot ") + bootId() + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new InstallException("cannot request a reboot in " + file + ": " + e.getMessage(), e);
        }
        requested = true;
        if (!command.isEmpty()) {
            CommandRunner.Result r = runner.run(command, Duration.ofSeconds(60));
            if (r.exitCode() != 0) {
                throw new InstallException(String.join(" ", command) + " failed (exit " + r.exitCode() + "): "
                        + r.err().trim() + "; the request in " + file + " stays for the streetgate-reboot.path unit");
            }
        }
    }

    /** Whether this process asked for a reboot. */
    public synchronized boolean requested() {
        return requested;
    }

    private static String bootId() throws IOException {
        return Files.readString(BOOT_ID, StandardCharsets.US_ASCII).trim();
    }
}
