package io.streetgate.deb;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Packs the distribution folder as {@code streetgate-<version>.tar.gz}, with a {@code .sha256} next to it in
 * sha256sum's format. Reproducible: entries sorted by path, one time stamp, owner root (0/0), modes reduced to
 * 0755 (folders and executables) or 0644, so the bytes depend on the files' contents only.
 * <p>
 * Usage: {@code DistributionArchive <distribution folder> <archive.tar.gz> <outputTimestamp>}
 */
public final class DistributionArchive {

    private DistributionArchive() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]);
        Path archive = Path.of(args[1]);
        write(folder, archive, BuildTimestamp.fromBuild(args.length > 2 ? args[2] : null));
        writeChecksum(archive);
    }

    static void write(Path folder, Path archive, Instant time) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException(folder + " does not exist: build packaging/distribution first");
        }
        String root = folder.getFileName().toString();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(folder)) {
            // sorted by their names in the archive, the same on every file system
            paths = walk.sorted((a, b) -> folder.relativize(a).toString().compareTo(folder.relativize(b).toString()))
                    .toList();
        }
        Files.createDirectories(archive.toAbsolutePath().getParent());
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(archive), 1 << 16);
             GZIPOutputStream gzip = fastGzip(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path path : paths) {
                String relative = folder.relativize(path).toString();
                String name = relative.isEmpty() ? root + "/" : root + "/" + relative;
                boolean directory = Files.isDirectory(path);
                TarArchiveEntry entry = new TarArchiveEntry(directory && !name.endsWith("/") ? name + "/" : name);
                entry.setModTime(FileTime.from(time));
                entry.setIds(0, 0);
                entry.setUserName("root");
                entry.setGroupName("root");
                entry.setMode((directory ? TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 : TarArchiveEntry.DEFAULT_FILE_MODE & ~0777)
                        | (directory || executable(path) ? 0755 : 0644));
                if (!directory) {
                    entry.setSize(Files.size(path));
                }
                tar.putArchiveEntry(entry);
                if (!directory) {
                    Files.copy(path, tar);
                }
                tar.closeArchiveEntry();
            }
        }
    }

    /** Most of the bytes are jars, compressed already: the fastest level costs little size and much less time. */
    private static GZIPOutputStream fastGzip(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    private static boolean executable(Path file) throws IOException {
        return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
    }

    /** {@code <hex>  <file name>}: what {@code sha256sum -c} reads, run in the archive's folder. */
    static Path writeChecksum(Path archive) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (var in = Files.newInputStream(archive)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                sha256.update(buffer, 0, n);
            }
        }
        Path sums = archive.resolveSibling(archive.getFileName() + ".sha256");
        Files.writeString(sums, HexFormat.of().formatHex(sha256.digest()) + "  " + archive.getFileName() + "\n");
        return sums;
    }
}
