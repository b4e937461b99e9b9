package io.streetgate.flash.disk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.streetgate.flash.disk.TargetGuard.read;
import static io.streetgate.flash.disk.TargetGuard.readOr;

/**
 * Finds the disks that hold the running system, which are never flashed: from the mounts of the system's folders
 * down through partitions and stacked devices (dm-crypt, LVM, RAID: sysfs {@code slaves/}) to whole disks.
 */
final class SystemDisks {
    private final Path sys;
    private final Path udev;

    SystemDisks(Path sys, Path udev) {
        this.sys = sys;
        this.udev = udev;
    }

    /**
     * The whole disks under /, /boot, /boot/firmware, /boot/efi and /usr, through partitions and stacked devices,
     * also when the mount names no block device (btrfs, ZFS: {@link #membersOf}).
     *
     * @param mounts the mount table as {@link TargetGuard#mounts()} reads it
     */
    Set<String> of(List<String[]> mounts) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        for (String[] m : mounts) {
            if (List.of("/", "/boot", "/boot/firmware", "/boot/efi", "/usr").contains(m[1])) {
                if (Files.exists(sys.resolve("dev/block").resolve(m[0]))) {
                    baseDisks(m[0], out, 0);
                } else {
                    for (String member : membersOf(m[3], m[2])) {
                        baseDisks(member, out, 0);
                    }
                }
            }
        }
        return out;
    }

    /**
     * The block devices (major:minor) under a file system whose mount carries an anonymous device number (0:NN)
     * instead of its device's. btrfs gives each subvolume one; its mount names one of its devices, and all of them
     * are in /sys/fs/btrfs/UUID/devices/ (the kernel's sysfs-fs-btrfs ABI). A ZFS mount names its dataset
     * (rpool/ROOT/debian), whose pool's disks udev's database marks with ID_FS_TYPE=zfs_member and the pool's name
     * as ID_FS_LABEL (libblkid's zfs probe).
     */
    private List<String> membersOf(String type, String source) throws IOException {
        List<String> out = new ArrayList<>();
        if (type.equals("btrfs")) {
            String name = blockName(source);
            Path filesystems = sys.resolve("fs/btrfs");
            if (name != null && Files.isDirectory(filesystems)) {
                try (Stream<Path> fss = Files.list(filesystems)) {
                    for (Path fs : fss.toList()) {
                        if (Files.exists(fs.resolve("devices").resolve(name))) {
                            try (Stream<Path> devices = Files.list(fs.resolve("devices"))) {
                                for (Path device : devices.toList()) {
                                    out.add(read(device.resolve("dev")));
                                }
                            }
                        }
                    }
                }
            }
            if (out.isEmpty() && name != null) {
                out.add(read(sys.resolve("class/block").resolve(name).resolve("dev")));
            }
        } else if (type.equals("zfs") && Files.isDirectory(udev)) {
            String pool = source.split("/", 2)[0];
            try (Stream<Path> records = Files.list(udev)) {
                for (Path record : records.filter(r -> r.getFileName().toString().matches("b\\d+:\\d+")).toList()) {
                    List<String> lines = Files.readAllLines(record, StandardCharsets.UTF_8);
                    if (lines.contains("E:ID_FS_TYPE=zfs_member") && lines.contains("E:ID_FS_LABEL=" + pool)) {
                        out.add(record.getFileName().toString().substring(1));
                    }
                }
            }
        }
        return out;
    }

    /** The kernel's name (sdb2, dm-0) of a device path in /dev, or null when sysfs does not know it. */
    private String blockName(String source) throws IOException {
        if (source.startsWith("/dev/mapper/")) {
            // device-mapper names are in /sys/class/block/dm-N/dm/name (sysfs-block-dm ABI)
            String mapped = source.substring("/dev/mapper/".length());
            try (Stream<Path> blocks = Files.list(sys.resolve("class/block"))) {
                for (Path b : blocks.toList()) {
                    if (mapped.equals(readOr(b.resolve("dm/name"), null))) {
                        return b.getFileName().toString();
                    }
                }
            }
            return null;
        }
        String name = Path.of(source).getFileName() == null ? "" : Path.of(source).getFileName().toString();
        return source.startsWith("/dev/") && Files.exists(sys.resolve("class/block").resolve(name).resolve("dev"))
                ? name : null;
    }

    private void baseDisks(String majMin, Set<String> out, int depth) throws IOException {
        Path node = sys.resolve("dev/block").resolve(majMin);
        if (depth > 16 || !Files.exists(node)) {
            return;
        }
        Path dir = node.toRealPath();
        Path disk = Files.exists(dir.resolve("partition")) ? dir.getParent() : dir;
        Path slaves = disk.resolve("slaves");
        boolean stacked = false;
        if (Files.isDirectory(slaves)) {
            try (Stream<Path> s = Files.list(slaves)) {
                for (Path sl : s.toList()) {
                    Path dev = sys.resolve("class/block").resolve(sl.getFileName().toString()).resolve("dev");
                    if (Files.exists(dev)) {
                        stacked = true;
                        baseDisks(read(dev), out, depth + 1);
                    }
                }
            }
        }
        if (!stacked) {
            out.add(disk.getFileName().toString());
        }
    }

}
