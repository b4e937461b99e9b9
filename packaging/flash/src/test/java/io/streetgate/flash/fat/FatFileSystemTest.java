package io.streetgate.flash.fat;

import io.streetgate.flash.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The config partition's FAT writer, checked against the real tools: file systems made by mkfs.fat, what we write
 * is read by mtools and passes fsck.fat, and what mtools writes we read.
 */
class FatFileSystemTest {
    static final LocalDateTime T = LocalDateTime.of(2030, 5, 17, 14, 30, 12);

    @TempDir
    Path tmp;

    Path volume(int fatBits, int sizeMiB, String label) throws Exception {
        Path f = tmp.resolve("fat" + fatBits + ".img");
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength((long) sizeMiB << 20);
        }
        Peers.run("mkfs.fat", "-F", String.valueOf(fatBits), "-n", label, f.toString());
        return f;
    }

    static FatFileSystem open(FileChannel ch) throws IOException {
        return FatFileSystem.open(ch, 0, ch.size());
    }

    @ParameterizedTest(name = "FAT{0}")
    @CsvSource({"12, 4", "16, 16", "32, 40"})
    void filesWithLongNamesInNestedFoldersAreReadByMtoolsAndPassFsck(int bits, int sizeMiB) throws Exception {
        Path f = volume(bits, sizeMiB, "SGCONFIG");
        byte[] key = new byte[5000]; // more than one cluster
        new Random(7).nextBytes(key);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FatFileSystem fs = open(ch);
            assertEquals(FatFileSystem.Type.valueOf("FAT" + bits), fs.type());
            assertEquals("SGCONFIG", fs.label());
            fs.writeFile("site.yaml", "node:\n  id: pole-0042\n".getBytes(StandardCharsets.UTF_8), T);
            fs.writeFile("node-id", "pole-0042\n".getBytes(StandardCharsets.UTF_8), T);
            fs.writeFile("identity/device-key.pem", key, T);
            fs.writeFile("identity/certs/a rather long certificate name.crt", "CERT".getBytes(StandardCharsets.UTF_8), T);
            fs.writeFile("README.TXT", "plain 8.3".getBytes(StandardCharsets.UTF_8), T);
            fs.writeFile("empty", new byte[0], T);
            fs.flush();
        }
        String image = f.toString();
        assertEquals("node:\n  id: pole-0042\n", Peers.run("mtype", "-i", image, "::/site.yaml"));
        assertEquals("pole-0042\n", Peers.run("mtype", "-i", image, "::/node-id"));
        assertEquals("CERT", Peers.run("mtype", "-i", image, "::/identity/certs/a rather long certificate name.crt"));
        Path copy = tmp.resolve("key-copy");
        Peers.run("mcopy", "-i", image, "::/identity/device-key.pem", copy.toString());
        assertArrayEquals(key, Files.readAllBytes(copy));
        String listing = Peers.run("mdir", "-i", image, "::/");
        assertTrue(listing.contains("site.yaml") && listing.contains("node-id") && listing.contains("README"), listing);
        assertTrue(Peers.run("mdir", "-i", image, "::/identity").contains("device-key.pem"));
        Peers.run("fsck.fat", "-n", image); // exits non-zero on any inconsistency
    }

    @ParameterizedTest(name = "FAT{0}")
    @CsvSource({"12, 4", "16, 16", "32, 40"})
    void replacingAFileFreesItsOldClusters(int bits, int sizeMiB) throws Exception {
        Path f = volume(bits, sizeMiB, "SGCONFIG");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FatFileSystem fs = open(ch);
            long free = fs.freeBytes();
            fs.writeFile("site.yaml", new byte[100_000], T);
            fs.flush();
            assertTrue(fs.freeBytes() < free - 99_000);
            fs.writeFile("SITE.YAML", "short".getBytes(StandardCharsets.UTF_8), T); // FAT names ignore case
            fs.flush();
            assertEquals(free - fs.clusterSize(), fs.freeBytes());
            assertEquals(List.of("site.yaml"), fs.list("/"));
            assertEquals("short", new String(fs.readFile("site.yaml"), StandardCharsets.UTF_8));
        }
        assertEquals("short", Peers.run("mtype", "-i", f.toString(), "::/site.yaml"));
        Peers.run("fsck.fat", "-n", f.toString());
    }

    @Test
    void readsWhatMtoolsWrote() throws Exception {
        Path f = volume(16, 16, "SGCONFIG");
        Path src = tmp.resolve("Long Name With Spaces.yaml");
        byte[] content = new byte[70_000];
        new Random(3).nextBytes(content);
        Files.write(src, content);
        Peers.run("mmd", "-i", f.toString(), "::/identity");
        Peers.run("mcopy", "-i", f.toString(), src.toString(), "::/identity/");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            FatFileSystem fs = open(ch);
            assertEquals(List.of("identity/"), fs.list(""));
            assertEquals(List.of("Long Name With Spaces.yaml"), fs.list("identity"));
            assertArrayEquals(content, fs.readFile("identity/long name with spaces.yaml"));
        }
    }

    @Test
    void aFolderGrowsBeyondOneClusterAndTheFat32RootToo() throws Exception {
        Path f = volume(32, 40, "SGCONFIG");
        int perCluster;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FatFileSystem fs = open(ch);
            perCluster = fs.clusterSize() / 32;
            // each long name takes 3 entries: enough files for several clusters of each folder
            for (int i = 0; i < perCluster; i++) {
                fs.writeFile("certs/certificate-number-" + i + ".pem", ("c" + i).getBytes(StandardCharsets.UTF_8), T);
                fs.writeFile("root-file-number-" + i + ".txt", ("r" + i).getBytes(StandardCharsets.UTF_8), T);
            }
            fs.flush();
            assertEquals(perCluster, fs.list("certs").size());
        }
        String listing = Peers.run("mdir", "-i", f.toString(), "::/certs");
        assertTrue(listing.contains("certificate-number-0.pem"), listing);
        assertTrue(listing.contains("certificate-number-" + (perCluster - 1) + ".pem"), listing);
        assertEquals("c7", Peers.run("mtype", "-i", f.toString(), "::/certs/certificate-number-7.pem"));
        Peers.run("fsck.fat", "-n", f.toString());
    }

    @Test
    void aFullFixedRootFolderIsAnErrorNotACorruption() throws Exception {
        Path f = tmp.resolve("small.img");
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(2 << 20);
        }
        Peers.run("mkfs.fat", "-F", "12", "-r", "16", "-n", "SGCONFIG", f.toString()); // 16 root entries
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FatFileSystem fs = open(ch);
            IOException e = assertThrows(IOException.class, () -> {
                for (int i = 0; i < 20; i++) {
                    fs.writeFile("a-long-file-name-" + i, new byte[1], T);
                }
            });
            assertTrue(e.getMessage().contains("root folder is full"), e.getMessage());
            fs.flush();
        }
        Peers.run("fsck.fat", "-n", f.toString());
    }

    @Test
    void noRoomIsAnError() throws Exception {
        Path f = volume(12, 1, "SGCONFIG");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FatFileSystem fs = open(ch);
            IOException e = assertThrows(IOException.class, () -> fs.writeFile("big", new byte[2 << 20], T));
            assertTrue(e.getMessage().contains("no room for big"), e.getMessage());
        }
    }

    @Test
    void somethingElseIsNotFat() throws Exception {
        Path f = tmp.resolve("zeros");
        Files.write(f, new byte[4096]);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            IOException e = assertThrows(IOException.class, () -> open(ch));
            assertTrue(e.getMessage().startsWith("not a FAT file system"), e.getMessage());
        }
    }
}
