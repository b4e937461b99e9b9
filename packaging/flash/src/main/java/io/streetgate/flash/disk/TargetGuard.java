package io.streetgate.flash.disk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Decides whether a target may be written, before a byte is: a block device must be a whole disk, not mounted
 * (any of its partitions or of the devices stacked on it), not swap, not the disk that holds the running system,
 * not write-protected, large enough, and removable media (an SD/MMC slot, a USB reader or a disk that says it is
 * removable) unless fixed disks are allowed. A plain file is written only when plain files are allowed (so that
 * a mistyped /dev/sdx never becomes a file in /dev), never the image itself, never a loop device's backing file.
 *
 * <p>Sources: proc(5) for /proc/self/mountinfo (field 3 is the file system's major:minor, field 5 the mount point,
 * then " - " type and source) and /proc/swaps; the kernel's sysfs-fs-btrfs ABI for /sys/fs/btrfs/UUID/devices/; the kernel's sysfs-block ABI (Documentation/ABI/stable/sysfs-block)
 * for /sys/dev/block/MAJ:MIN, {@code partition}, {@code holders/}, {@code slaves/}, {@code removable}, {@code ro},
 * {@code size} (512-byte sectors) and /sys/block/loopN/loop/backing_file.
 */
public final class TargetGuard {
    /** What stat(2) says about a path (injected in tests, where no block device can be made). */
    public record Stat(boolean blockDevice, boolean regularFile, long dev, long ino, String rdev) {
    }

    /** Runs stat(2). */
    public interface Inspector {
        Stat stat(Path p) throws IOException;
    }

    /** How a target is written. */
    public enum Kind { BLOCK_DEVICE, FILE }

    /**
     * A target that passed the checks.
     *
     * @param disk   the whole disk's name (sdb, mmcblk0), or for a file the disk its file system lives on
     * @param group  targets with the same group share a disk and are written one after the other
     * @param size   the device's size in bytes (0 for files)
     * @param vetted what stat(2) said about the path when it was checked (null for a file yet to be made): the
     *               device opened for writing must be this one ({@link #requireSame})
     */
    public record Target(Path path, Kind kind, String disk, String group, long size, Stat vetted) {
    }

    /** A refusal, with the reason and what to do. */
    public static final class Refused extends IOException {
        public Refused(String message) {
            super(message);
        }
    }

    private final Path proc;
    private final Path sys;
    private final Path udev;
    private final Inspector inspector;

    /**
     * @param udev udev's database of devices (/run/udev/data), where the disks of a ZFS pool are found
     */
    public TargetGuard(Path proc, Path sys, Path udev, Inspector inspector) {
        this.proc = proc;
        this.sys = sys;
        this.udev = udev;
        this.inspector = inspector;
    }

    /** The real system's /proc, /sys, udev database and stat. */
    public static TargetGuard system() {
        return new TargetGuard(Path.of("/proc"), Path.of("/sys"), Path.of("/run/udev/data"), TargetGuard::realStat);
    }

    static Stat realStat(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,dev,ino,rdev");
        int mode = (Integer) a.get("mode");
        int fmt = mode & 0170000; // S_IFMT; S_IFBLK 0060000, S_IFREG 0100000 (inode(7))
        long rdev = (Long) a.get("rdev");
        return new Stat(fmt == 0060000, fmt == 0100000, (Long) a.get("dev"), (Long) a.get("ino"), majorMinor(rdev));
    }

    /** glibc's dev_t encoding (sys/sysmacros.h, gnu_dev_major/gnu_dev_minor) as "major:minor". */
    static String majorMinor(long dev) {
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        return major + ":" + minor;
    }

    /**
     * Checks a target.
     *
     * @param image      the image being flashed (never its own target)
     * @param imageSize  bytes the target must hold
     * @param allowFile  whether a plain file (existing or new) may be the target
     * @param allowFixed whether a non-removable disk may be the target
     */
    public Target check(Path target, Path image, long imageSize, boolean allowFile, boolean allowFixed) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            if (!allowFile) {
                throw new Refused(target + " does not exist. To write an image copy into a new file, pass --allow-file;"
                        + " to flash a card, check the device name with lsblk");
            }
            Path parent = abs.getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new Refused("folder of " + target + " does not exist");
            }
            return fileTarget(abs, inspector.stat(parent), null);
        }
        Stat st = inspector.stat(abs);
        if (st.regularFile()) {
            if (!allowFile) {
                throw new Refused(target + " is a plain file, not a block device. To write an image copy into it, pass "
                        + "--allow-file");
            }
            Stat img = inspector.stat(image.toAbsolutePath());
            if (img.dev() == st.dev() && img.ino() == st.ino()) {
                throw new Refused(target + " is the image itself");
            }
            Path real = abs.toRealPath();
            for (String loop : loopsBackedBy(real)) {
                throw new Refused(target + " is attached to /dev/" + loop + " (losetup -d /dev/" + loop + " first)");
            }
            return fileTarget(abs, st, st);
        }
        if (!st.blockDevice()) {
            throw new Refused(target + " is neither a block device nor a plain file");
        }
        return blockTarget(target, st, imageSize, allowFixed);
    }

    /**
     * Checks that what was opened is what was vetted: the same block device (its major:minor), or the same file
     * (its file system and inode). The path may have been made to point elsewhere in between, by a card swapped
     * in the reader, a udev rule or another user.
     *
     * @param opened what fstat(2) says about the open descriptor
     */
    public static void requireSame(Path target, Stat vetted, Stat opened) throws Refused {
        boolean same = vetted.blockDevice()
                ? opened.blockDevice() && opened.rdev().equals(vetted.rdev())
                : !opened.blockDevice() && opened.dev() == vetted.dev() && opened.ino() == vetted.ino();
        if (!same) {
            throw new Refused(target + " is no longer what was checked (it was " + describe(vetted) + ", the open one is "
                    + describe(opened) + "): nothing was written. Check the device name with lsblk and run again");
        }
    }

    private static String describe(Stat s) {
        return s.blockDevice() ? "block device " + s.rdev() : "file " + majorMinor(s.dev()) + " inode " + s.ino();
    }

    private Target fileTarget(Path abs, Stat fileSystem, Stat vetted) throws IOException {
        String fsDev = majorMinor(fileSystem.dev());
        String disk = diskOf(fsDev);
        return new Target(abs, Kind.FILE, disk == null ? "fs " + fsDev : disk, groupOf(fsDev, disk), 0, vetted);
    }

    /** The group of what lives on a file system: its disk, or the file system itself when sysfs has no disk for it. */
    private static String groupOf(String fsDev, String disk) {
        return "disk " + (disk == null ? fsDev : disk);
    }

    /**
     * The group of a block device: its own disk, except for a loop device, which writes into its backing file, so
     * that loop devices over files on one disk share that disk (sysfs-block: /sys/block/loopN/loop/backing_file).
     */
    private String groupOf(String name, Path dir) throws IOException {
        Path backing = dir.resolve("loop/backing_file");
        if (!Files.exists(backing)) {
            return "disk " + name;
        }
        Path file = Path.of(read(backing));
        if (!Files.exists(file)) { // deleted since it was attached: its disk cannot be known
            return "disk " + name;
        }
        String fsDev = majorMinor(inspector.stat(file).dev());
        return groupOf(fsDev, diskOf(fsDev));
    }

    private Target blockTarget(Path target, Stat st, long imageSize, boolean allowFixed) throws IOException {
        String rdev = st.rdev();
        Path node = sys.resolve("dev/block").resolve(rdev);
        if (!Files.exists(node)) {
            throw new Refused(target + " (" + rdev + ") is not in " + sys + "/dev/block");
        }
        Path dir = node.toRealPath();
        String name = dir.getFileName().toString();
        if (Files.exists(dir.resolve("partition"))) {
            String parent = dir.getParent().getFileName().toString();
            throw new Refused(target + " is partition " + read(dir.resolve("partition")) + " of /dev/" + parent
                    + ": flash the whole disk, /dev/" + parent);
        }
        // every device on this disk: the disk, its partitions, and what is stacked on them (dm, md, loop)
        Map<String, String> devices = new LinkedHashMap<>();
        devices.put(name, read(dir.resolve("dev")));
        try (Stream<Path> kids = Files.list(dir)) {
            for (Path k : kids.toList()) {
                if (Files.exists(k.resolve("partition")) && Files.exists(k.resolve("dev"))) {
                    devices.put(k.getFileName().toString(), read(k.resolve("dev")));
                }
            }
        }
        List<String> stackedFrom = new ArrayList<>(devices.keySet());
        for (int i = 0; i < stackedFrom.size(); i++) {
            String n = stackedFrom.get(i);
            Path holders = (n.equals(name) ? dir : dir.resolve(n)).resolve("holders");
            Path classDir = sys.resolve("class/block").resolve(n);
            if (!Files.isDirectory(holders) && Files.isDirectory(classDir.resolve("holders"))) {
                holders = classDir.resolve("holders");
            }
            if (!Files.isDirectory(holders)) {
                continue;
            }
            try (Stream<Path> hs = Files.list(holders)) {
                for (Path h : hs.toList()) {
                    String hn = h.getFileName().toString();
                    if (!devices.containsKey(hn)) {
                        Path hdev = sys.resolve("class/block").resolve(hn).resolve("dev");
                        devices.put(hn, Files.exists(hdev) ? read(hdev) : "?");
                        stackedFrom.add(hn);
                    }
                }
            }
        }

        Set<String> systemDisks = systemDisks();
        if (systemDisks.contains(name)) {
            throw new Refused("/dev/" + name + " holds the running system (/ or /boot is on it): refusing to flash it");
        }
        for (String[] m : mounts()) {
            for (Map.Entry<String, String> d : devices.entrySet()) {
                if (m[0].equals(d.getValue()) || m[2].equals("/dev/" + d.getKey())) {
                    throw new Refused("/dev/" + name + " is mounted: /dev/" + d.getKey() + " on " + m[1]
                            + " (unmount it first: umount " + m[1] + ")");
                }
            }
        }
        for (String swap : swaps()) {
            String sn = Path.of(swap).getFileName().toString();
            if (devices.containsKey(sn)) {
                throw new Refused("/dev/" + name + " is in use as swap (" + swap + "): swapoff " + swap + " first");
            }
        }
        if ("1".equals(readOr(dir.resolve("ro"), "0"))) {
            throw new Refused("/dev/" + name + " is read-only (is the SD card's lock switch on?)");
        }
        long size = Long.parseLong(readOr(dir.resolve("size"), "0")) * 512;
        if (size < imageSize) {
            throw new Refused("/dev/" + name + " holds " + size + " bytes, the image needs " + imageSize);
        }
        boolean removable = "1".equals(readOr(dir.resolve("removable"), "0"))
                || name.startsWith("mmcblk") || dir.toString().contains("/usb");
        if (!removable && !allowFixed) {
            throw new Refused("/dev/" + name + " is a fixed disk (not removable, not on USB, not an SD/MMC slot). If it "
                    + "really is the card to flash, pass --allow-fixed-disk");
        }
        return new Target(target, Kind.BLOCK_DEVICE, name, groupOf(name, dir), size, st);
    }

    /** The whole disks that hold the running system ({@link SystemDisks}). */
    Set<String> systemDisks() throws IOException {
        return new SystemDisks(sys, udev).of(mounts());
    }

    /** The whole disk of a major:minor, or null when sysfs does not know it (tmpfs, overlay). */
    private String diskOf(String majMin) throws IOException {
        Path node = sys.resolve("dev/block").resolve(majMin);
        if (!Files.exists(node)) {
            return null;
        }
        Path dir = node.toRealPath();
        return (Files.exists(dir.resolve("partition")) ? dir.getParent() : dir).getFileName().toString();
    }

    /** Mounts as {major:minor, mount point, source, file system type}. */
    List<String[]> mounts() throws IOException {
        List<String[]> out = new ArrayList<>();
        Path info = proc.resolve("self/mountinfo");
        if (!Files.exists(info)) {
            return out;
        }
        for (String line : Files.readAllLines(info, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            int dash = java.util.Arrays.asList(f).indexOf("-");
            if (f.length < 5 || dash < 0 || dash + 2 >= f.length) {
                continue;
            }
            out.add(new String[]{f[2], unescape(f[4]), unescape(f[dash + 2]), f[dash + 1]});
        }
        return out;
    }

    private List<String> swaps() throws IOException {
        List<String> out = new ArrayList<>();
        Path swaps = proc.resolve("swaps");
        if (!Files.exists(swaps)) {
            return out;
        }
        List<String> lines = Files.readAllLines(swaps, StandardCharsets.UTF_8);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (!f[0].isEmpty()) {
                out.add(unescape(f[0]));
            }
        }
        return out;
    }

    private List<String> loopsBackedBy(Path real) throws IOException {
        List<String> out = new ArrayList<>();
        Path block = sys.resolve("block");
        if (!Files.isDirectory(block)) {
            return out;
        }
        try (Stream<Path> s = Files.list(block)) {
            for (Path p : s.toList()) {
                Path backing = p.resolve("loop/backing_file");
                if (p.getFileName().toString().startsWith("loop") && Files.exists(backing, LinkOption.NOFOLLOW_LINKS)) {
                    String b = read(backing);
                    if (b.equals(real.toString()) || b.equals(real + " (deleted)")) {
                        out.add(p.getFileName().toString());
                    }
                }
            }
        }
        return out;
    }

    /** proc(5): spaces, tabs, newlines and backslashes in paths are written as octal escapes (\040). */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8).trim();
    }

    static String readOr(Path p, String fallback) throws IOException {
        return Files.exists(p) ? read(p) : fallback;
    }
}
