package io.streetgate.ota.install;

import io.streetgate.ota.tuf.ArtifactInfo;
import io.streetgate.ota.tuf.ArtifactVersion;
import io.streetgate.ota.tuf.AtomicFiles;
import io.streetgate.ota.tuf.Hashes;
import org.bouncycastle.util.encoders.Hex;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Bundle sets: a bundle-set artifact is a zip of bundle jars; each version is unpacked into
 * {@code ROOT/sets/VERSION/} and the launcher starts the set {@link BundleSetPointer} names. Activation switches
 * the pointer with a one-shot trial flag and asks for a runtime restart; commit clears the flag and removes sets
 * older than the previous one (bounded disk); revert points back to the previous set.
 *
 * <p>A staged set is reused only for the same content: its {@code .complete} marker holds the SHA-256 of the
 * artifact it was unpacked from, so an artifact re-signed under the same version with other content is unpacked
 * again. Unpacking is bounded in bytes and entries ({@link Limits}).
 */
public final class BundleSetInstaller implements Installer {
    /**
     * Bounds on what one bundle set may unpack to, whatever its zip claims (a small zip can inflate without
     * limit). The distribution's bundles take a few tens of MiB.
     */
    public record Limits(long maxUnpackedBytes, int maxEntries) {
        public static final Limits DEFAULT = new Limits(512L << 20, 4096);
    }

    private static final String COMPLETE = ".complete";

    private final Path root;
    private final Limits limits;

    public BundleSetInstaller(Path root) {
        this(root, Limits.DEFAULT);
    }

    public BundleSetInstaller(Path root, Limits limits) {
        this.root = root;
        this.limits = limits;
    }

    /** Installs the first set (factory image), committed. */
    public static BundleSetInstaller initial(Path root, Path zip, ArtifactVersion version) throws InstallException {
        BundleSetInstaller i = new BundleSetInstaller(root);
        i.unpack(zip, version.toString(), InstallProgress.NONE);
        try {
            new BundleSetPointer(version.toString(), null, false, false).write(root);
        } catch (IOException e) {
            throw new InstallException("cannot write " + root.resolve(BundleSetPointer.FILE) + ": " + e.getMessage(), e);
        }
        return i;
    }

    public Path root() {
        return root;
    }

    @Override
    public String kind() {
        return ArtifactInfo.KIND_BUNDLE_SET;
    }

    private BundleSetPointer pointer() {
        try {
            BundleSetPointer p = BundleSetPointer.read(root);
            if (p == null) {
                throw new IllegalStateException("no bundle set installed in " + root);
            }
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + root.resolve(BundleSetPointer.FILE) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ArtifactVersion runningVersion() {
        BundleSetPointer p = pointer();
        // A trial that has not been started yet is not running: the previous set still is.
        return ArtifactVersion.parse(p.trial() && !p.started() ? p.previous() : p.current());
    }

    @Override
    public Optional<ArtifactVersion> trial() {
        BundleSetPointer p = pointer();
        return p.trial() && p.started() ? Optional.of(ArtifactVersion.parse(p.current())) : Optional.empty();
    }

    @Override
    public void stage(Path verifiedArtifact, ArtifactInfo info, InstallProgress progress) throws InstallException {
        unpack(verifiedArtifact, info.version().toString(), progress);
    }

    private void unpack(Path zip, String version, InstallProgress progress) throws InstallException {
        Path sets = root.resolve("sets");
        Path dest = sets.resolve(version);
        String contentHash = sha256(zip, version);
        if (contentHash.equals(stagedHash(dest))) {
            return;
        }
        refuseToReplaceANamedSet(version, dest);
        Path tmp = sets.resolve("." + version + ".unpacking");
        try {
            deleteTree(tmp);
            deleteTree(dest);
            Files.createDirectories(tmp);
            long total = Files.size(zip);
            long done = 0;
            long unpacked = 0;
            int entries = 0;
            int bundles = 0;
            try (InputStream raw = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(raw)) {
                ZipEntry e;
                byte[] buf = new byte[1 << 16];
                while ((e = in.getNextEntry()) != null) {
                    if (++entries > limits.maxEntries()) {
                        throw new InstallException("bundle set " + version + " holds more than " + limits.maxEntries()
                                + " entries (the limit); a bundle set is a zip of bundle jars: leave out what the gateway does not run");
                    }
                    Path out = tmp.resolve(e.getName()).normalize();
                    if (!out.startsWith(tmp)) {
                        throw new InstallException("bundle set " + version + ": entry " + e.getName() + " points outside its folder");
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(out);
                        continue;
                    }
                    Files.createDirectories(out.getParent());
                    try (OutputStream o = Files.newOutputStream(out)) {
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            unpacked += n;
                            if (unpacked > limits.maxUnpackedBytes()) {
                                throw new InstallException("bundle set " + version + " unpacks to more than "
                                        + limits.maxUnpackedBytes() + " bytes (the limit; stopped at entry " + e.getName()
                                        + "); a bundle set is a zip of bundle jars: leave out what the gateway does not run");
                            }
                            o.write(buf, 0, n);
                        }
                    }
                    fsync(out);
                    bundles += e.getName().endsWith(".jar") ? 1 : 0;
                    done = Math.min(total, done + Math.max(e.getCompressedSize(), 0));
                    progress.update(done, total);
                }
            }
            if (bundles == 0) {
                throw new InstallException("bundle set " + version + " (" + zip + ") holds no .jar bundles; build it as a zip of bundle jars");
            }
            Files.writeString(tmp.resolve(COMPLETE), contentHash);
            fsync(tmp.resolve(COMPLETE));
            AtomicFiles.syncDirectory(tmp);
            Files.move(tmp, dest, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.syncDirectory(sets);
            progress.update(total, total);
        } catch (IOException e) {
            throw new InstallException("cannot unpack bundle set " + version + " into " + dest + ": " + e.getMessage(), e);
        } finally {
            try {
                deleteTree(tmp);
            } catch (IOException e) {
                // a leftover temporary folder is removed by the next unpack of this version
            }
        }
    }

    /** The SHA-256 a staged set's marker records, or null if the set is absent, incomplete or from before hashes. */
    private static String stagedHash(Path set) {
        try {
            return Files.readString(set.resolve(COMPLETE)).trim();
        } catch (IOException e) {
            return null;
        }
    }

    /** The set the runtime runs, or will fall back to, is never replaced under it. */
    private void refuseToReplaceANamedSet(String version, Path dest) throws InstallException {
        if (!Files.exists(dest)) {
            return;
        }
        BundleSetPointer p;
        try {
            p = BundleSetPointer.read(root);
        } catch (IOException e) {
            throw new InstallException("cannot read " + root.resolve(BundleSetPointer.FILE) + ": " + e.getMessage(), e);
        }
        if (p != null && (version.equals(p.current()) || (p.trial() && version.equals(p.previous())))) {
            throw new InstallException("bundle set " + version + " is in use (" + BundleSetPointer.FILE + " names it) and"
                    + " the artifact holds other content under the same version; publish the new content as a new version");
        }
    }

    private static String sha256(Path file, String version) throws InstallException {
        MessageDigest d = Hashes.digest("sha256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new InstallException("cannot read bundle set " + version + " (" + file + "): " + e.getMessage(), e);
        }
        return Hex.toHexString(d.digest());
    }

    @Override
    public Activation activate(ArtifactVersion version) throws InstallException {
        String v = version.toString();
        if (!Files.exists(root.resolve("sets").resolve(v).resolve(COMPLETE))) {
            throw new InstallException("bundle set " + v + " is not staged in " + root.resolve("sets"));
        }
        BundleSetPointer p = pointer();
        if (p.trial() && p.current().equals(v)) {
            return Activation.RESTART_RUNTIME;
        }
        String committed = p.trial() ? p.previous() : p.current();
        write(new BundleSetPointer(v, committed, true, false));
        return Activation.RESTART_RUNTIME;
    }

    @Override
    public void commit() throws InstallException {
        BundleSetPointer p = pointer();
        if (!p.trial()) {
            return;
        }
        write(new BundleSetPointer(p.current(), p.previous(), false, false));
        prune(p.current(), p.previous());
    }

    @Override
    public Activation revert(String reason) throws InstallException {
        BundleSetPointer p = pointer();
        if (!p.trial()) {
            return Activation.NONE;
        }
        boolean wasStarted = p.started();
        write(new BundleSetPointer(p.previous(), null, false, false));
        return wasStarted ? Activation.RESTART_RUNTIME : Activation.NONE;
    }

    private void write(BundleSetPointer p) throws InstallException {
        try {
            p.write(root);
        } catch (IOException e) {
            throw new InstallException("cannot write " + root.resolve(BundleSetPointer.FILE) + ": " + e.getMessage(), e);
        }
    }

    private void prune(String keep1, String keep2) {
        try (Stream<Path> s = Files.list(root.resolve("sets"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (!name.equals(keep1) && !name.equals(keep2)) {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            // Pruning is housekeeping; a leftover set costs disk, never correctness.
        }
    }

    static void fsync(Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(q);
            }
        }
    }
}
