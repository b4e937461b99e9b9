package io.streetgate.flash.disk;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The safety checks, on a made-up /proc and /sys (laid out as the kernel's sysfs-block ABI and proc(5) describe),
 * since a test cannot make block devices: the host's system disk sda, a USB card reader sdb, an SD slot mmcblk0
 * and an internal second disk nvme0n1.
 */
class TargetGuardTest {
    static final long IMAGE = 100L << 20;

    @TempDir
    Path tmp;
    Path sys;
    Path proc;
    Path image;
    final Map<Path, TargetGuard.Stat> devices = new HashMap<>();
    final StringBuilder mountinfo = new StringBuilder();
    TargetGuard guard;

    @BeforeEach
    void machine() throws IOException {
        sys = tmp.resolve("sys");
        proc = tmp.resolve("proc");
        Files.createDirectories(proc.resolve("self"));
        disk("devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block", "sda", "8:0", 0, 1 << 24);
        partition("sda", "sda1", "8:1", 1);
        partition("sda", "sda2", "8:2", 2);
        disk("devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/host6/target6:0:0/6:0:0:0/block", "sdb", "8:16", 0, 1 << 22);
        partition("sdb", "sdb1", "8:17", 1);
        partition("sdb", "sdb2", "8:18", 2);
        disk("devices/platform/soc/fe340000.mmc/mmc_host/mmc0/mmc0:aaaa/block", "mmcblk0", "179:0", 0, 1 << 22);
        disk("devices/pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0/nvme0n1", "nvme0n1", "259:0", 0, 1 << 24);
        mount("8:2", "/", "/dev/sda2");
        mount("8:1", "/boot/efi", "/dev/sda1");
        mount("0:25", "/run", "tmpfs");
        image = tmp.resolve("node.img");
        Files.write(image, new byte[1]);
        guard = new TargetGuard(proc, sys, tmp.resolve("run/udev/data"), p -> {
            TargetGuard.Stat s = devices.get(p);
            return s != null ? s : TargetGuard.realStat(p);
        });
    }

    void disk(String parent, String name, String majMin, int removable, long sectors) throws IOException {
        Path dir = sys.resolve(parent).resolve(name);
        Files.createDirectories(dir.resolve("holders"));
        Files.writeString(dir.resolve("dev"), majMin + "\n");
        Files.writeString(dir.resolve("removable"), removable + "\n");
        Files.writeString(dir.resolve("ro"), "0\n");
        Files.writeString(dir.resolve("size"), sectors + "\n");
        link(name, majMin, dir);
        Path node = tmp.resolve("dev").resolve(name);
        Files.createDirectories(node.getParent());
        Files.write(node, new byte[0]);
        devices.put(node, new TargetGuard.Stat(true, false, 5, 1, majMin));
    }

    void partition(String disk, String name, String majMin, int number) throws IOException {
        Path dir = sys.resolve("class/block").resolve(disk).toRealPath().resolve(name);
        Files.createDirectories(dir.resolve("holders"));
        Files.writeString(dir.resolve("dev"), majMin + "\n");
        Files.writeString(dir.resolve("partition"), number + "\n");
        link(name, majMin, dir);
        Path node = tmp.resolve("dev").resolve(name);
        Files.write(node, new byte[0]);
        devices.put(node, new TargetGuard.Stat(true, false, 5, 2, majMin));
    }

    void link(String name, String majMin, Path dir) throws IOException {
        Files.createDirectories(sys.resolve("dev/block"));
        Files.createDirectories(sys.resolve("class/block"));
        Files.createSymbolicLink(sys.resolve("dev/block").resolve(majMin), dir);
        Files.createSymbolicLink(sys.resolve("class/block").resolve(name), dir);
    }

    void mount(String majMin, String at, String source) throws IOException {
        mount(majMin, at, source, "vfat");
    }

    void mount(String majMin, String at, String source, String type) throws IOException {
        mountinfo.append("2").append(mountinfo.length()).append(" 1 ").append(majMin).append(" / ").append(at)
                .append(" rw,relatime shared:1 - ").append(type).append(" ").append(source).append(" rw\n");
        Files.writeString(proc.resolve("self/mountinfo"), mountinfo);
    }

    /** A machine whose / is on another file system than the ext4 of sda2 (which stays mounted on /boot/efi). */
    void rootOn(String majMin, String source, String type) throws IOException {
        mountinfo.setLength(0);
        mount("8:1", "/boot/efi", "/dev/sda1");
        mount(majMin, "/", source, type);
    }

    void udevRecord(String majMin, String... lines) throws IOException {
        Path data = Files.createDirectories(tmp.resolve("run/udev/data"));
        Files.writeString(data.resolve("b" + majMin), String.join("\n", lines) + "\n");
    }

    Path dev(String name) {
        return tmp.resolve("dev").resolve(name);
    }

    String refusal(Path target, boolean allowFile, boolean allowFixed) {
        return assertThrows(TargetGuard.Refused.class, () -> guard.check(target, image, IMAGE, allowFile, allowFixed))
                .getMessage();
    }

    /** A loop device over a file whose file system is on the disk of major:minor {@code fsDev}. */
    void loop(String name, String majMin, long fsDev) throws IOException {
        disk("devices/virtual/block", name, majMin, 0, 1 << 22);
        Path backing = tmp.resolve(name + "-backing.img");
        Files.write(backing, new byte[0]);
        devices.put(backing, new TargetGuard.Stat(false, true, fsDev, 9, "0:0"));
        Path loopDir = sys.resolve("devices/virtual/block").resolve(name).resolve("loop");
        Files.createDirectories(loopDir);
        Files.writeString(loopDir.resolve("backing_file"), backing + "\n");
    }

    @Test
    void loopDevicesOverFilesOnOneDiskShareThatDiskSoTheyAreWrittenOneAfterTheOther() throws IOException {
        long onSdb = (8 << 8) | 16; // glibc's dev_t of 8:16 (sys/sysmacros.h)
        long onNvme = 259L << 8;    // 259:0
        loop("loop0", "7:0", onSdb);
        loop("loop1", "7:1", onSdb);
        loop("loop2", "7:2", onNvme);
        String first = guard.check(dev("loop0"), image, IMAGE, false, true).group();
        assertEquals("disk sdb", first);
        assertEquals(first, guard.check(dev("loop1"), image, IMAGE, false, true).group());
        assertEquals(guard.check(dev("sdb"), image, IMAGE, false, false).group(), first, "and with the disk itself");
        assertEquals("disk nvme0n1", guard.check(dev("loop2"), image, IMAGE, false, true).group());
    }

    @Test
    void aUsbCardReaderAndAnSdSlotAreFlashed() throws IOException {
        TargetGuard.Target t = guard.check(dev("sdb"), image, IMAGE, false, false);
        assertEquals(TargetGuard.Kind.BLOCK_DEVICE, t.kind());
        assertEquals("sdb", t.disk());
        assertEquals((long) (1 << 22) * 512, t.size());
        assertEquals("disk mmcblk0", guard.check(dev("mmcblk0"), image, IMAGE, false, false).group());
    }

    @Test
    void theSystemDiskIsRefusedEvenWithTheOverrides() {
        assertTrue(refusal(dev("sda"), true, true).contains("holds the running system"));
    }

    @Test
    void aMountedCardIsRefusedNamingTheMount() throws IOException {
        mount("8:18", "/media/tech/SGCONFIG\\040copy", "/dev/sdb2");
        String m = refusal(dev("sdb"), true, true);
        assertTrue(m.contains("/dev/sdb2 on /media/tech/SGCONFIG copy"), m);
        assertTrue(m.contains("umount"), m);
    }

    @Test
    void aFileSystemOnADeviceStackedOnTheCardCountsAsMounted() throws IOException {
        Path dm = sys.resolve("devices/virtual/block/dm-0");
        Files.createDirectories(dm);
        Files.writeString(dm.resolve("dev"), "254:0\n");
        Files.createSymbolicLink(sys.resolve("class/block/dm-0"), dm);
        Files.createSymbolicLink(sys.resolve("class/block/sdb").toRealPath().resolve("sdb2/holders/dm-0"), dm);
        mount("254:0", "/mnt/crypt", "/dev/mapper/luks-card");
        assertTrue(refusal(dev("sdb"), true, true).contains("/dev/dm-0 on /mnt/crypt"));
    }

    @Test
    void swapOnTheCardIsRefused() throws IOException {
        Files.writeString(proc.resolve("swaps"), "Filename\tType\tSize\tUsed\tPriority\n/dev/sdb2 partition 1024 0 -2\n");
        assertTrue(refusal(dev("sdb"), true, true).contains("in use as swap"));
    }

    @Test
    void aPartitionIsRefusedNamingItsDisk() {
        assertEquals(dev("sdb1") + " is partition 1 of /dev/sdb: flash the whole disk, /dev/sdb",
                refusal(dev("sdb1"), true, true));
    }

    @Test
    void aFixedDiskNeedsItsOverride() throws IOException {
        assertTrue(refusal(dev("nvme0n1"), false, false).contains("pass --allow-fixed-disk"));
        assertEquals("nvme0n1", guard.check(dev("nvme0n1"), image, IMAGE, false, true).disk());
    }

    @Test
    void aWriteProtectedOrTooSmallCardIsRefused() throws IOException {
        Path sdb = sys.resolve("class/block/sdb").toRealPath();
        Files.writeString(sdb.resolve("ro"), "1\n");
        assertTrue(refusal(dev("sdb"), false, false).contains("lock switch"));
        Files.writeString(sdb.resolve("ro"), "0\n");
        Files.writeString(sdb.resolve("size"), "1000\n");
        assertTrue(refusal(dev("sdb"), false, false).contains("holds 512000 bytes, the image needs"));
    }

    @Test
    void plainFilesOnlyWithTheirOverrideAndNeverTheImageItself() throws IOException {
        Path copy = tmp.resolve("copy.img");
        Files.write(copy, new byte[1]);
        assertTrue(refusal(copy, false, false).contains("plain file, not a block device"));
        assertEquals(TargetGuard.Kind.FILE, guard.check(copy, image, IMAGE, true, false).kind());
        assertTrue(refusal(image, true, false).contains("the image itself"));
        assertTrue(refusal(tmp.resolve("dev/sdx"), false, false).contains("does not exist"));
        assertEquals(TargetGuard.Kind.FILE, guard.check(tmp.resolve("new.img"), image, IMAGE, true, false).kind());
        assertTrue(refusal(tmp, true, true).contains("neither a block device nor a plain file"));
    }

    @Test
    void aLoopDevicesBackingFileIsRefused() throws IOException {
        Path copy = tmp.resolve("copy.img");
        Files.write(copy, new byte[1]);
        Path loop = sys.resolve("block/loop3/loop");
        Files.createDirectories(loop);
        Files.writeString(loop.resolve("backing_file"), copy.toRealPath() + "\n");
        assertTrue(refusal(copy, true, false).contains("attached to /dev/loop3"));
    }

    @Test
    void devTNumbersAreDecodedAsGlibcEncodesThem() {
        assertEquals("8:16", TargetGuard.majorMinor(0x810));
        assertEquals("259:0", TargetGuard.majorMinor(0x10300));
        assertEquals("179:1", TargetGuard.majorMinor(0xb301));
    }

    @Test
    void aBtrfsRootIsFoundThroughTheDeviceItsMountNames() throws IOException {
        // btrfs mounts carry an anonymous device number (0:NN) that /sys/dev/block does not know
        partition("nvme0n1", "nvme0n1p1", "259:1", 1);
        rootOn("0:31", "/dev/nvme0n1p1", "btrfs");
        assertTrue(refusal(dev("nvme0n1"), true, true).contains("holds the running system"));
    }

    @Test
    void everyDeviceOfAMultiDeviceBtrfsRootIsASystemDisk() throws IOException {
        partition("nvme0n1", "nvme0n1p1", "259:1", 1);
        Path devices = Files.createDirectories(sys.resolve("fs/btrfs/3a1e7c2f-5d4b-4f0e-9a8d-1c2b3d4e5f60/devices"));
        Files.createSymbolicLink(devices.resolve("nvme0n1p1"), sys.resolve("class/block/nvme0n1p1").toRealPath());
        Files.createSymbolicLink(devices.resolve("sdb2"), sys.resolve("class/block/sdb2").toRealPath());
        rootOn("0:31", "/dev/nvme0n1p1", "btrfs");
        // the mount names nvme0n1p1 only; the card reader's sdb2 is the file system's second device
        assertTrue(refusal(dev("sdb"), true, true).contains("/dev/sdb holds the running system"));
        assertTrue(refusal(dev("nvme0n1"), true, true).contains("holds the running system"));
        assertEquals("disk mmcblk0", guard.check(dev("mmcblk0"), image, IMAGE, false, false).group());
    }

    @Test
    void aBtrfsRootOnDmCryptIsTracedToItsDisk() throws IOException {
        Path dm = sys.resolve("devices/virtual/block/dm-0");
        Files.createDirectories(dm.resolve("dm"));
        Files.createDirectories(dm.resolve("slaves"));
        Files.writeString(dm.resolve("dev"), "254:0\n");
        Files.writeString(dm.resolve("dm/name"), "cryptroot\n");
        Files.createSymbolicLink(sys.resolve("class/block/dm-0"), dm);
        Files.createSymbolicLink(sys.resolve("dev/block/254:0"), dm);
        Files.createSymbolicLink(dm.resolve("slaves/sdb2"), sys.resolve("class/block/sdb2").toRealPath());
        rootOn("0:31", "/dev/mapper/cryptroot", "btrfs");
        assertTrue(refusal(dev("sdb"), true, true).contains("/dev/sdb holds the running system"));
    }

    @Test
    void theDisksOfAZfsRootsPoolAreFoundInUdevsDatabase() throws IOException {
        // libblkid's zfs probe labels each member with its pool's name; the mount names the dataset
        udevRecord("259:0", "S:disk/by-id/nvme-SAMSUNG_1", "E:ID_FS_TYPE=zfs_member", "E:ID_FS_LABEL=rpool",
                "E:ID_FS_UUID=1234567890");
        udevRecord("8:16", "E:ID_FS_TYPE=zfs_member", "E:ID_FS_LABEL=tank");
        udevRecord("179:0", "E:ID_FS_TYPE=vfat", "E:ID_FS_LABEL=rpool");
        rootOn("0:44", "rpool/ROOT/debian", "zfs");
        assertTrue(refusal(dev("nvme0n1"), true, true).contains("holds the running system"));
        // another pool's disk and a file system that only shares the label are not the system's
        assertEquals("sdb", guard.check(dev("sdb"), image, IMAGE, false, false).disk());
        assertEquals("mmcblk0", guard.check(dev("mmcblk0"), image, IMAGE, false, false).disk());
    }

    @Test
    void theOpenedDeviceMustBeTheVettedOne() throws IOException {
        TargetGuard.Target t = guard.check(dev("sdb"), image, IMAGE, false, false);
        assertEquals("8:16", t.vetted().rdev());
        TargetGuard.requireSame(dev("sdb"), t.vetted(), new TargetGuard.Stat(true, false, 5, 77, "8:16"));
        String m = assertThrows(TargetGuard.Refused.class, () -> TargetGuard.requireSame(dev("sdb"), t.vetted(),
                new TargetGuard.Stat(true, false, 5, 1, "8:32"))).getMessage();
        assertEquals(dev("sdb") + " is no longer what was checked (it was block device 8:16, the open one is block"
                + " device 8:32): nothing was written. Check the device name with lsblk and run again", m);
        assertThrows(TargetGuard.Refused.class, () -> TargetGuard.requireSame(dev("sdb"), t.vetted(),
                new TargetGuard.Stat(false, true, 2049, 12, "0:0")));
    }

    @Test
    void anOpenedFileMustBeTheVettedFile() throws IOException {
        TargetGuard.Stat vetted = new TargetGuard.Stat(false, true, 2049, 12, "0:0");
        TargetGuard.requireSame(tmp.resolve("copy.img"), vetted, new TargetGuard.Stat(false, true, 2049, 12, "0:0"));
        assertTrue(assertThrows(TargetGuard.Refused.class, () -> TargetGuard.requireSame(tmp.resolve("copy.img"),
                vetted, new TargetGuard.Stat(false, true, 2049, 13, "0:0"))).getMessage()
                .contains("it was file 8:1 inode 12, the open one is file 8:1 inode 13"));
    }
}
