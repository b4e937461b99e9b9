package io.streetgate.flash.fat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads and writes files in a FAT12, FAT16 or FAT32 file system inside a disk or image, without mounting it.
 * Enough for a config partition: create folders, create or replace files (long names), read them back.
 *
 * <p>Structures from Microsoft's "FAT32 File System Specification" (fatgen103, version 1.03, 2000):
 * the BPB (BytsPerSec at 11, SecPerClus 13, RsvdSecCnt 14, NumFATs 16, RootEntCnt 17, TotSec16 19, FATSz16 22,
 * TotSec32 32; FAT32: FATSz32 36, ExtFlags 40, RootClus 44, FSInfo 48; volume label at 43 or, on FAT32, 71); the
 * FAT type follows from the count of clusters alone (below 4085 FAT12, below 65525 FAT16, else FAT32); FAT12
 * entries are 12 bits at byte offset N + N/2 (the high 12 bits for odd N); end of chain is at least 0xFF8, 0xFFF8,
 * 0x0FFFFFF8; FAT32 entries keep their top four bits; 32-byte directory entries (name 0, attributes 11, first
 * cluster high 20 and low 26, time 22, date 24, size 28; 0xE5 free, 0x00 free and the end); long-name entries
 * (attribute 0x0F, order at 0 with 0x40 on the last, 13 UCS-2 characters at 1, 14 and 28, the short name's
 * checksum at 13); the FSInfo sector (signatures 0x41615252 at 0, 0x61417272 at 484, free count 488, next free
 * 492). All FAT copies are written unless FAT32 mirroring is off (ExtFlags bit 7).
 * <p>
 * It stays one class because every operation walks the same three structures together (the boot sector's
 * geometry, the FAT's cluster chains and the directory entries with their long names), and a new file changes
 * all three at once; split apart, each piece would need the others' internals.
 */
public final class FatFileSystem {
    /** The FAT variants. */
    public enum Type { FAT12, FAT16, FAT32 }

    static final int ATTR_READ_ONLY = 0x01;
    static final int ATTR_VOLUME_ID = 0x08;
    static final int ATTR_DIRECTORY = 0x10;
    static final int ATTR_ARCHIVE = 0x20;
    static final int ATTR_LONG_NAME = 0x0F;

    private final FileChannel disk;
    private final long base;
    private final Type type;
    private final int bytesPerSector;
    private final int clusterSize;
    private final long fatOffset;
    private final long fatBytes;
    private final int fatCopies;
    private final boolean mirrored;
    private final int activeFat;
    private final long rootOffset;
    private final int rootEntries;
    private final long rootCluster;
    private final long dataOffset;
    private final long clusterCount;
    private final long fsInfoOffset;
    private final String bpbLabel;
    private final ByteBuffer fat;
    private boolean fatDirty;
    private long nextFree = 2;

    private FatFileSystem(FileChannel disk, long base, ByteBuffer bpb, long length) throws IOException {
        this.disk = disk;
        this.base = base;
        bytesPerSector = Short.toUnsignedInt(bpb.getShort(11));
        int secPerClus = bpb.get(13) & 0xFF;
        int reserved = Short.toUnsignedInt(bpb.getShort(14));
        fatCopies = bpb.get(16) & 0xFF;
        rootEntries = Short.toUnsignedInt(bpb.getShort(17));
        long totSec = Short.toUnsignedInt(bpb.getShort(19));
        if (totSec == 0) {
            totSec = Integer.toUnsignedLong(bpb.getInt(32));
        }
        long fatSz = Short.toUnsignedInt(bpb.getShort(22));
        if (fatSz == 0) {
            fatSz = Integer.toUnsignedLong(bpb.getInt(36));
        }
        if (!List.of(512, 1024, 2048, 4096).contains(bytesPerSector) || secPerClus == 0
                || Integer.bitCount(secPerClus) != 1 || fatCopies == 0 || reserved == 0 || fatSz == 0 || totSec == 0) {
            throw new IOException("not a FAT file system (implausible boot sector values)");
        }
        if (totSec * bytesPerSector > length) {
            throw new IOException("FAT file system claims " + totSec * bytesPerSector + " bytes but its partition has "
                    + length);
        }
        long rootSectors = ((long) rootEntries * 32 + bytesPerSector - 1) / bytesPerSector;
        long firstData = reserved + fatCopies * fatSz + rootSectors;
        clusterCount = (totSec - firstData) / secPerClus;
        type = clusterCount < 4085 ? Type.FAT12 : clusterCount < 65525 ? Type.FAT16 : Type.FAT32;
        clusterSize = secPerClus * bytesPerSector;
        fatOffset = (long) reserved * bytesPerSector;
        fatBytes = fatSz * bytesPerSector;
        rootOffset = fatOffset + fatCopies * fatBytes;
        dataOffset = firstData * bytesPerSector;
        if (type == Type.FAT32) {
            int extFlags = Short.toUnsignedInt(bpb.getShort(40));
            mirrored = (extFlags & 0x80) == 0;
            activeFat = mirrored ? 0 : extFlags & 0x0F;
            rootCluster = Integer.toUnsignedLong(bpb.getInt(44)) & 0x0FFFFFFFL;
            int fsInfo = Short.toUnsignedInt(bpb.getShort(48));
            fsInfoOffset = fsInfo == 0 || fsInfo == 0xFFFF ? -1 : (long) fsInfo * bytesPerSector;
            bpbLabel = ascii(bpb, 71, 11);
        } else {
            mirrored = true;
            activeFat = 0;
            rootCluster = 0;
            fsInfoOffset = -1;
            bpbLabel = (bpb.get(38) & 0xFF) == 0x29 ? ascii(bpb, 43, 11) : "";
        }
        long needed = type == Type.FAT12 ? ((clusterCount + 2) * 3 + 1) / 2 : (clusterCount + 2) * (type == Type.FAT16 ? 2 : 4);
        if (needed > fatBytes) {
            throw new IOException("FAT of " + fatBytes + " bytes is too small for " + clusterCount + " clusters");
        }
        if (fatBytes > (64L << 20)) {
            throw new IOException("FAT of " + fatBytes + " bytes is larger than a config partition needs");
        }
        fat = ByteBuffer.allocate((int) fatBytes).order(ByteOrder.LITTLE_ENDIAN);
        read(fatOffset + (long) activeFat * fatBytes, fat);
    }

    /**
     * Opens the FAT file system at {@code offset} of {@code disk} (a partition of {@code length} bytes).
     *
     * @throws IOException when there is no FAT file system there
     */
    public static FatFileSystem open(FileChannel disk, long offset, long length) throws IOException {
        ByteBuffer bpb = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        while (bpb.hasRemaining()) {
            if (disk.read(bpb, offset + bpb.position()) < 0) {
                throw new IOException("disk ends inside the boot sector at " + offset);
            }
        }
        if ((bpb.get(510) & 0xFF) != 0x55 || (bpb.get(511) & 0xFF) != 0xAA) {
            throw new IOException("not a FAT file system (no 0x55AA boot sector signature)");
        }
        return new FatFileSystem(disk, offset, bpb, length);
    }

    public Type type() {
        return type;
    }

    public int clusterSize() {
        return clusterSize;
    }

    /** The volume label: the root directory's label entry (what fatlabel and mlabel change), else the BPB's. */
    public String label() throws IOException {
        for (Entry e : entries(rootDir())) {
            if (e.volumeLabel) {
                return e.shortName.trim();
            }
        }
        return bpbLabel.trim();
    }

    /** Free space in bytes. */
    public long freeBytes() {
        long free = 0;
        for (long c = 2; c < clusterCount + 2; c++) {
            if (get(c) == 0) {
                free++;
            }
        }
        return free * clusterSize;
    }

    /** The names in a folder ("" or "/" for the root), without "." and "..". */
    public List<String> list(String dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (Entry e : entries(resolveDir(dir, false))) {
            if (!e.volumeLabel && !e.name.equals(".") && !e.name.equals("..")) {
                out.add(e.name + (e.isDirectory() ? "/" : ""));
            }
        }
        return out;
    }

    public boolean exists(String path) throws IOException {
        try {
            find(path);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    public byte[] readFile(String path) throws IOException {
        Entry e = find(path);
        if (e.isDirectory()) {
            throw new IOException(path + " is a folder");
        }
        if (e.size > Integer.MAX_VALUE - 16) {
            throw new IOException(path + " is too large to read whole");
        }
        byte[] out = new byte[(int) e.size];
        int done = 0;
        for (long c : chain(e.firstCluster)) {
            if (done >= out.length) {
                break;
            }
            int n = Math.min(clusterSize, out.length - done);
            read(clusterOffset(c), ByteBuffer.wrap(out, done, n));
            done += n;
        }
        if (done < out.length) {
            throw new IOException(path + ": its cluster chain ends before its size (" + out.length + " bytes)");
        }
        return out;
    }

    /** Creates the folder and any missing parents; nothing happens if it exists. */
    public void mkdirs(String path, LocalDateTime time) throws IOException {
        resolveDir(path, true, time);
    }

    /**
     * Writes a file, creating missing folders; an existing file is replaced (its clusters freed first).
     * Call {@link #flush()} afterwards to write the FAT.
     */
    public void writeFile(String path, byte[] content, LocalDateTime time) throws IOException {
        String[] parts = split(path);
        if (parts.length == 0) {
            throw new IOException("no file name in \"" + path + "\"");
        }
        Dir dir = resolveDir(String.join("/", java.util.Arrays.copyOf(parts, parts.length - 1)), true, time);
        String name = parts[parts.length - 1];
        Entry existing = lookup(dir, name);
        if (existing != null && existing.isDirectory()) {
            throw new FileAlreadyExistsException(path + " is a folder");
        }
        long needed = (content.length + (long) clusterSize - 1) / clusterSize;
        if (existing != null) {
            free(existing.firstCluster);
        }
        if (needed * clusterSize > freeBytes()) {
            throw new IOException("no room for " + path + " (" + content.length + " bytes): the partition has "
                    + freeBytes() + " bytes free");
        }
        long first = needed == 0 ? 0 : allocate(needed);
        int done = 0;
        for (long c : chain(first)) {
            int n = Math.min(clusterSize, content.length - done);
            ByteBuffer b = ByteBuffer.allocate(clusterSize);
            b.put(content, done, n).clear();
            write(clusterOffset(c), b);
            done += n;
        }
        if (existing != null) {
            ByteBuffer raw = dir.bytes;
            int at = existing.index * 32;
            setCluster(raw, at, first);
            stamp(raw, at, time, false);
            raw.putInt(at + 28, content.length);
            writeDirEntries(dir, existing.index, 1);
        } else {
            try {
                addEntry(dir, name, ATTR_ARCHIVE, first, content.length, time);
            } catch (IOException e) {
                free(first); // no entry points at the data: give its clusters back
                throw e;
            }
        }
    }

    /** Writes the FAT copies and the FSInfo free count. */
    public void flush() throws IOException {
        if (!fatDirty) {
            return;
        }
        for (int i = 0; i < fatCopies; i++) {
            if (mirrored || i == activeFat) {
                write(fatOffset + i * fatBytes, fat.duplicate().clear());
            }
        }
        if (fsInfoOffset >= 0) {
            ByteBuffer info = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
            read(fsInfoOffset, info);
            if (info.getInt(0) == 0x41615252 && info.getInt(484) == 0x61417272) {
                info.putInt(488, (int) (freeBytes() / clusterSize));
                info.putInt(492, (int) nextFree);
                write(fsInfoOffset, info.clear());
            }
        }
        fatDirty = false;
    }

    // ---- directories

    /** A folder's raw entries: the fixed FAT12/16 root (cluster 0) or a cluster chain. */
    private static final class Dir {
        final long cluster;
        ByteBuffer bytes;
        List<Long> clusters;

        Dir(long cluster) {
            this.cluster = cluster;
        }
    }

    /** A parsed entry: {@code index} of its short entry, {@code lfnStart} of its first long-name entry. */
    private record Entry(String name, String shortName, int attr, long firstCluster, long size, int index,
                         int lfnStart, boolean volumeLabel) {
        boolean isDirectory() {
            return (attr & ATTR_DIRECTORY) != 0;
        }
    }

    private Dir rootDir() throws IOException {
        Dir d = new Dir(type == Type.FAT32 ? rootCluster : 0);
        if (type == Type.FAT32) {
            loadChain(d);
        } else {
            d.bytes = ByteBuffer.allocate(rootEntries * 32).order(ByteOrder.LITTLE_ENDIAN);
            read(rootOffset, d.bytes);
            d.bytes.clear();
        }
        return d;
    }

    private Dir dir(long cluster) throws IOException {
        if (cluster == 0 || (type == Type.FAT32 && cluster == rootCluster)) {
            return rootDir();
        }
        Dir d = new Dir(cluster);
        loadChain(d);
        return d;
    }

    private void loadChain(Dir d) throws IOException {
        d.clusters = chain(d.cluster);
        d.bytes = ByteBuffer.allocate(d.clusters.size() * clusterSize).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < d.clusters.size(); i++) {
            read(clusterOffset(d.clusters.get(i)), d.bytes.slice(i * clusterSize, clusterSize));
        }
    }

    private boolean isRoot(Dir d) {
        return d.cluster == 0 || (type == Type.FAT32 && d.cluster == rootCluster);
    }

    private List<Entry> entries(Dir d) {
        List<Entry> out = new ArrayList<>();
        ByteBuffer b = d.bytes;
        StringBuilder lfn = null;
        int lfnStart = -1;
        int lfnSum = -1;
        int n = b.capacity() / 32;
        for (int i = 0; i < n; i++) {
            int at = i * 32;
            int first = b.get(at) & 0xFF;
            if (first == 0x00) {
                break;
            }
            if (first == 0xE5) {
                lfn = null;
                continue;
            }
            int attr = b.get(at + 11) & 0xFF;
            if ((attr & 0x3F) == ATTR_LONG_NAME) {
                if ((first & 0x40) != 0) {
                    lfn = new StringBuilder();
                    lfnStart = i;
                    lfnSum = b.get(at + 13) & 0xFF;
                }
                if (lfn != null) {
                    lfn.insert(0, lfnChars(b, at));
                }
                continue;
            }
            byte[] raw = new byte[11];
            b.get(at, raw);
            if (raw[0] == 0x05) {
                raw[0] = (byte) 0xE5;
            }
            String shortName = new String(raw, StandardCharsets.ISO_8859_1);
            boolean label = (attr & ATTR_VOLUME_ID) != 0 && (attr & ATTR_DIRECTORY) == 0;
            String name;
            int start = i;
            if (lfn != null && lfnSum == checksum(b, at)) {
                name = lfn.toString();
                start = lfnStart;
            } else {
                name = displayShort(raw, b.get(at + 12) & 0xFF);
            }
            long cluster = Short.toUnsignedInt(b.getShort(at + 26));
            if (type == Type.FAT32) {
                cluster |= (long) Short.toUnsignedInt(b.getShort(at + 20)) << 16;
            }
            out.add(new Entry(name, shortName, attr, cluster, Integer.toUnsignedLong(b.getInt(at + 28)), i, start, label));
            lfn = null;
        }
        return out;
    }

    private static String lfnChars(ByteBuffer b, int at) {
        StringBuilder s = new StringBuilder();
        int[] offsets = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
        for (int o : offsets) {
            char c = b.getChar(at + o);
            if (c == 0) {
                break;
            }
            s.append(c);
        }
        return s.toString();
    }

    /** The 8.3 name as Linux shows it: NTRes bit 3 lower-cases the base, bit 4 the extension. */
    private static String displayShort(byte[] raw, int ntRes) {
        String base = new String(raw, 0, 8, StandardCharsets.ISO_8859_1).stripTrailing();
        String ext = new String(raw, 8, 3, StandardCharsets.ISO_8859_1).stripTrailing();
        if ((ntRes & 0x08) != 0) {
            base = base.toLowerCase(Locale.ROOT);
        }
        if ((ntRes & 0x10) != 0) {
            ext = ext.toLowerCase(Locale.ROOT);
        }
        return ext.isEmpty() ? base : base + "." + ext;
    }

    private Entry lookup(Dir d, String name) {
        for (Entry e : entries(d)) {
            if (!e.volumeLabel && (e.name.equalsIgnoreCase(name) || displayShort(e.shortName.getBytes(StandardCharsets.ISO_8859_1), 0).equalsIgnoreCase(name))) {
                return e;
            }
        }
        return null;
    }

    private Entry find(String path) throws IOException {
        String[] parts = split(path);
        Dir d = rootDir();
        Entry e = null;
        for (int i = 0; i < parts.length; i++) {
            e = lookup(d, parts[i]);
            if (e == null) {
                throw new NoSuchFileException(path);
            }
            if (i < parts.length - 1) {
                if (!e.isDirectory()) {
                    throw new NoSuchFileException(path + " (" + parts[i] + " is not a folder)");
                }
                d = dir(e.firstCluster);
            }
        }
        if (e == null) {
            throw new NoSuchFileException(path);
        }
        return e;
    }

    private Dir resolveDir(String path, boolean create) throws IOException {
        return resolveDir(path, create, LocalDateTime.of(1980, 1, 1, 0, 0));
    }

    private Dir resolveDir(String path, boolean create, LocalDateTime time) throws IOException {
        Dir d = rootDir();
        for (String part : split(path)) {
            Entry e = lookup(d, part);
            if (e == null) {
                if (!create) {
                    throw new NoSuchFileException(path);
                }
                e = makeDir(d, part, time);
            } else if (!e.isDirectory()) {
                throw new IOException(part + " in " + path + " is a file, not a folder");
            }
            d = dir(e.firstCluster);
        }
        return d;
    }

    private Entry makeDir(Dir parent, String name, LocalDateTime time) throws IOException {
        long c = allocate(1);
        ByteBuffer b = ByteBuffer.allocate(clusterSize).order(ByteOrder.LITTLE_ENDIAN);
        putShortEntry(b, 0, ".          ".getBytes(StandardCharsets.US_ASCII), ATTR_DIRECTORY, c, 0, time);
        // ".." names the parent's first cluster, 0 when the parent is the root (also on FAT32: fatgen103 p. 25)
        long up = isRoot(parent) ? 0 : parent.cluster;
        putShortEntry(b, 32, "..         ".getBytes(StandardCharsets.US_ASCII), ATTR_DIRECTORY, up, 0, time);
        write(clusterOffset(c), b.clear());
        try {
            addEntry(parent, name, ATTR_DIRECTORY, c, 0, time);
        } catch (IOException e) {
            free(c);
            throw e;
        }
        return lookup(parent, name);
    }

    /** Adds a file or folder entry with a long name (and a generated short name) in the first free slots. */
    private void addEntry(Dir d, String name, int attr, long cluster, long size, LocalDateTime time) throws IOException {
        validateName(name);
        byte[] shortName = shortName(d, name);
        boolean needsLfn = !displayShort(shortName, 0).equals(name);
        int lfnCount = needsLfn ? (name.length() + 12) / 13 : 0;
        int slots = lfnCount + 1;
        int at = freeRun(d, slots);
        ByteBuffer b = d.bytes;
        int sum = checksum(shortName);
        for (int k = 0; k < lfnCount; k++) {
            int order = lfnCount - k; // entries are stored last part first
            int e = (at + k) * 32;
            b.put(e, (byte) (order | (k == 0 ? 0x40 : 0)));
            b.put(e + 11, (byte) ATTR_LONG_NAME);
            b.put(e + 12, (byte) 0);
            b.put(e + 13, (byte) sum);
            b.putShort(e + 26, (short) 0);
            int[] offsets = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
            for (int j = 0; j < 13; j++) {
                int idx = (order - 1) * 13 + j;
                char c = idx < name.length() ? name.charAt(idx) : idx == name.length() ? 0 : (char) 0xFFFF;
                b.putChar(e + offsets[j], c);
            }
        }
        putShortEntry(b, (at + lfnCount) * 32, shortName, attr, cluster, size, time);
        writeDirEntries(d, at, slots);
    }

    /** Index of the first run of {@code slots} free entries, growing a cluster-chain folder if needed. */
    private int freeRun(Dir d, int slots) throws IOException {
        int n = d.bytes.capacity() / 32;
        int run = 0;
        for (int i = 0; i < n; i++) {
            int first = d.bytes.get(i * 32) & 0xFF;
            if (first == 0x00 || first == 0xE5) {
                if (++run == slots) {
                    return i - slots + 1;
                }
            } else {
                run = 0;
            }
        }
        if (d.clusters == null) {
            throw new IOException("the root folder is full (" + rootEntries + " entries)");
        }
        long c = allocate(1);
        set(d.clusters.get(d.clusters.size() - 1), c);
        write(clusterOffset(c), ByteBuffer.allocate(clusterSize));
        d.clusters.add(c);
        ByteBuffer grown = ByteBuffer.allocate(d.bytes.capacity() + clusterSize).order(ByteOrder.LITTLE_ENDIAN);
        grown.put(d.bytes.clear()).clear();
        d.bytes = grown;
        return freeRun(d, slots);
    }

    private void writeDirEntries(Dir d, int index, int count) throws IOException {
        for (int i = index; i < index + count; i++) {
            ByteBuffer one = d.bytes.slice(i * 32, 32);
            long pos;
            if (d.clusters == null) {
                pos = rootOffset + i * 32L;
            } else {
                int per = clusterSize / 32;
                pos = clusterOffset(d.clusters.get(i / per)) + (long) (i % per) * 32;
            }
            write(pos, one);
        }
    }

    private void putShortEntry(ByteBuffer b, int at, byte[] name, int attr, long cluster, long size, LocalDateTime t) {
        for (int i = 0; i < 32; i++) {
            b.put(at + i, (byte) 0);
        }
        b.put(at, name);
        b.put(at + 11, (byte) attr);
        setCluster(b, at, cluster);
        stamp(b, at, t, true);
        b.putInt(at + 28, (int) size);
    }

    private void setCluster(ByteBuffer b, int at, long cluster) {
        b.putShort(at + 26, (short) cluster);
        b.putShort(at + 20, type == Type.FAT32 ? (short) (cluster >>> 16) : 0);
    }

    /** FAT dates: day 0-4, month 5-8, years since 1980 9-15; times: seconds/2 0-4, minutes 5-10, hours 11-15. */
    private static void stamp(ByteBuffer b, int at, LocalDateTime t, boolean created) {
        int year = Math.max(0, Math.min(127, t.getYear() - 1980));
        short date = (short) ((year << 9) | (t.getMonthValue() << 5) | t.getDayOfMonth());
        short time = (short) ((t.getHour() << 11) | (t.getMinute() << 5) | (t.getSecond() / 2));
        if (created) {
            b.put(at + 13, (byte) ((t.getSecond() % 2) * 100));
            b.putShort(at + 14, time);
            b.putShort(at + 16, date);
        }
        b.putShort(at + 18, date);
        b.putShort(at + 22, time);
        b.putShort(at + 24, date);
    }

    /** fatgen103: the short name's checksum, rotating right by one and adding each of its 11 bytes. */
    static int checksum(byte[] shortName) {
        int sum = 0;
        for (int i = 0; i < 11; i++) {
            sum = (((sum & 1) << 7) + ((sum & 0xFF) >> 1) + (shortName[i] & 0xFF)) & 0xFF;
        }
        return sum;
    }

    private static int checksum(ByteBuffer b, int at) {
        byte[] raw = new byte[11];
        b.get(at, raw);
        return checksum(raw);
    }

    private static final String SHORT_OK = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789$%'-_@~`!(){}^#&";

    /**
     * The 8.3 name of a new entry: the name itself when it is a valid upper-case 8.3 name, else a basis of up to
     * six valid characters with a numeric tail "~N" unique in the folder (fatgen103's basis-name idea; Linux and
     * Windows show the long name).
     */
    private byte[] shortName(Dir d, String name) throws IOException {
        Set<String> taken = new HashSet<>();
        for (Entry e : entries(d)) {
            taken.add(e.shortName);
        }
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot + 1) : "";
        if (base.length() <= 8 && ext.length() <= 3 && valid83(base) && valid83(ext) && !base.isEmpty()) {
            String exact = pad(base, 8) + pad(ext, 3);
            if (!taken.contains(exact)) {
                return exact.getBytes(StandardCharsets.ISO_8859_1);
            }
        }
        String b = clean(base);
        String x = clean(ext);
        if (x.length() > 3) {
            x = x.substring(0, 3);
        }
        if (b.isEmpty()) {
            b = "FILE";
        }
        for (int n = 1; n < 1_000_000; n++) {
            String tail = "~" + n;
            String candidate = pad(b.substring(0, Math.min(b.length(), 8 - tail.length())) + tail, 8) + pad(x, 3);
            if (!taken.contains(candidate)) {
                return candidate.getBytes(StandardCharsets.ISO_8859_1);
            }
        }
        throw new IOException("no free short name for " + name);
    }

    private static boolean valid83(String s) {
        for (char c : s.toCharArray()) {
            if (SHORT_OK.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String clean(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == ' ' || c == '.') {
                continue;
            }
            out.append(SHORT_OK.indexOf(c) >= 0 ? c : '_');
        }
        return out.toString();
    }

    private static String pad(String s, int n) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < n) {
            b.append(' ');
        }
        return b.toString();
    }

    /** Long names: up to 255 characters, none of the characters fatgen103 forbids. */
    private static void validateName(String name) throws IOException {
        if (name.isEmpty() || name.length() > 255 || name.equals(".") || name.equals("..")) {
            throw new IOException("\"" + name + "\" is not a valid FAT file name");
        }
        for (char c : name.toCharArray()) {
            if (c < 0x20 || "\"*/:<>?\\|".indexOf(c) >= 0) {
                throw new IOException("\"" + name + "\" is not a valid FAT file name (character '" + c + "')");
            }
        }
    }

    private static String[] split(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    // ---- the FAT

    long get(long n) {
        return switch (type) {
            case FAT12 -> {
                int at = (int) (n + n / 2);
                int v = Short.toUnsignedInt(fat.getShort(at));
                yield (n & 1) == 1 ? v >>> 4 : v & 0x0FFF;
            }
            case FAT16 -> Short.toUnsignedInt(fat.getShort((int) (n * 2)));
            case FAT32 -> Integer.toUnsignedLong(fat.getInt((int) (n * 4))) & 0x0FFFFFFFL;
        };
    }

    void set(long n, long value) {
        switch (type) {
            case FAT12 -> {
                int at = (int) (n + n / 2);
                int v = Short.toUnsignedInt(fat.getShort(at));
                v = (n & 1) == 1 ? (v & 0x000F) | ((int) value << 4) : (v & 0xF000) | ((int) value & 0x0FFF);
                fat.putShort(at, (short) v);
            }
            case FAT16 -> fat.putShort((int) (n * 2), (short) value);
            case FAT32 -> {
                int old = fat.getInt((int) (n * 4));
                fat.putInt((int) (n * 4), (old & 0xF0000000) | ((int) value & 0x0FFFFFFF));
            }
        }
        fatDirty = true;
    }

    private long endOfChain() {
        return switch (type) {
            case FAT12 -> 0xFFF;
            case FAT16 -> 0xFFFF;
            case FAT32 -> 0x0FFFFFFF;
        };
    }

    private boolean isEnd(long v) {
        return switch (type) {
            case FAT12 -> v >= 0xFF8;
            case FAT16 -> v >= 0xFFF8;
            case FAT32 -> v >= 0x0FFFFFF8L;
        };
    }

    private List<Long> chain(long first) throws IOException {
        List<Long> out = new ArrayList<>();
        long c = first;
        while (c >= 2 && !isEnd(c)) {
            if (c >= clusterCount + 2 || out.size() > clusterCount) {
                throw new IOException("broken cluster chain at cluster " + c + " (run fsck.fat on the partition)");
            }
            out.add(c);
            c = get(c);
        }
        return out;
    }

    /** Allocates {@code count} clusters as one chain, preferring consecutive ones; returns the first. */
    private long allocate(long count) throws IOException {
        long first = 0;
        long prev = 0;
        long c = nextFree;
        for (long got = 0, scanned = 0; got < count; scanned++) {
            if (scanned > clusterCount) {
                throw new IOException("the FAT file system is full");
            }
            if (c >= clusterCount + 2) {
                c = 2;
            }
            if (get(c) == 0) {
                set(c, endOfChain());
                if (prev != 0) {
                    set(prev, c);
                } else {
                    first = c;
                }
                prev = c;
                got++;
            }
            c++;
        }
        nextFree = c >= clusterCount + 2 ? 2 : c;
        return first;
    }

    private void free(long first) throws IOException {
        for (long c : chain(first)) {
            set(c, 0);
        }
    }

    private long clusterOffset(long cluster) {
        return dataOffset + (cluster - 2) * clusterSize;
    }

    // ---- I/O relative to the partition

    private void read(long pos, ByteBuffer b) throws IOException {
        int start = b.position();
        while (b.hasRemaining()) {
            if (disk.read(b, base + pos + b.position() - start) < 0) {
                throw new IOException("partition ends at " + (pos + b.position() - start));
            }
        }
    }

    private void write(long pos, ByteBuffer b) throws IOException {
        int start = b.position();
        while (b.hasRemaining()) {
            disk.write(b, base + pos + b.position() - start);
        }
    }

    private static String ascii(ByteBuffer b, int at, int len) {
        byte[] raw = new byte[len];
        b.get(at, raw);
        return new String(raw, StandardCharsets.ISO_8859_1);
    }
}
