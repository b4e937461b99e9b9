package io.streetgate.flash;

import io.streetgate.flash.disk.PartitionTable;
import io.streetgate.flash.fat.FatFileSystem;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Finds the config partition on a written card (the FAT partition whose volume label is the given one, SGCONFIG
 * in the node image) and writes or checks a node's files in it.
 */
final class ConfigPartition {
    private ConfigPartition() {
    }

    static FatFileSystem find(FileChannel disk, String label) throws IOException {
        List<PartitionTable.Partition> parts = PartitionTable.read(disk);
        List<String> seen = new ArrayList<>();
        for (PartitionTable.Partition p : parts) {
            try {
                FatFileSystem fs = FatFileSystem.open(disk, p.offset(), p.length());
                String l = fs.label();
                if (l.equalsIgnoreCase(label)) {
                    return fs;
                }
                seen.add(p.number() + ": " + fs.type() + " \"" + l + "\"");
            } catch (IOException notFat) {
                seen.add(p.number() + ": type " + p.type() + " (not FAT)");
            }
        }
        throw new IOException("no FAT partition labelled " + label + " for the node's config (partitions: "
                + String.join("; ", seen) + "); is this a streetgate node image? (--config-label names another label)");
    }

    static void write(FileChannel disk, String label, Map<String, byte[]> files, LocalDateTime time) throws IOException {
        FatFileSystem fs = find(disk, label);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            fs.writeFile(f.getKey(), f.getValue(), time);
        }
        fs.flush();
    }

    /** The files that do not read back as written (empty when all do). */
    static List<String> check(FileChannel disk, String label, Map<String, byte[]> files) throws IOException {
        FatFileSystem fs = find(disk, label);
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (!fs.exists(f.getKey())) {
                bad.add(f.getKey() + " is missing");
            } else if (!Arrays.equals(fs.readFile(f.getKey()), f.getValue())) {
                bad.add(f.getKey() + " reads back different");
            }
        }
        return bad;
    }
}
