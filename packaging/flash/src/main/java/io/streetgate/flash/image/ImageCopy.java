package io.streetgate.flash.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Writes the mapped ranges of an image to a target and reads them back. While writing, each range of the image is
 * hashed and checked against the bmap's checksum (a damaged image is refused before the card is finished); the
 * digests become the expected values of the read-back, which compares what the card returns range by range.
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
    public record Verified(long bytes, List<String> mismatches) {
        public boolean passed() {
            return mismatches.isEmpty();
        }
    }

    /**
     * Writes the image's mapped ranges to {@code target} at the same offsets and fsyncs it.
     *
     * @param blockDevice whether the target is a block device (periodic fsync)
     * @param progress    told the bytes written as they go
     * @throws IOException on a read or write error, or when the image does not match its bmap's checksums
     */
    public static Written write(Path image, BlockMap map, FileChannel target, boolean blockDevice,
                                LongConsumer progress) throws IOException {
        String digestName = digestName(map);
        int n = map.ranges().size();
        MessageDigest[] digests = new MessageDigest[n];
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
                MessageDigest d = digests[c.range()];
                if (d == null) {
                    d = digests[c.range()] = newDigest(digestName);
                }
                d.update(b.duplicate());
                b.position(b.limit());
                if (c.last()) {
                    hex[c.range()] = HexFormat.of().formatHex(d.digest());
                    BlockMap.Range r = map.ranges().get(c.range());
                    if (r.checksum() != null && !r.checksum().equalsIgnoreCase(hex[c.range()])) {
                        throw new IOException(image + " does not match its block map (" + map.source() + "): blocks "
                                + r.first() + "-" + r.last() + " hash to " + hex[c.range()] + ", the map says "
                                + r.checksum() + " (damaged download, or the bmap of another image)");
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

    /**
     * Reads the mapped ranges back from {@code target} and compares each range's digest with {@code expected}.
     * Call it on a freshly opened channel after the page cache of the target was dropped, so it reads the medium.
     */
    public static Verified verify(BlockMap map, List<String> expected, FileChannel target, String targetName,
                                  LongConsumer progress) throws IOException {
        String digestName = digestName(map);
        MessageDigest[] digests = new MessageDigest[map.ranges().size()];
        List<String> mismatches = new ArrayList<>();
        long[] read = {0};
        Transfer.run(Transfer.plan(map, Transfer.CHUNK), "flash-verify " + targetName,
                (c, b) -> Transfer.readFully(target, b, c.position(), targetName),
                (c, b) -> {
                    MessageDigest d = digests[c.range()];
                    if (d == null) {
                        d = digests[c.range()] = newDigest(digestName);
                    }
                    d.update(b);
                    read[0] += c.length();
                    progress.accept(c.length());
                    if (c.last()) {
                        String got = HexFormat.of().formatHex(d.digest());
                        if (!got.equalsIgnoreCase(expected.get(c.range()))) {
                            BlockMap.Range r = map.ranges().get(c.range());
                            mismatches.add("blocks " + r.first() + "-" + r.last() + " (bytes " + map.start(r) + "-"
                                    + (map.end(r) - 1) + ") read back as " + got + ", expected " + expected.get(c.range()));
                        }
                    }
                });
        return new Verified(read[0], mismatches);
    }

    private static String digestName(BlockMap map) {
        return map.checksumType() != null ? map.checksumType() : "SHA-256";
    }

    private static MessageDigest newDigest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " missing from the JDK", e);
        }
    }

    /** Reads {@code b.remaining()} bytes at {@code position} (for callers outside this package). */
    public static void readFully(FileChannel ch, ByteBuffer b, long position, String what) throws IOException {
        Transfer.readFully(ch, b, position, what);
    }
}
