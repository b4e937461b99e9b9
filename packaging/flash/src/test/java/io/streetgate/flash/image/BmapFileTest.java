package io.streetgate.flash.image;

import io.streetgate.flash.testing.NodeImages;
import io.streetgate.flash.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Block maps as bmaptool (bmap-tools 3.6) writes them, and the older formats it still reads. */
class BmapFileTest {
    @TempDir
    Path tmp;

    /** 64 MiB sparse image with data at 1 MiB (5 bytes: one block) and at blocks 5000-5002. */
    Path sparseImage() throws IOException {
        Path img = tmp.resolve("sparse.img");
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(64 << 20);
        }
        NodeImages.fill(img, 1 << 20, 5, 1);
        NodeImages.fill(img, 5000L * 4096, 3 * 4096, 2);
        return img;
    }

    @Test
    void readsTheRangesAndChecksumsBmaptoolWrote() throws Exception {
        Path img = sparseImage();
        Path bmap = tmp.resolve("sparse.bmap");
        Peers.run("bmaptool", "create", "-o", bmap.toString(), img.toString());
        BlockMap map = BmapFile.read(bmap);
        assertEquals(64 << 20, map.imageSize());
        assertEquals(4096, map.blockSize());
        assertEquals("SHA-256", map.checksumType());
        assertEquals(2, map.ranges().size());
        assertEquals(256, map.ranges().get(0).first());
        assertEquals(256, map.ranges().get(0).last());
        assertEquals(5000, map.ranges().get(1).first());
        assertEquals(5002, map.ranges().get(1).last());
        assertEquals(sha256(img, 256L * 4096, 4096), map.ranges().get(0).checksum());
        assertEquals(4 * 4096, map.mappedBytes());
    }

    @Test
    void anEditedBmapIsRefusedByItsOwnChecksum() throws Exception {
        Path img = sparseImage();
        Path bmap = tmp.resolve("sparse.bmap");
        Peers.run("bmaptool", "create", "-o", bmap.toString(), img.toString());
        String text = Files.readString(bmap).replace("5000-5002", "5000-5003").replace("<MappedBlocksCount> 4 ", "<MappedBlocksCount> 5 ");
        Files.writeString(bmap, text);
        IOException e = assertThrows(IOException.class, () -> BmapFile.read(bmap));
        assertTrue(e.getMessage().contains("damaged or was edited"), e.getMessage());
    }

    @Test
    void version13HasSha1AndVersion12NoChecksums() throws Exception {
        String ranges = "<BlockMap><Range sha1=\"" + "ab".repeat(20) + "\"> 0-1 </Range><Range> 3 </Range></BlockMap>";
        String body13 = "<?xml version=\"1.0\" ?>\n<bmap version=\"1.3\"><ImageSize> 16384 </ImageSize>"
                + "<BlockSize> 4096 </BlockSize><BlocksCount> 4 </BlocksCount><MappedBlocksCount> 3 </MappedBlocksCount>"
                + "<BmapFileSHA1> " + "0".repeat(40) + " </BmapFileSHA1>" + ranges + "</bmap>\n";
        String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body13.getBytes(StandardCharsets.US_ASCII)));
        Path v13 = tmp.resolve("v13.bmap");
        Files.writeString(v13, body13.replace("0".repeat(40), sha1));
        BlockMap m13 = BmapFile.read(v13);
        assertEquals("SHA-1", m13.checksumType());
        assertEquals("ab".repeat(20), m13.ranges().get(0).checksum());
        assertNull(m13.ranges().get(1).checksum());

        Path v12 = tmp.resolve("v12.bmap");
        Files.writeString(v12, "<bmap version=\"1.2\"><ImageSize> 16384 </ImageSize><BlockSize> 4096 </BlockSize>"
                + "<BlocksCount> 4 </BlocksCount><MappedBlocksCount> 3 </MappedBlocksCount>"
                + "<BlockMap><Range> 0-1 </Range><Range> 3 </Range></BlockMap></bmap>");
        BlockMap m12 = BmapFile.read(v12);
        assertNull(m12.checksumType());
        assertEquals(List.of(new BlockMap.Range(0, 1, null), new BlockMap.Range(3, 3, null)), m12.ranges());
    }

    @Test
    void refusesWhatItCannotTrust() throws Exception {
        Path b = tmp.resolve("x.bmap");
        Files.writeString(b, "<bmap version=\"3.0\"></bmap>");
        assertTrue(assertThrows(IOException.class, () -> BmapFile.read(b)).getMessage().contains("newer than this tool"));
        Files.writeString(b, "<bmap version=\"1.2\"><ImageSize> 16384 </ImageSize><BlockSize> 4096 </BlockSize>"
                + "<BlocksCount> 4 </BlocksCount><MappedBlocksCount> 2 </MappedBlocksCount>"
                + "<BlockMap><Range> 0-1 </Range><Range> 3 </Range></BlockMap></bmap>");
        assertTrue(assertThrows(IOException.class, () -> BmapFile.read(b)).getMessage().contains("MappedBlocksCount says 2"));
        Files.writeString(b, "<bmap version=\"1.2\"><ImageSize> 16384 </ImageSize><BlockSize> 4096 </BlockSize>"
                + "<BlocksCount> 4 </BlocksCount><MappedBlocksCount> 1 </MappedBlocksCount>"
                + "<BlockMap><Range> 7 </Range></BlockMap></bmap>");
        assertTrue(assertThrows(IOException.class, () -> BmapFile.read(b)).getMessage().contains("outside the image"));
        Files.writeString(b, "<!DOCTYPE bmap [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><bmap version=\"2.0\">&x;</bmap>");
        assertTrue(assertThrows(IOException.class, () -> BmapFile.read(b)).getMessage().contains("bad XML"));
    }

    @Test
    void anImageSizeThatIsNoSizeIsRefused() {
        // found while writing BmapFileFuzzTest's rules: a negative ImageSize with BlocksCount 0 was a valid empty
        // map, and one near 2^63 overflowed the blocks' count (docs/security.md)
        for (String size : List.of("-5", "9223372036854775807")) {
            String blocks = size.startsWith("-") ? "0" : "2251799813685248";
            byte[] bmap = ("<bmap version=\"1.2\"><ImageSize> " + size + " </ImageSize><BlockSize> 4096 </BlockSize>"
                    + "<BlocksCount> " + blocks + " </BlocksCount><MappedBlocksCount> 0 </MappedBlocksCount>"
                    + "<BlockMap></BlockMap></bmap>").getBytes(StandardCharsets.US_ASCII);
            IOException e = assertThrows(IOException.class, () -> BmapFile.parse(bmap, Path.of("x.bmap")));
            assertEquals("x.bmap: ImageSize " + size + " is not the size of an image in bytes", e.getMessage());
        }
    }

    @Test
    void aFileLargerThanAnyBlockMapIsRefusedUnread() throws Exception {
        Path b = tmp.resolve("huge.bmap");
        try (RandomAccessFile f = new RandomAccessFile(b.toFile(), "rw")) {
            f.setLength(BmapFile.MAX_BYTES + 1);
        }
        assertEquals(b + " is not a bmap file: it has 16777217 bytes, more than the 16 MiB a block map of any card "
                + "image needs", assertThrows(IOException.class, () -> BmapFile.read(b)).getMessage());
    }

    static String sha256(Path f, long offset, int len) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(NodeImages.read(f, offset, len)));
    }
}
