package io.streetgate.ota.tuf;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that are either the old content or the new one after a power cut, never a mix: write a temporary
 * file beside the target, fsync it, rename it over the target (atomic on POSIX file systems), fsync the
 * directory so the rename itself is durable.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Owner read-write, everyone read: files a web server running as another user must serve. */
    public static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    /** Writes {@code target} owner-only (0600, as a temporary file is made), the safe default for state files. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, null);
    }

    /** Writes {@code target} with {@code permissions} set before it appears under its name (null: 0600). */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, content);
            if (permissions != null) {
                Files.setPosixFilePermissions(tmp, permissions);
            }
            forceAndMove(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** fsyncs {@code tmp}, renames it to {@code target} atomically and fsyncs the directory. */
    public static void forceAndMove(Path tmp, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + target + " cannot rename atomically; keep OTA state on"
                    + " a POSIX file system (ext4, f2fs)", e);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open a directory for sync; the rename is still atomic there.
        }
    }
}
