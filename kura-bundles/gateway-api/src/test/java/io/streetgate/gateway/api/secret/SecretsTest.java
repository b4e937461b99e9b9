package io.streetgate.gateway.api.secret;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SecretsTest {

    @TempDir
    Path dir;

    @Test
    void anOwnerOnlyFileIs0600() throws Exception {
        Path file = dir.resolve("a/key");
        Secrets.writeOwnerOnly(file, "secret\n");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("secret\n", Files.readString(file));
    }

    @Test
    void aGroupReadableFileIs0640AndReplacesAWiderOne() throws Exception {
        Path file = dir.resolve("shared");
        Files.writeString(file, "old\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        Secrets.writeGroupReadable(file, "secret\n");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("secret\n", Files.readString(file));
    }
}
