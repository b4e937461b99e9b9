package io.streetgate.flash.image;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever a bmap file holds, {@link BmapFile} gives a block map that lies within its image, or an
 * {@link IOException} naming the file and what is wrong: never another exception, a hang or an unbounded
 * allocation. A bmap file comes with an image from a download.
 *
 * <p>Most mutations of a 2.x file would only break its own checksum; so that the fuzzer reaches the rest, the
 * test writes the right SHA-256 or SHA-1 into a {@code <BmapFileChecksum>} or {@code <BmapFileSHA1>} of that
 * length, as bmaptool would. The regression corpus (seeds and every finding, in
 * {@code BmapFileFuzzTestInputs/read/}) runs in the test command; {@code ./fuzz.sh bmap 300} fuzzes
 * (docs/security.md).
 */
class BmapFileFuzzTest {

    private static final Path NAME = Path.of("fuzz.bmap");

    @FuzzTest(maxDuration = "5m")
    void read(byte[] file) {
        byte[] bytes = withItsOwnChecksum(file);
        BlockMap map;
        try {
            map = BmapFile.parse(bytes, NAME);
        } catch (IOException refused) {
            assertTrue(refused.getMessage().startsWith(NAME.toString()), "the message names the file: "
                    + refused.getMessage());
            return;
        }
        assertTrue(map.imageSize() >= 0, "an image size of " + map.imageSize());
        assertEquals(1, Long.bitCount(map.blockSize()), "a block size of " + map.blockSize());
        long previousEnd = 0;
        for (BlockMap.Range r : map.ranges()) {
            assertTrue(map.start(r) >= previousEnd, "ranges ascend without overlapping: " + map.ranges());
            assertTrue(map.end(r) > map.start(r) && map.end(r) <= map.imageSize(),
                    "range " + r + " lies within the image of " + map.imageSize() + " bytes");
            previousEnd = map.end(r);
        }
        assertTrue(map.mappedBytes() >= 0 && map.mappedBytes() <= map.imageSize(), "mapped bytes within the image");
    }

    /** The file with its own checksum put right, when it has a checksum element of SHA-256's or SHA-1's length. */
    static byte[] withItsOwnChecksum(byte[] file) {
        String text = new String(file, StandardCharsets.ISO_8859_1);
        for (String tag : new String[] {"<BmapFileChecksum>", "<BmapFileSHA1>"}) {
            int open = text.indexOf(tag);
            int close = open < 0 ? -1 : text.indexOf('<', open + tag.length());
            if (close < 0) {
                continue;
            }
            String inside = text.substring(open + tag.length(), close);
            String hex = inside.trim();
            String digest = hex.length() == 64 ? "SHA-256" : hex.length() == 40 ? "SHA-1" : null;
            if (digest == null) {
                continue;
            }
            int at = open + tag.length() + inside.indexOf(hex);
            byte[] zeroed = file.clone();
            for (int i = 0; i < hex.length(); i++) {
                zeroed[at + i] = '0';
            }
            byte[] sum = sha(digest, zeroed);
            byte[] fixed = zeroed.clone();
            System.arraycopy(HexFormat.of().formatHex(sum).getBytes(StandardCharsets.US_ASCII), 0, fixed, at,
                    hex.length());
            return fixed;
        }
        return file;
    }

    private static byte[] sha(String digest, byte[] bytes) {
        try {
            return MessageDigest.getInstance(digest).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
