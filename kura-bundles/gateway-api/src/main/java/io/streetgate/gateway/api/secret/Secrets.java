package io.streetgate.gateway.api.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * Secrets in files only the service can read: created 0600 (0640 for one shared with the service's group), never
 * logged.
 */
public final class Secrets {

    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> GROUP_READABLE = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ);

    private Secrets() {
    }

    /** A random token from the file, creating the file (0600, 256 random bits) when it does not exist. */
    public static String readOrCreateToken(Path file) throws IOException {
        if (Files.exists(file)) {
            tighten(file);
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        writeOwnerOnly(file, token + "\n");
        return token;
    }

    /** Writes a file that only its owner can read; the permissions are set before any byte is written. */
    public static void writeOwnerOnly(Path file, String content) throws IOException {
        write(file, content, OWNER_ONLY);
    }

    /**
     * Writes a file that its owner and its group can read (0640), for a secret meant to be shared with the members
     * of the service's group; the permissions are set before any byte is written.
     */
    public static void writeGroupReadable(Path file, String content) throws IOException {
        write(file, content, GROUP_READABLE);
    }

    private static void write(Path file, String content, Set<PosixFilePermission> permissions) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(permissions));
            // set again: the creation mode passes through the umask, which may take the group's read away
            Files.setPosixFilePermissions(tmp, permissions);
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void tighten(Path file) throws IOException {
        try {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to tighten
        }
    }
}
