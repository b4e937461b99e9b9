package io.streetgate.deb;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checksummed tar.gz: it verifies, it unpacks to a gateway that runs, and it is reproducible. */
class DistributionArchiveIT {

    private static final Path ARCHIVE = Path.of(System.getProperty("streetgate.archive"));
    private static final Path DIST = Path.of(System.getProperty("streetgate.dist"));

    @Test
    void sha256sumAcceptsTheChecksumFile() throws Exception {
        Command check = Command.run(ARCHIVE.getParent(), "sha256sum", "-c", ARCHIVE.getFileName() + ".sha256").ok();
        assertEquals(ARCHIVE.getFileName() + ": OK", check.output().strip());
    }

    @Test
    void unpacksToARunnableGateway(@TempDir Path dir) throws Exception {
        Command.run(dir, "tar", "-xzf", ARCHIVE.toString()).ok();
        Path home = dir.resolve(DIST.getFileName());
        Path launcher = home.resolve("bin/streetgate");
        assertTrue(Files.isExecutable(launcher), "bin/streetgate keeps its executable bit");
        Command validate = Command.run(dir, launcher.toString(), "config", "validate",
                home.resolve("conf/simulated-street.yaml").toString());
        assertEquals(0, validate.exitCode(), validate.output());
    }

    @Test
    void entriesAreSortedOwnedByRootAndStampedOnce() throws Exception {
        List<String> names = new ArrayList<>();
        Set<Instant> times = new HashSet<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(ARCHIVE));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName());
                times.add(e.getModTime().toInstant());
                assertEquals(0, e.getLongUserId(), e.getName());
                assertEquals(0, e.getLongGroupId(), e.getName());
                int mode = e.getMode() & 0777;
                assertTrue(mode == 0755 || mode == 0644, e.getName() + " mode " + Integer.toOctalString(mode));
            }
        }
        assertEquals(names.stream().map(n -> n.endsWith("/") ? n.substring(0, n.length() - 1) : n).sorted().toList(),
                names.stream().map(n -> n.endsWith("/") ? n.substring(0, n.length() - 1) : n).toList());
        assertEquals(1, times.size(), "one time stamp: " + times);
        assertTrue(names.contains(DIST.getFileName() + "/bin/streetgate"), names.toString());
    }

    @Test
    void theBytesDependOnTheFilesContentsOnly(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("streetgate-1.0");
        Files.createDirectories(folder.resolve("bin"));
        Files.writeString(folder.resolve("bin/streetgate"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(folder.resolve("bin/streetgate"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(folder.resolve("b.txt"), "b");
        Files.writeString(folder.resolve("a.txt"), "a");
        Instant time = Instant.parse("2025-06-01T00:00:00Z");
        Path first = dir.resolve("first.tar.gz");
        DistributionArchive.write(folder, first, time);
        // other file times and a group-writable mode, as another checkout and umask would give
        Files.setLastModifiedTime(folder.resolve("a.txt"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        Files.setPosixFilePermissions(folder.resolve("b.txt"), PosixFilePermissions.fromString("rw-rw-r--"));
        Path second = dir.resolve("second.tar.gz");
        DistributionArchive.write(folder, second, time);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }
}
