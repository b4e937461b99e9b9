package io.streetgate.flash.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/**
 * Builds small sparse images shaped like the node image (packaging/image): an MBR made by sfdisk with a FAT boot
 * partition, slots A and B, and an extended partition holding the FAT config partition labelled SGCONFIG, the
 * file systems made by mkfs.fat. Slot A gets pseudo-random data (seeded), slot B stays a hole.
 */
public final class NodeImages {
    public static final int MIB = 1 << 20;
    /** Partition starts and sizes in MiB, as in the test image: boot 1+4, A 5+8, B 13+8, extended 21+11 (config 22+10). */
    public static final long BOOT_START = 1;
    public static final long SLOT_A_START = 5;
    public static final long SLOT_SIZE = 8;
    public static final long CONFIG_START = 22;
    public static final long CONFIG_SIZE = 10;
    public static final long IMAGE_SIZE = 33;

    private NodeImages() {
    }

    /** An MBR image with a config partition; {@code slotData} bytes of random data at the start of slot A. */
    public static Path mbr(Path image, long slotData) throws IOException, InterruptedException {
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(IMAGE_SIZE * MIB);
        }
        // sfdisk script format: "start=, size=, type=" per line, sizes with unit suffixes (sfdisk(8))
        Peers.runWithInput("label: dos\nlabel-id: 0x5354475a\n"
                + "start=1MiB, size=4MiB, type=c, bootable\n"
                + "start=5MiB, size=8MiB, type=83\n"
                + "start=13MiB, size=8MiB, type=83\n"
                + "start=21MiB, size=11MiB, type=5\n"
                + "start=22MiB, size=10MiB, type=e\n", "sfdisk", "-q", image.toString());
        mkfat(image, BOOT_START, 4, 12, "SGBOOT");
        mkfat(image, CONFIG_START, CONFIG_SIZE, 16, "SGCONFIG");
        fill(image, SLOT_A_START * MIB, slotData, 42);
        return image;
    }

    /** mkfs.fat at an offset inside an image (--offset in 512-byte sectors, block count in KiB: mkfs.fat(8)). */
    public static void mkfat(Path image, long startMiB, long sizeMiB, int fatBits, String label)
            throws IOException, InterruptedException {
        Peers.run("mkfs.fat", "-F", String.valueOf(fatBits), "-n", label, "-i", "5354475a",
                "--offset=" + startMiB * MIB / 512, image.toString(), String.valueOf(sizeMiB * 1024));
    }

    /** Writes seeded random bytes at an offset. */
    public static void fill(Path file, long offset, long length, long seed) throws IOException {
        Random r = new Random(seed);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[1 << 16];
            long done = 0;
            while (done < length) {
                r.nextBytes(buf);
                int n = (int) Math.min(buf.length, length - done);
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) {
                    ch.write(b, offset + done + (n - b.remaining()));
                }
                done += n;
            }
        }
    }

    /** Bytes of a file at an offset. */
    public static byte[] read(Path file, long offset, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(length);
            while (b.hasRemaining() && ch.read(b, offset + b.position()) >= 0) {
                // until full or end of file
            }
            return b.array();
        }
    }
}
