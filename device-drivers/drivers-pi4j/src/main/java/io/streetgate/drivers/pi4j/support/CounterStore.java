package io.streetgate.drivers.pi4j.support;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * A counter that survives restarts and power loss: one small file per device in a state directory, replaced
 * atomically. A save writes a temporary file, forces it to the disk, renames it over the old one (atomic on
 * the same file system) and forces the directory, so that after a power cut the file holds either the old or
 * the new count, never a torn one. The content carries a CRC-32 so that a file damaged some other way (a
 * failing SD card) is noticed rather than read as a wrong count.
 */
public final class CounterStore {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern CONTENT = Pattern.compile("streetgate-counter 1\ncount=(\\d{1,19})\ncrc32=([0-9a-f]{8})\n");

    private final Path file;
    private final Path temporary;

    private CounterStore(Path file) {
        this.file = file;
        this.temporary = file.resolveSibling(file.getFileName() + ".tmp");
    }

    /**
     * The store of a device's counter in a directory (created if needed).
     *
     * @throws DriverException CONFIGURATION when the id cannot be a file name or the directory cannot be made
     */
    public static CounterStore of(Path directory, String deviceId) throws DriverException {
        if (!SAFE_ID.matcher(deviceId).matches()) {
            throw new DriverException(DriverFault.CONFIGURATION, "device '" + deviceId + "': its id cannot name a state "
                    + "file; use letters, digits, '.', '_' and '-'");
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new DriverException(DriverFault.CONFIGURATION, "state directory " + directory + " cannot be created: "
                    + e.getMessage(), e);
        }
        return new CounterStore(directory.resolve(deviceId + ".count"));
    }

    public Path file() {
        return file;
    }

    /**
     * The saved count, or 0 when nothing was saved yet.
     *
     * @throws DriverException IMPLAUSIBLE when the file is damaged (it is left for a person to look at)
     */
    public long load() throws DriverException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new DriverException(DriverFault.IMPLAUSIBLE, file + " cannot be read: " + e.getMessage(), e);
        }
        Matcher m = CONTENT.matcher(text);
        if (!m.matches() || !crc(m.group(1)).equals(m.group(2))) {
            throw new DriverException(DriverFault.IMPLAUSIBLE, file + " is damaged, so the count it kept is unknown: "
                    + "compare the meter's dial, then replace the file's count (or delete it to count from 0)");
        }
        return Long.parseLong(m.group(1));
    }

    /** Saves a count: temporary file, fsync, atomic rename, fsync of the directory. */
    public void save(long count) throws DriverException {
        String number = Long.toString(count);
        byte[] content = ("streetgate-counter 1\ncount=" + number + "\ncrc32=" + crc(number) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the state directory's file system cannot rename atomically", e);
            }
            forceDirectory(file.getParent());
        } catch (IOException e) {
            throw new DriverException(DriverFault.BUS, "cannot save the count to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Makes the rename itself durable (POSIX: fsync of the directory). */
    private static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // some file systems cannot open a directory for fsync; the rename is still atomic
        }
    }

    private static String crc(String number) {
        CRC32 crc = new CRC32();
        crc.update(number.getBytes(StandardCharsets.US_ASCII));
        return String.format("%08x", crc.getValue());
    }
}
