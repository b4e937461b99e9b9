package io.streetgate.uplink.link;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files that hold secrets (the password, the client key): readable by their owner alone, never logged. The
 * uplink and {@code ota campaign run} read the broker password the same way.
 */
public final class OwnerOnlyFiles {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnlyFiles.class);
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private OwnerOnlyFiles() {
    }

    /** Makes the file 0600 if it is more open, saying so (not what it holds). */
    public static void tighten(Path file, String what) throws IOException {
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(now)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
                LOG.warn("The {} file {} was readable by others ({}); it is owner-only now", what, file, now);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    /** The password: the file's first line. */
    public static char[] password(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("the password file " + file + " does not exist");
        }
        tighten(file, "password");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        String line = (end < 0 ? text : text.substring(0, end)).strip();
        if (line.isEmpty()) {
            throw new IOException("the password file " + file + " is empty");
        }
        return line.toCharArray();
    }
}
