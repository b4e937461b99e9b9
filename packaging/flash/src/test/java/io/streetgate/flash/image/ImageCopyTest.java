package io.streetgate.flash.image;

import io.streetgate.flash.testing.NodeImages;
import io.streetgate.flash.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writing only the mapped blocks, checking the image against its map, and reading the target back. */
class ImageCopyTest {
    @TempDir
    Path tmp;

    Path image() throws IOException {
        Path img = tmp.resolve("node.img");
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength((40L << 20) + 1000); // not a whole number of blocks: the last range is cut at the end
        }
        NodeImages.fill(img, 0, 10_000, 1);
        NodeImages.fill(img, 9L << 20, 9 << 20, 2); // larger than one chunk
        NodeImages.fill(img, 40L << 20, 1000, 3);
        return img;
    }

    @Test
    void theHolesOfASparseImageAreItsMap() throws Exception {
        BlockMap map = ImageMaps.fromHoles(image());
        assertEquals((40L << 20) + 1000, map.imageSize());
        assertEquals(List.of(new BlockMap.Range(0, 2, null), new BlockMap.Range(2304, 4607, null),
                new BlockMap.Range(10240, 10240, null)), map.ranges());
        assertEquals(3 * 4096 + (9 << 20) + 1000, map.mappedBytes());
    }

    @Test
    void writesTheMappedRangesOnlyAndReadsThemBack() throws Exception {
        Path img = image();
        BlockMap map = ImageMaps.fromHoles(img);
        Path target = tmp.resolve("card");
        Files.write(target, filled(41 << 20, (byte) 0x5A)); // an old card's content
        long[] progress = {0};
        ImageCopy.Written w;
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            w = ImageCopy.write(img, map, ch, false, true, n -> progress[0] += n);
        }
        assertEquals(map.mappedBytes(), w.bytes());
        assertEquals(map.mappedBytes(), progress[0]);
        assertArrayEquals(NodeImages.read(img, 9L << 20, 9 << 20), NodeImages.read(target, 9L << 20, 9 << 20));
        assertArrayEquals(filled(4096, (byte) 0x5A), NodeImages.read(target, 5L << 20, 4096), "holes are not written");
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.READ)) {
            assertTrue(ImageCopy.verify(map, w.digests(), ch, "card", n -> { }).passed());
        }

        NodeImages.fill(target, (12L << 20) + 17, 1, 99); // one byte goes bad on the card
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.READ)) {
            ImageCopy.Verified v = ImageCopy.verify(map, w.digests(), ch, "card", n -> { });
            assertFalse(v.passed());
            assertEquals(1, v.mismatches().size());
            assertTrue(v.mismatches().get(0).startsWith("blocks 2304-4607"), v.mismatches().get(0));
        }
    }

    @Test
    void aDamagedImageIsRefusedAgainstItsBmap() throws Exception {
        Path img = image();
        Path bmap = tmp.resolve("node.bmap");
        Peers.run("bmaptool", "create", "-o", bmap.toString(), img.toString());
        NodeImages.fill(img, (10L << 20) + 5, 1, 7); // damaged after the bmap was made
        BlockMap map = ImageMaps.forImage(img, null, false);
        assertTrue(map.source().startsWith("bmap node.bmap"), map.source());
        try (FileChannel ch = FileChannel.open(tmp.resolve("card"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            IOException e = assertThrows(IOException.class, () -> ImageCopy.write(img, map, ch, false, true, n -> { }));
            assertTrue(e.getMessage().contains("does not match its block map"), e.getMessage());
        }
    }

    @Test
    void aBmapForAnotherImageIsRefused() throws Exception {
        Path img = image();
        Path bmap = tmp.resolve("other.bmap");
        Path other = tmp.resolve("other.img");
        Files.write(other, new byte[8192]);
        Peers.run("bmaptool", "create", "-o", bmap.toString(), other.toString());
        IOException e = assertThrows(IOException.class, () -> ImageMaps.forImage(img, bmap, false));
        assertTrue(e.getMessage().contains("wrong bmap for this image"), e.getMessage());
    }

    @Test
    void chunksAreBlockAlignedAndEndEachRange() {
        BlockMap map = new BlockMap(100L << 20, 4096, List.of(new BlockMap.Range(0, 2047, null),
                new BlockMap.Range(4096, 4096, null)), null, "test");
        List<Transfer.Chunk> chunks = Transfer.plan(map, 3 << 20);
        List<Long> positions = new ArrayList<>();
        chunks.forEach(c -> positions.add(c.position()));
        assertEquals(List.of(0L, 3L << 20, 6L << 20, 16L << 20), positions);
        assertEquals(List.of(false, false, true, true), chunks.stream().map(Transfer.Chunk::last).toList());
        assertEquals((8 << 20) - (6 << 20), chunks.get(2).length());
    }

    static byte[] filled(int n, byte b) {
        byte[] a = new byte[n];
        Arrays.fill(a, b);
        return a;
    }
}
