package io.streetgate.flash.disk;

import io.streetgate.flash.testing.NodeImages;
import io.streetgate.flash.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Partition tables as sfdisk writes them. */
class PartitionTableTest {
    @TempDir
    Path tmp;

    @Test
    void mbrWithPrimariesAndALogicalPartitionInTheExtendedOne() throws Exception {
        Path img = NodeImages.mbr(tmp.resolve("node.img"), 4096);
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
            List<PartitionTable.Partition> p = PartitionTable.read(ch);
            assertEquals(List.of(1, 2, 3, 4, 5), p.stream().map(PartitionTable.Partition::number).toList());
            assertEquals(new PartitionTable.Partition(1, 2048, 8192, "0x0c", ""), p.get(0));
            assertEquals(new PartitionTable.Partition(2, 10240, 16384, "0x83", ""), p.get(1));
            assertEquals("0x05", p.get(3).type());
            assertEquals(new PartitionTable.Partition(5, 22 * 2048, 10 * 2048, "0x0e", ""), p.get(4));
            assertEquals(22L << 20, p.get(4).offset());
        }
    }

    @Test
    void gptWithNames() throws Exception {
        Path img = tmp.resolve("gpt.img");
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(16 << 20);
        }
        Peers.runWithInput("label: gpt\n"
                + "start=2048, size=4096, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name=\"boot\"\n"
                + "start=6144, size=8192, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=\"config\"\n",
                "sfdisk", "-q", img.toString());
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
            List<PartitionTable.Partition> p = PartitionTable.read(ch);
            assertEquals(2, p.size());
            assertEquals(new PartitionTable.Partition(1, 2048, 4096, "c12a7328-f81f-11d2-ba4b-00a0c93ec93b", "boot"), p.get(0));
            assertEquals(new PartitionTable.Partition(2, 6144, 8192, "0fc63daf-8483-4772-8e79-3d69d8477de4", "config"), p.get(1));
        }
    }

    @Test
    void noTableIsAnError() throws Exception {
        Path img = tmp.resolve("blank.img");
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(1 << 20);
        }
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
            IOException e = assertThrows(IOException.class, () -> PartitionTable.read(ch));
            assertTrue(e.getMessage().startsWith("no partition table"), e.getMessage());
        }
    }
}
