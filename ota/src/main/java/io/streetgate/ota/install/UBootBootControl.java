package io.streetgate.ota.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A/B boot under U-Boot with the boot-counting variables of RAUC's U-Boot backend (RAUC documentation,
 * "Integration", "U-Boot"): {@code BOOT_ORDER} names the slots in the order the boot script tries them,
 * {@code BOOT_A_LEFT} and {@code BOOT_B_LEFT} the tries each has left; the boot script (the node image's
 * {@code packaging/image/files/boot.cmd}) takes one try per boot and skips a slot with none left. The variables are
 * read with {@code fw_printenv} and written with {@code fw_setenv} (Debian's libubootenv-tool) through an
 * {@code fw_env.config}, all of a change in one {@code fw_setenv -s} and read back before it counts.
 * <ul>
 * <li>A trial puts the slot first with one try, so any reboot after it (a crash, a hang, a power cut) finds it with
 * none left and boots the other slot: the one-shot trial of {@link BootControl#tryBoot}.</li>
 * <li>Committing puts the slot first with {@link #TRIES} tries; the committed slot is the first in the order with a
 * try left. Since every boot takes a try, {@link #confirmBooted()} gives the committed slot its tries back at each
 * start, as RAUC's mark-good at boot does; a committed slot that fails {@link #TRIES} boots in a row falls back.</li>
 * <li>The booted slot is read from the kernel command line ({@code streetgate.slot=N}, the partition the boot
 * script loaded the kernel from) unless another source is injected.</li>
 * </ul>
 */
public final class UBootBootControl implements BootControl {
    /** Tries a committed slot gets (RAUC's example boot script starts each slot with 3). */
    public static final int TRIES = 3;
    public static final Path FW_ENV_CONFIG = Path.of("/etc/fw_env.config");
    public static final Path KERNEL_COMMAND_LINE = Path.of("/proc/cmdline");
    private static final Pattern SLOT_ARGUMENT = Pattern.compile("(?:^|\\s)streetgate\\.slot=(\\d+)(?:\\s|$)");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final CommandRunner runner;
    private final Path config;
    private final PartitionSlots slots;
    private final Rebooter rebooter;
    private final IntSupplier bootedPartition;

    /**
     * @param runner          runs fw_printenv and fw_setenv
     * @param config          the fw_env.config naming where the environment is, e.g. /etc/fw_env.config
     * @param partitions      the partition number of each slot, as the boot script passes it, e.g. A=2, B=3
     * @param devices         the block device each slot's image is written to, e.g. A=/dev/vda2
     * @param rebooter        reboots the node
     * @param bootedPartition the partition the boot script started, or null to read the kernel command line
     */
    public UBootBootControl(CommandRunner runner, Path config, Map<Slot, Integer> partitions, Map<Slot, Path> devices,
                            Rebooter rebooter, IntSupplier bootedPartition) {
        this.runner = runner;
        this.config = config;
        this.slots = new PartitionSlots(partitions, devices);
        this.rebooter = rebooter;
        this.bootedPartition = bootedPartition != null ? bootedPartition : UBootBootControl::readCommandLine;
    }

    static int readCommandLine() {
        try {
            Matcher m = SLOT_ARGUMENT.matcher(Files.readString(KERNEL_COMMAND_LINE, StandardCharsets.US_ASCII));
            if (!m.find()) {
                throw new IllegalStateException(KERNEL_COMMAND_LINE + " has no streetgate.slot=N: the node was not "
                        + "started by the image's U-Boot boot script (boot.scr)");
            }
            return Integer.parseInt(m.group(1));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + KERNEL_COMMAND_LINE + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Slot booted() throws InstallException {
        return slots.slotOf(bootedPartition.getAsInt());
    }

    /** The first slot in BOOT_ORDER with a try left; with none left, the first (the boot script resets them). */
    @Override
    public Slot committed() throws InstallException {
        Map<String, String> env = read();
        List<Slot> order = order(env);
        for (Slot s : order) {
            if (triesLeft(env, s) > 0) {
                return s;
            }
        }
        return order.get(0);
    }

    @Override
    public void writeSlot(Slot slot, Path image, InstallProgress progress) throws InstallException {
        slots.write(booted(), slot, image, progress);
    }

    @Override
    public void tryBoot(Slot slot) throws InstallException {
        write(Map.of("BOOT_ORDER", slot + " " + slot.other(), left(slot), "1", left(slot.other()), String.valueOf(TRIES)));
        rebooter.reboot(false);
    }

    @Override
    public void commit(Slot slot) throws InstallException {
        write(Map.of("BOOT_ORDER", slot + " " + slot.other(), left(slot), String.valueOf(TRIES)));
    }

    /** Marks the booted trial slot bad (no tries, last in the order) and reboots into the committed one. */
    @Override
    public void rebootToCommitted() throws InstallException {
        Slot booted = booted();
        Slot committed = committed();
        if (booted != committed) {
            write(Map.of("BOOT_ORDER", committed + " " + booted, left(booted), "0"));
        }
        rebooter.reboot(false);
    }

    /** At a start of the committed slot, gives it its tries back (the boot that started it took one). */
    public void confirmBooted() throws InstallException {
        Slot booted = booted();
        Map<String, String> env = read();
        if (booted == committed() && triesLeft(env, booted) != TRIES) {
            write(Map.of(left(booted), String.valueOf(TRIES)));
        }
    }

    private static String left(Slot s) {
        return "BOOT_" + s + "_LEFT";
    }

    private List<Slot> order(Map<String, String> env) throws InstallException {
        String text = env.getOrDefault("BOOT_ORDER", "A B");
        List<Slot> order = new ArrayList<>();
        for (String name : text.trim().split("\\s+")) {
            if (!name.equals("A") && !name.equals("B")) {
                throw new InstallException("BOOT_ORDER=" + text + " in " + config + " names a slot '" + name
                        + "'; the boot script knows A and B only");
            }
            order.add(Slot.valueOf(name));
        }
        return order;
    }

    private int triesLeft(Map<String, String> env, Slot s) throws InstallException {
        String value = env.getOrDefault(left(s), String.valueOf(TRIES));
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InstallException(left(s) + "=" + value + " in " + config + " is not a number of tries");
        }
    }

    /** U-Boot's environment as fw_printenv shows it: one name=value a line. */
    Map<String, String> read() throws InstallException {
        CommandRunner.Result r = runner.run(List.of("fw_printenv", "-c", config.toString()), TIMEOUT);
        if (r.exitCode() != 0) {
            throw new InstallException("fw_printenv -c " + config + " failed (exit " + r.exitCode() + "): " + r.err().trim()
                    + hint());
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : r.out().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    /** Sets all of {@code vars} in one fw_setenv (a script of name=value lines), then checks them read back. */
    private void write(Map<String, String> vars) throws InstallException {
        Path script = null;
        try {
            script = Files.createTempFile("fw_setenv", ".txt");
            StringBuilder text = new StringBuilder();
            vars.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            Files.writeString(script, text, StandardCharsets.US_ASCII);
            CommandRunner.Result r = runner.run(List.of("fw_setenv", "-c", config.toString(), "-s", script.toString()), TIMEOUT);
            if (r.exitCode() != 0) {
                throw new InstallException("fw_setenv -c " + config + " failed (exit " + r.exitCode() + "): "
                        + r.err().trim() + hint());
            }
        } catch (IOException e) {
            throw new InstallException("cannot write fw_setenv's script: " + e.getMessage(), e);
        } finally {
            if (script != null) {
                try {
                    Files.deleteIfExists(script);
                } catch (IOException ignored) {
                    // a temporary file of a few bytes; the next write makes its own
                }
            }
        }
        Map<String, String> env = read();
        for (Map.Entry<String, String> v : vars.entrySet()) {
            if (!v.getValue().equals(env.get(v.getKey()))) {
                throw new InstallException("fw_setenv -c " + config + " did not set " + v.getKey() + "=" + v.getValue()
                        + " (fw_printenv shows " + env.get(v.getKey()) + ")");
            }
        }
    }

    private String hint() {
        return " (fw_printenv and fw_setenv are Debian's libubootenv-tool; " + config
                + " names the environment's file or device, its offset and size)";
    }
}
