package io.streetgate.ota.install;

import io.streetgate.ota.tuf.AtomicFiles;
import io.streetgate.ota.tuf.CanonicalJson;
import io.streetgate.ota.tuf.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pointer to the bundle set the launcher starts: {@code ROOT/current.json}
 * {@code {"current": "1.4.0", "previous": "1.3.0", "trial": true, "started": false}}, replaced atomically
 * (temporary file, fsync, rename, directory fsync).
 *
 * <p>The trial is one-shot, like the Raspberry Pi's tryboot: {@link #atStart} marks a trial as started; if the
 * runtime starts again while the trial is still not committed (it crashed, hung or lost power during the
 * health check), the pointer goes back to the previous set.
 */
public record BundleSetPointer(String current, String previous, boolean trial, boolean started) {
    public static final String FILE = "current.json";

    public static BundleSetPointer read(Path root) throws IOException {
        Path f = root.resolve(FILE);
        if (!Files.exists(f)) {
            return null;
        }
        Map<String, Object> m = Json.parseObject(Files.readAllBytes(f), f.toString());
        return new BundleSetPointer(Json.string(m, "current", f.toString()),
                m.get("previous") instanceof String p ? p : null,
                Json.bool(m, "trial", f.toString(), false), Json.bool(m, "started", f.toString(), false));
    }

    public void write(Path root) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("current", current);
        m.put("previous", previous);
        m.put("trial", trial);
        m.put("started", started);
        AtomicFiles.write(root.resolve(FILE), CanonicalJson.pretty(m));
    }

    /**
     * What the launcher calls once at every start, before it installs bundles: returns the folder of the set to
     * start ({@code ROOT/sets/VERSION}), falling back from an unconfirmed trial that already had its one start.
     */
    public static Path atStart(Path root) throws IOException {
        BundleSetPointer p = read(root);
        if (p == null) {
            throw new IOException("no bundle set pointer " + root.resolve(FILE) + "; install a bundle set first");
        }
        if (p.trial && p.started && p.previous != null) {
            p = new BundleSetPointer(p.previous, null, false, false);
            p.write(root);
        } else if (p.trial && !p.started) {
            p = new BundleSetPointer(p.current, p.previous, true, true);
            p.write(root);
        }
        return root.resolve("sets").resolve(p.current);
    }

    /**
     * What the launcher calls once at every start: {@link #atStart} when updates have been installed, else the
     * installation's own bundle folder. The installation's version is the first set: it is never copied (so a
     * rebuilt installation is what starts), and a rollback to it starts the installation's folder again.
     *
     * @param factoryFolder  the installation's bundle folder
     * @param factoryVersion the installation's version
     */
    public static Path startFolder(Path root, Path factoryFolder, String factoryVersion) throws IOException {
        if (read(root) == null) {
            Files.createDirectories(root);
            new BundleSetPointer(factoryVersion, null, false, false).write(root);
        }
        Path set = atStart(root);
        return set.getFileName().toString().equals(factoryVersion) ? factoryFolder : set;
    }
}
