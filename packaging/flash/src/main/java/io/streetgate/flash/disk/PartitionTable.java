package io.streetgate.flash.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Reads a disk's partition table: MBR primary partitions, logical partitions in an extended partition's chain
 * of extended boot records, or GPT. Sources: the MBR layout (partition entries of 16 bytes at offset 446: status,
 * CHS, type at +4, first LBA at +8, sector count at +12, little-endian; signature 0x55 0xAA at 510), EBR chains
 * (each EBR's first entry is a logical partition relative to that EBR, its second entry the next EBR relative to
 * the extended partition's start; types 0x05, 0x0F, 0x85), and the UEFI specification 2.10 section 5.3 for GPT
 * (header "EFI PART" at LBA 1, header CRC32 at +16 over HeaderSize bytes with the field zeroed, entries' LBA at
 * +72, count at +80, size at +84; entries: type GUID, unique GUID, first LBA +32, last LBA +40, name UTF-16LE +56).
 * Sectors are 512 bytes, as in image files.
 */
public final class PartitionTable {
    public static final int SECTOR = 512;

    private PartitionTable() {
    }

    /**
     * One partition.
     *
     * @param number Linux's number (sdb1...): MBR primaries 1-4 by slot, logicals from 5; GPT by entry
     * @param type   the MBR type byte ("0x0c") or the GPT type GUID
     * @param name   the GPT partition name ("" on MBR)
     */
    public record Partition(int number, long firstLba, long sectors, String type, String name) {
        public long offset() {
            return firstLba * SECTOR;
        }

        public long length() {
            return sectors * SECTOR;
        }
    }

    public static List<Partition> read(FileChannel disk) throws IOException {
        ByteBuffer mbr = sector(disk, 0);
        if ((mbr.get(510) & 0xFF) != 0x55 || (mbr.get(511) & 0xFF) != 0xAA) {
            throw new IOException("no partition table (no 0x55AA signature in the first sector)");
        }
        List<Partition> out = new ArrayList<>();
        for (int slot = 0; slot < 4; slot++) {
            int e = 446 + 16 * slot;
            int type = mbr.get(e + 4) & 0xFF;
            if (type == 0xEE) {
                return gpt(disk);
            }
            long first = Integer.toUnsignedLong(mbr.getInt(e + 8));
            long count = Integer.toUnsignedLong(mbr.getInt(e + 12));
            if (type == 0 || count == 0) {
                continue;
            }
            out.add(new Partition(slot + 1, first, count, hex(type), ""));
            if (type == 0x05 || type == 0x0F || type == 0x85) {
                logicals(disk, first, out);
            }
        }
        return out;
    }

    private static void logicals(FileChannel disk, long extendedStart, List<Partition> out) throws IOException {
        long ebr = extendedStart;
        int number = 5;
        for (int guard = 0; guard < 128; guard++) {
            ByteBuffer b = sector(disk, ebr);
            if ((b.get(510) & 0xFF) != 0x55 || (b.get(511) & 0xFF) != 0xAA) {
                throw new IOException("extended boot record at sector " + ebr + " has no 0x55AA signature");
            }
            int type = b.get(446 + 4) & 0xFF;
            long first = Integer.toUnsignedLong(b.getInt(446 + 8));
            long count = Integer.toUnsignedLong(b.getInt(446 + 12));
            if (type != 0 && count != 0) {
                out.add(new Partition(number++, ebr + first, count, hex(type), ""));
            }
            long next = Integer.toUnsignedLong(b.getInt(446 + 16 + 8));
            if ((b.get(446 + 16 + 4) & 0xFF) == 0 || next == 0) {
                return;
            }
            ebr = extendedStart + next;
        }
        throw new IOException("the chain of extended boot records does not end (a loop?)");
    }

    private static List<Partition> gpt(FileChannel disk) throws IOException {
        ByteBuffer h = sector(disk, 1);
        byte[] sig = new byte[8];
        h.get(0, sig);
        if (!"EFI PART".equals(new String(sig, java.nio.charset.StandardCharsets.US_ASCII))) {
            throw new IOException("protective MBR but no GPT header at LBA 1");
        }
        int headerSize = h.getInt(12);
        if (headerSize < 92 || headerSize > SECTOR) {
            throw new IOException("GPT header size " + headerSize + " is not valid");
        }
        byte[] header = new byte[headerSize];
        h.get(0, header);
        for (int i = 16; i < 20; i++) {
            header[i] = 0;
        }
        CRC32 crc = new CRC32();
        crc.update(header);
        if ((int) crc.getValue() != h.getInt(16)) {
            throw new IOException("GPT header CRC32 does not match (damaged header)");
        }
        long entriesLba = h.getLong(72);
        int count = h.getInt(80);
        int size = h.getInt(84);
        if (count <= 0 || count > 1024 || size < 128 || size > 1024) {
            throw new IOException("GPT lists " + count + " entries of " + size + " bytes: not plausible");
        }
        ByteBuffer entries = ByteBuffer.allocate(count * size).order(ByteOrder.LITTLE_ENDIAN);
        long pos = entriesLba * SECTOR;
        while (entries.hasRemaining()) {
            if (disk.read(entries, pos + entries.position()) < 0) {
                throw new IOException("disk ends inside the GPT entries");
            }
        }
        List<Partition> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int e = i * size;
            String type = guid(entries, e);
            if (type.equals("00000000-0000-0000-0000-000000000000")) {
                continue;
            }
            long first = entries.getLong(e + 32);
            long last = entries.getLong(e + 40);
            StringBuilder name = new StringBuilder();
            for (int c = 0; c < 36; c++) {
                char ch = entries.getChar(e + 56 + 2 * c);
                if (ch == 0) {
                    break;
                }
                name.append(ch);
            }
            out.add(new Partition(i + 1, first, last - first + 1, type, name.toString()));
        }
        return out;
    }

    /** GUIDs are stored with their first three fields little-endian, the rest as bytes (UEFI spec appendix A). */
    private static String guid(ByteBuffer b, int at) {
        return String.format(Locale.ROOT, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                b.getInt(at), b.getShort(at + 4), b.getShort(at + 6),
                b.get(at + 8), b.get(at + 9), b.get(at + 10), b.get(at + 11), b.get(at + 12), b.get(at + 13),
                b.get(at + 14), b.get(at + 15));
    }

    private static String hex(int type) {
        return String.format(Locale.ROOT, "0x%02x", type);
    }

    private static ByteBuffer sector(FileChannel disk, long lba) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (disk.read(b, lba * SECTOR + b.position()) < 0) {
                throw new IOException("disk ends before sector " + lba);
            }
        }
        return b;
    }
}
