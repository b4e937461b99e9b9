package io.streetgate.flash.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Writes the mapped ranges of an image to a target and reads them back, comparing each range's digest. With a
 * bmap that has checksums, the read-back compares the card with them directly, so the image need not be hashed
 * while writing (hashing once is enough; a mismatch is then traced to the image or the card). Without checksums,
 * or without a read-back, the image is hashed while writing: its digests are the expected values, and a damaged
 * image is refused before the card is finished, as bmaptool does.
 */
public final class ImageCopy {
    /** On block devices, fsync this often so the page cache never holds gigabytes and progress shows card speed. */
    static final long SYNC_EVERY = 256L << 20;

    private ImageCopy() {
    }

    /** What was written: bytes, and each range's digest (hex) as read from the image. */
    public record Written(long bytes, List<String> digests) {
    }

    /** The read-back: ranges whose digest differs from what was written (empty when all match), bytes read. */
    public record Verified(long bytes, List<String> mismatches, List<Integer> badRanges) {
        public boolean passed() {
            return mismatches.isEmpty();
        }
    }

    /**
     * Writes the image's mapped ranges to {@code target} at the same offsets and fsyncs it.
     *
     * @param blockDevice whether the target is a block device (periodic fsync)
     * @param hash        whether to hash the image while writing (and check it against the bmap's checksums);
     *                    not needed when a read-back will compare the card with the bmap's checksums anyway
     * @param progress    told the bytes written as they go
     * @throws IOException on a read or write error, or when the image does not match its bmap's checksums
     */
    public static Written write(Path image, BlockMap map, FileChannel target, boolean blockDevice, boolean hash,
                                LongConsumer progress) throws IOException {
        String digestName = digestName(map);
        int n = map.ranges().size();
        Digest[] digests = new Digest[n];
        String[] hex = new String[n];
        long[] written = {0, 0};
        try (FileChannel in = FileChannel.open(image, StandardOpenOption.READ)) {
            if (in.size() != map.imageSize()) {
                throw new IOException(image + " has " + in.size() + " bytes but its block map (" + map.source()
                        + ") is for an image of " + map.imageSize() + " bytes: wrong bmap for this image?");
            }
            Transfer.run(Transfer.plan(map, Transfer.CHUNK), "flash-read " + image.getFileName(), (c, b) -> {
                Transfer.readFully(in, b, c.position(), image.toString());
                b.flip();
                if (!hash) {
                    b.position(b.limit());
                    return;
                }
                Digest d = digests[c.range()];
                if (d == null) {
                    d = digests[c.range()] = Digest.of(digestName);
                }
                d.update(b.duplicate());
                b.position(b.limit());
                if (c.last()) {
                    hex[c.range()] = d.finish();
                    BlockMap.Range r = map.ranges().get(c.range());
                    if (r.checksum() != null && !r.checksum().equalsIgnoreCase(hex[c.range()])) {
                        throw new IOException(imageMismatch(image, map, r, hex[c.range()]));
                    }
                }
            }, (c, b) -> {
                Transfer.writeFully(target, b, c.position());
                written[0] += c.length();
                written[1] += c.length();
                progress.accept(c.length());
                if (blockDevice && written[1] >= SYNC_EVERY) {
                    target.force(false);
                    written[1] = 0;
                }
            });
        }
        target.force(true);
        List<String> out = new ArrayList<>(n);
        for (String h : hex) {
            out.add(h);
        }
        return new Written(written[0], out);
    }

    static String imageMismatch(Path image, BlockMap map, BlockMap.Range r, String got) {
        return image + " does not match its block map (" + map.source() + "): blocks " + r.first() + "-" + r.last()
                + " hash to " + got + ", the map says " + r.checksum()
                + " (damaged download, or the bmap of another image)";
    }

    /** The digests to verify against: the bmap's checksums when it has one for every range, else null. */
    public static List<String> mapChecksums(BlockMap map) {
        List<String> out = new ArrayList<>();
        for (BlockMap.Range r : map.ranges()) {
            if (r.checksum() == null) {
                return null;
            }
            out.add(r.checksum());
        }
        return out;
    }

    /**
     * When a read-back differs from the bmap and the image was not hashed while writing: whether the image itself
     * is at fault. Returns the message for the image, or null when the image matches its map.
     */
    public static String checkImageRange(Path image, BlockMap map, int range) throws IOException {
        BlockMap.Range r = map.ranges().get(range);
        Digest d = Digest.of(digestName(map));
        ByteBuffer b = Transfer.spare();
        try (FileChannel in = FileChannel.open(image, StandardOpenOption.READ)) {
            for (long p = map.start(r); p < map.end(r); p += Transfer.CHUNK) {
                b.clear().limit((int) Math.min(Transfer.CHUNK, map.end(r) - p));
                Transfer.readFully(in, b, p, image.toString());
                b.flip();
                d.update(b);
            }
        }
        String got = d.finish();
        return got.equalsIgnoreCase(r.checksum()) ? null : imageMismatch(image, map, r, got);
    }

    /**
     * Reads the mapped ranges back from {@code target} and compares each range's digest with {@code expected}.
     * Call it on a freshly opened channel after the page cache of the target was dropped, so it reads the medium.
     */
    public static Verified verify(BlockMap map, List<String> expected, FileChannel target, String targetName,
                                  LongConsumer progress) throws IOException {
        String digestName = digestName(map);
        Digest[] digests = new Digest[map.ranges().size()];
        List<String> mismatches = new ArrayList<>();
        List<Integer> bad = new ArrayList<>();
        long[] read = {0};
        Transfer.run(Transfer.plan(map, Transfer.CHUNK), "flash-verify " + targetName,
                (c, b) -> Transfer.readFully(target, b, c.position(), targetName),
                (c, b) -> {
                    Digest d = digests[c.range()];
                    if (d == null) {
                        d = digests[c.range()] = Digest.of(digestName);
                    }
                    d.update(b);
                    read[0] += c.length();
                    progress.accept(c.length());
                    if (c.last()) {
                        String got = d.finish();
                        if (!got.equalsIgnoreCase(expected.get(c.range()))) {
                            BlockMap.Range r = map.ranges().get(c.range());
                            bad.add(c.range());
                            mismatches.add("blocks " + r.first() + "-" + r.last() + " (bytes " + map.start(r) + "-"
                                    + (map.end(r) - 1) + ") read back as " + got + ", expected " + expected.get(c.range()));
                        }
                    }
                });
        return new Verified(read[0], mismatches, bad);
    }

    private static String digestName(BlockMap map) {
        return map.checksumType() != null ? map.checksumType() : "SHA-256";
    }

    /** Reads {@code b.remaining()} bytes at {@code position} (for callers outside this package). */
    public static void readFully(FileChannel ch, ByteBuffer b, long position, String what) throws IOException {
        Transfer.readFully(ch, b, position, what);
    }
}
