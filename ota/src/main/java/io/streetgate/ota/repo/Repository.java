package io.streetgate.ota.repo;

import io.streetgate.ota.tuf.ArtifactInfo;
import io.streetgate.ota.tuf.AtomicFiles;
import io.streetgate.ota.tuf.Hashes;
import io.streetgate.ota.tuf.Key;
import io.streetgate.ota.tuf.MetaInfo;
import io.streetgate.ota.tuf.Metadata;
import io.streetgate.ota.tuf.RoleKeys;
import io.streetgate.ota.tuf.Root;
import io.streetgate.ota.tuf.Signed;
import io.streetgate.ota.tuf.SigningKey;
import io.streetgate.ota.tuf.Snapshot;
import io.streetgate.ota.tuf.TargetInfo;
import io.streetgate.ota.tuf.Targets;
import io.streetgate.ota.tuf.Timestamp;
import io.streetgate.ota.tuf.TufException;
import org.bouncycastle.util.encoders.Hex;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The ops-side repository: a working folder that holds the metadata being prepared and signed, the artifacts,
 * and the history of root versions; {@link #publish} turns it into a folder of static files.
 *
 * <pre>
 * REPO/repo.json                 settings (expiry per role, consistent snapshots)
 * REPO/metadata/root.json        newest root; staged (not yet published) while its version is above the history's
 * REPO/metadata/N.root.json      every published root version, the chain clients walk
 * REPO/metadata/targets.json     staged targets, signed by the targets keys' holders
 * REPO/metadata/snapshot.json    last published snapshot
 * REPO/metadata/timestamp.json   last published timestamp
 * REPO/targets/PATH              the artifacts, by target path
 * </pre>
 *
 * <p>Private keys never enter this folder: everyone signs with their own key file.
 *
 * <p>It stays one class because every command of the ops tool (init, add, sign, publish, rotate) changes the same
 * folder and must leave its roles consistent with each other: versions, expiry and hashes move together.
 */
public final class Repository {
    private static final Pattern ROOT_FILE = Pattern.compile("(\\d+)\\.root\\.json");
    /** The published folder's directories: a web server running as another user lists and reads them. */
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> PUBLIC_DIRECTORY =
            java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x");

    private final Path dir;
    private final Clock clock;
    private final RepoSettings settings;

    private Repository(Path dir, Clock clock, RepoSettings settings) {
        this.dir = dir;
        this.clock = clock;
        this.settings = settings;
    }

    /** The keys and thresholds of the four top-level roles for {@link #init}. */
    public record RoleSetup(List<Key> keys, int threshold) {
        public RoleSetup {
            keys = List.copyOf(keys);
            if (keys.isEmpty()) {
                throw new TufException(TufException.Reason.CONFIG, "a role needs at least one key");
            }
            if (threshold < 1 || threshold > keys.size()) {
                throw new TufException(TufException.Reason.CONFIG, "threshold " + threshold + " does not fit "
                        + keys.size() + " key(s); use a value from 1 to " + keys.size());
            }
        }
    }

    /** Creates a repository: root version 1 and an empty targets version 1, both unsigned. */
    public static Repository init(Path dir, Map<String, RoleSetup> roles, RepoSettings settings, Clock clock) throws IOException {
        if (Files.exists(dir.resolve("metadata/root.json"))) {
            throw new TufException(TufException.Reason.CONFIG, dir + " already holds a repository (metadata/root.json);"
                    + " use another folder, or `ota rotate` to change its keys");
        }
        for (String r : Metadata.TOP_LEVEL) {
            if (!roles.containsKey(r)) {
                throw new TufException(TufException.Reason.CONFIG, "no keys given for the " + r + " role; pass --" + r + "-key");
            }
        }
        Files.createDirectories(dir.resolve("metadata"));
        Files.createDirectories(dir.resolve("targets"));
        AtomicFiles.write(dir.resolve("repo.json"), settings.toBytes());
        Map<String, Key> keys = new LinkedHashMap<>();
        Map<String, RoleKeys> roleKeys = new LinkedHashMap<>();
        roles.forEach((name, setup) -> {
            List<String> ids = new ArrayList<>();
            for (Key k : setup.keys()) {
                keys.put(k.keyId(), k);
                ids.add(k.keyId());
            }
            roleKeys.put(name, new RoleKeys(ids, setup.threshold()));
        });
        Instant now = clock.instant();
        Root root = new Root(Signed.SPEC_VERSION, 1, now.plus(settings.expiryOf("root")), settings.consistentSnapshot(),
                keys, roleKeys, Map.of());
        Targets targets = new Targets(Signed.SPEC_VERSION, 1, now.plus(settings.expiryOf("targets")), Map.of(), null, Map.of());
        Repository repo = new Repository(dir, clock, settings);
        repo.write("root.json", Metadata.of(root));
        repo.write("targets.json", Metadata.of(targets));
        return repo;
    }

    public static Repository open(Path dir, Clock clock) throws IOException {
        Path settingsFile = dir.resolve("repo.json");
        if (!Files.exists(settingsFile) || !Files.exists(dir.resolve("metadata/root.json"))) {
            throw new TufException(TufException.Reason.CONFIG, dir + " is not an OTA repository (no repo.json or"
                    + " metadata/root.json); create one with `ota init --repo " + dir + "`");
        }
        return new Repository(dir, clock, RepoSettings.fromBytes(Files.readAllBytes(settingsFile), settingsFile.toString()));
    }

    public Path dir() {
        return dir;
    }

    public RepoSettings settings() {
        return settings;
    }

    // ---- reading -----------------------------------------------------------------------------------------

    public Metadata<Root> root() throws IOException {
        return read("root.json", Root.class);
    }

    public Metadata<Targets> targets() throws IOException {
        return read("targets.json", Targets.class);
    }

    /** The last published snapshot, or null before the first publish. */
    public Metadata<Snapshot> snapshot() throws IOException {
        return Files.exists(meta("snapshot.json")) ? read("snapshot.json", Snapshot.class) : null;
    }

    public Metadata<Timestamp> timestamp() throws IOException {
        return Files.exists(meta("timestamp.json")) ? read("timestamp.json", Timestamp.class) : null;
    }

    /** Published root versions, oldest first. */
    public TreeMap<Long, Path> rootHistory() throws IOException {
        TreeMap<Long, Path> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir.resolve("metadata"))) {
            s.forEach(p -> {
                Matcher m = ROOT_FILE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    out.put(Long.parseLong(m.group(1)), p);
                }
            });
        }
        return out;
    }

    long publishedRootVersion() throws IOException {
        TreeMap<Long, Path> h = rootHistory();
        return h.isEmpty() ? 0 : h.lastKey();
    }

    long publishedTargetsVersion() throws IOException {
        Metadata<Snapshot> s = snapshot();
        if (s == null) {
            return 0;
        }
        MetaInfo t = s.signed().meta().get("targets.json");
        return t == null ? 0 : t.version();
    }

    /** The root that signs for a staged root: the previous published one, or the staged root itself for version 1. */
    Metadata<Root> trustedRootFor(long version) throws IOException {
        Path p = meta((version - 1) + ".root.json");
        if (version > 1 && Files.exists(p)) {
            return Metadata.parse(Files.readAllBytes(p), Root.class, p.toString());
        }
        return null;
    }

    // ---- changing targets --------------------------------------------------------------------------------

    /**
     * Adds (or replaces) an artifact: copies it into {@code targets/}, hashing while it copies, and records its
     * length, sha256 and streetgate fields in the staged targets metadata (whose signatures are then cleared).
     */
    public TargetInfo addTarget(Path file, String targetPath, ArtifactInfo info, Progress progress) throws IOException {
        checkTargetPath(targetPath);
        if (!Files.isRegularFile(file)) {
            throw new TufException(TufException.Reason.CONFIG, "the artifact " + file + " is not a readable file");
        }
        long size = Files.size(file);
        Path dest = dir.resolve("targets").resolve(targetPath);
        Files.createDirectories(dest.getParent());
        Path tmp = Files.createTempFile(dest.getParent(), ".add", ".tmp");
        MessageDigest sha256 = Hashes.digest("sha256");
        long done = 0;
        try (InputStream in = Files.newInputStream(file); OutputStream out = Files.newOutputStream(tmp)) {
            byte[] buf = new byte[1 << 16];
            int n;
            long lastReport = 0;
            while ((n = in.read(buf)) > 0) {
                sha256.update(buf, 0, n);
                out.write(buf, 0, n);
                done += n;
                if (done - lastReport >= (8 << 20) || done == size) {
                    progress.update("hashing " + file.getFileName(), done, size);
                    lastReport = done;
                }
            }
        }
        Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        TargetInfo target = new TargetInfo(targetPath, done, Map.of("sha256", Hex.toHexString(sha256.digest())), info.toCustom());
        Metadata<Targets> t = targets();
        write("targets.json", Metadata.of(bump(t.signed()).withTarget(target)));
        return target;
    }

    public void removeTarget(String targetPath) throws IOException {
        Metadata<Targets> t = targets();
        if (!t.signed().targets().containsKey(targetPath)) {
            throw new TufException(TufException.Reason.CONFIG, "no target " + targetPath + " in the staged targets; known: "
                    + t.signed().targets().keySet());
        }
        write("targets.json", Metadata.of(bump(t.signed()).withoutTarget(targetPath)));
    }

    private Targets bump(Targets t) throws IOException {
        long published = publishedTargetsVersion();
        long v = t.version() <= published ? published + 1 : t.version();
        return t.withVersion(v, clock.instant().plus(settings.expiryOf("targets")));
    }

    static void checkTargetPath(String p) {
        if (p.isEmpty() || p.startsWith("/") || p.contains("\\") || p.endsWith("/")
                || Set.of(p.split("/")).stream().anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
            throw new TufException(TufException.Reason.CONFIG, "target path \"" + p + "\" is not a relative path of"
                    + " plain segments; write e.g. bundles/gateway-1.4.0.tar");
        }
    }

    // ---- keys ----------------------------------------------------------------------------------------------

    /**
     * Stages a new root version (the published one + 1) in which {@code role} trusts {@code newKeys} with
     * {@code threshold}. Rotating root itself: the new root must then be signed by a threshold of the old root's
     * keys and of its own (specification 5.3.4-5.3.5), which {@link #publish} checks.
     */
    public Metadata<Root> rotate(String role, List<Key> newKeys, int threshold) throws IOException {
        if (!Metadata.TOP_LEVEL.contains(role)) {
            throw new TufException(TufException.Reason.CONFIG, "role \"" + role + "\" is not one of " + Metadata.TOP_LEVEL);
        }
        Root current = root().signed();
        long published = publishedRootVersion();
        long v = current.version() <= published ? published + 1 : current.version();
        Map<String, Key> keys = new LinkedHashMap<>();
        newKeys.forEach(k -> keys.put(k.keyId(), k));
        new RoleSetup(List.copyOf(keys.values()), threshold);
        Root next = current.withRole(role, keys, threshold).withVersion(v, clock.instant().plus(settings.expiryOf("root")));
        Metadata<Root> staged = Metadata.of(next);
        write("root.json", staged);
        return staged;
    }

    /** Re-stages root with a fresh expiry (for an expiring root: sign and publish it before it expires). */
    public Metadata<Root> renewRoot() throws IOException {
        Root current = root().signed();
        long published = publishedRootVersion();
        long v = current.version() <= published ? published + 1 : current.version();
        Metadata<Root> staged = Metadata.of(current.withVersion(v, clock.instant().plus(settings.expiryOf("root"))));
        write("root.json", staged);
        return staged;
    }

    /** Re-stages targets with a fresh expiry and the next version. */
    public Metadata<Targets> renewTargets() throws IOException {
        Metadata<Targets> staged = Metadata.of(bump(targets().signed()));
        write("targets.json", staged);
        return staged;
    }

    // ---- signing -------------------------------------------------------------------------------------------

    /** What a role's staged file still needs. */
    public record SignatureStatus(String role, long version, Set<String> signedBy, List<String> missing, String problem) {
        public boolean complete() {
            return problem == null;
        }
    }

    /** Adds one person's signature to the staged root or targets. */
    public SignatureStatus sign(String role, SigningKey key) throws IOException {
        switch (role) {
            case "root" -> {
                Metadata<Root> r = root();
                requireTrusted(key, r.signed(), trustedRootFor(r.signed().version()), role);
                write("root.json", r.sign(key));
            }
            case "targets" -> {
                Metadata<Targets> t = targets();
                requireTrusted(key, root().signed(), null, role);
                write("targets.json", t.sign(key));
            }
            default -> throw new TufException(TufException.Reason.CONFIG, "`ota sign` signs root or targets; snapshot and"
                    + " timestamp are signed by `ota publish` with the online keys");
        }
        return status(role);
    }

    private void requireTrusted(SigningKey key, Root root, Metadata<Root> previous, String role) {
        boolean trusted = root.role(role).keyIds().contains(key.keyId())
                || (previous != null && previous.signed().role(role).keyIds().contains(key.keyId()));
        if (!trusted) {
            throw new TufException(TufException.Reason.CONFIG, "key " + key.keyId() + " is not a " + role + " key of root version "
                    + root.version() + (previous != null ? " or " + previous.signed().version() : "") + "; its " + role
                    + " keys are " + root.role(role).keyIds());
        }
    }

    /** Merges the signatures of another signed copy of the staged root or targets file. */
    public SignatureStatus merge(String role, Path copy) throws IOException {
        byte[] bytes = Files.readAllBytes(copy);
        if ("root".equals(role)) {
            write("root.json", root().merge(Metadata.parse(bytes, Root.class, copy.toString()), copy.toString()));
        } else if ("targets".equals(role)) {
            write("targets.json", targets().merge(Metadata.parse(bytes, Targets.class, copy.toString()), copy.toString()));
        } else {
            throw new TufException(TufException.Reason.CONFIG, "only root and targets copies are merged, not " + role);
        }
        return status(role);
    }

    public SignatureStatus status(String role) throws IOException {
        Metadata<Root> r = root();
        Root root = r.signed();
        if ("root".equals(role)) {
            Metadata<Root> prev = trustedRootFor(root.version());
            Set<String> own = r.validSigners(root.keys(), root.role("root"));
            List<String> missing = new ArrayList<>();
            String problem = null;
            if (own.size() < root.role("root").threshold()) {
                problem = "root version " + root.version() + " needs " + (root.role("root").threshold() - own.size())
                        + " more signature(s) from its own root keys";
                root.role("root").keyIds().stream().filter(id -> !own.contains(id)).forEach(missing::add);
            }
            Set<String> signers = new java.util.LinkedHashSet<>(own);
            if (prev != null) {
                Set<String> old = r.validSigners(prev.signed().keys(), prev.signed().role("root"));
                signers.addAll(old);
                if (old.size() < prev.signed().role("root").threshold()) {
                    String p = "root version " + root.version() + " needs " + (prev.signed().role("root").threshold() - old.size())
                            + " more signature(s) from the root keys of version " + prev.signed().version();
                    problem = problem == null ? p : problem + "; " + p;
                    prev.signed().role("root").keyIds().stream().filter(id -> !old.contains(id) && !missing.contains(id)).forEach(missing::add);
                }
            }
            return new SignatureStatus(role, root.version(), signers, missing, problem);
        }
        Metadata<? extends Signed> m = switch (role) {
            case "targets" -> targets();
            case "snapshot" -> snapshot();
            case "timestamp" -> timestamp();
            default -> throw new TufException(TufException.Reason.CONFIG, "unknown role " + role);
        };
        if (m == null) {
            return new SignatureStatus(role, 0, Set.of(), List.of(), role + " is not published yet");
        }
        RoleKeys rk = root.role(role);
        Set<String> valid = m.validSigners(root.keys(), rk);
        List<String> missing = rk.keyIds().stream().filter(id -> !valid.contains(id)).toList();
        String problem = valid.size() >= rk.threshold() ? null : role + " version " + m.signed().version() + " needs "
                + (rk.threshold() - valid.size()) + " more signature(s) from " + missing;
        return new SignatureStatus(role, m.signed().version(), valid, missing, problem);
    }

    // ---- publishing ----------------------------------------------------------------------------------------

    /** What a publish wrote. */
    public record PublishResult(long rootVersion, long targetsVersion, long snapshotVersion, long timestampVersion,
                                List<String> files) {
    }

    /**
     * Writes the repository as static files into {@code out}: {@code metadata/} (every root version, versioned
     * snapshot and targets files under consistent snapshots, and the unversioned names) and {@code targets/}
     * (artifacts named {@code DIR/SHA256.NAME} under consistent snapshots). Earlier versions already in
     * {@code out} are kept, so a client mid-update still finds the files it was promised. Artifacts are
     * written first and timestamp.json last, so a server that is read during the copy never points at a file
     * that is not there yet.
     */
    public PublishResult publish(Path out, List<SigningKey> snapshotKeys, List<SigningKey> timestampKeys,
                                 Progress progress) throws IOException {
        Metadata<Root> root = root();
        SignatureStatus rs = status("root");
        if (!rs.complete()) {
            throw new TufException(TufException.Reason.UNSIGNED, rs.problem() + "; missing key ids " + rs.missing()
                    + ": run `ota sign --repo " + dir + " --role root --key KEYFILE` with those keys");
        }
        SignatureStatus tgs = status("targets");
        if (!tgs.complete()) {
            throw new TufException(TufException.Reason.UNSIGNED, tgs.problem() + ": run `ota sign --repo " + dir
                    + " --role targets --key KEYFILE` with those keys");
        }
        Root r = root.signed();
        Instant now = clock.instant();
        if (r.isExpired(now)) {
            throw new TufException(TufException.Reason.EXPIRED, "root version " + r.version() + " expired at " + r.expires()
                    + "; run `ota renew --repo " + dir + " --role root`, sign it and publish again");
        }
        Metadata<Targets> targets = targets();
        if (targets.signed().isExpired(now)) {
            throw new TufException(TufException.Reason.EXPIRED, "targets version " + targets.signed().version() + " expired at "
                    + targets.signed().expires() + "; run `ota renew --repo " + dir + " --role targets`, sign it and publish again");
        }
        boolean consistent = r.consistentSnapshot();
        Path outMeta = out.resolve("metadata");
        Path outTargets = out.resolve("targets");
        publicDirectories(out, outMeta);
        publicDirectories(out, outTargets);
        List<String> written = new ArrayList<>();

        // 1. artifacts
        for (TargetInfo t : targets.signed().targets().values()) {
            Path src = dir.resolve("targets").resolve(t.path());
            Path dst = outTargets.resolve(consistent ? hashedName(t.path(), t.hashes().get("sha256")) : t.path());
            if (!Files.exists(src)) {
                throw new TufException(TufException.Reason.CONFIG, "the artifact of target " + t.path() + " is missing at " + src
                        + "; add it again with `ota add`");
            }
            if (Files.exists(dst) && Files.size(dst) == t.length()) {
                continue;
            }
            publicDirectories(out, dst.getParent());
            copyWithProgress(src, dst, t.length(), progress);
            written.add(out.relativize(dst).toString());
        }

        // 2. targets
        byte[] targetsBytes = targets.toBytes();
        long tv = targets.signed().version();
        if (consistent) {
            writeOut(outMeta.resolve(tv + ".targets.json"), targetsBytes, out, written);
        }
        writeOut(outMeta.resolve("targets.json"), targetsBytes, out, written);

        // 3. snapshot
        Metadata<Snapshot> oldSnap = snapshot();
        long sv = oldSnap == null ? 1 : oldSnap.signed().version() + 1;
        Map<String, MetaInfo> meta = new LinkedHashMap<>();
        if (oldSnap != null) {
            meta.putAll(oldSnap.signed().meta());
        }
        meta.put("targets.json", new MetaInfo(tv, (long) targetsBytes.length, Map.of("sha256", Hashes.sha256Hex(targetsBytes))));
        Snapshot snap = new Snapshot(Signed.SPEC_VERSION, sv, now.plus(settings.expiryOf("snapshot")), meta, Map.of());
        Metadata<Snapshot> snapshot = signOnline(Metadata.of(snap), snapshotKeys, r, "snapshot");
        byte[] snapBytes = snapshot.toBytes();
        if (consistent) {
            writeOut(outMeta.resolve(sv + ".snapshot.json"), snapBytes, out, written);
        }
        writeOut(outMeta.resolve("snapshot.json"), snapBytes, out, written);

        // 4. root chain
        Path staged = meta("root.json");
        if (r.version() > publishedRootVersion()) {
            AtomicFiles.write(meta(r.version() + ".root.json"), Files.readAllBytes(staged));
        }
        for (Map.Entry<Long, Path> e : rootHistory().entrySet()) {
            Path dst = outMeta.resolve(e.getKey() + ".root.json");
            if (!Files.exists(dst)) {
                writeOut(dst, Files.readAllBytes(e.getValue()), out, written);
            }
        }
        writeOut(outMeta.resolve("root.json"), Files.readAllBytes(staged), out, written);

        // 5. timestamp, last
        Metadata<Timestamp> oldTs = timestamp();
        long tsv = oldTs == null ? 1 : oldTs.signed().version() + 1;
        Timestamp ts = new Timestamp(Signed.SPEC_VERSION, tsv, now.plus(settings.expiryOf("timestamp")),
                new MetaInfo(sv, (long) snapBytes.length, Map.of("sha256", Hashes.sha256Hex(snapBytes))), Map.of());
        Metadata<Timestamp> timestamp = signOnline(Metadata.of(ts), timestampKeys, r, "timestamp");
        byte[] tsBytes = timestamp.toBytes();
        writeOut(outMeta.resolve("timestamp.json"), tsBytes, out, written);

        AtomicFiles.write(meta("snapshot.json"), snapBytes);
        AtomicFiles.write(meta("timestamp.json"), tsBytes);
        return new PublishResult(r.version(), tv, sv, tsv, written);
    }

    /** The consistent-snapshot name of a target file: {@code DIR/HASH.NAME} (specification 5.7.3). */
    public static String hashedName(String targetPath, String sha256) {
        int slash = targetPath.lastIndexOf('/');
        return slash < 0 ? sha256 + "." + targetPath
                : targetPath.substring(0, slash + 1) + sha256 + "." + targetPath.substring(slash + 1);
    }

    private static <T extends Signed> Metadata<T> signOnline(Metadata<T> m, List<SigningKey> keys, Root root, String role) {
        for (SigningKey k : keys) {
            if (!root.role(role).keyIds().contains(k.keyId())) {
                throw new TufException(TufException.Reason.CONFIG, "key " + k.keyId() + " is not a " + role + " key of root version "
                        + root.version() + "; the " + role + " keys are " + root.role(role).keyIds());
            }
            m = m.sign(k);
        }
        if (m.signatures().size() < root.role(role).threshold()) {
            throw new TufException(TufException.Reason.UNSIGNED, role + " needs " + root.role(role).threshold()
                    + " signature(s) and " + keys.size() + " key(s) were given; pass --" + role + "-key once per key");
        }
        return m;
    }

    private static void copyWithProgress(Path src, Path dst, long total, Progress progress) throws IOException {
        Path tmp = Files.createTempFile(dst.getParent(), ".pub", ".tmp");
        // served as they are: a web server running as another user must be able to read them
        Files.setPosixFilePermissions(tmp, AtomicFiles.WORLD_READABLE);
        try (InputStream in = Files.newInputStream(src); OutputStream o = Files.newOutputStream(tmp)) {
            byte[] buf = new byte[1 << 16];
            long done = 0;
            long last = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                o.write(buf, 0, n);
                done += n;
                if (done - last >= (8 << 20) || done == total) {
                    progress.update("copying " + src.getFileName(), done, total);
                    last = done;
                }
            }
        }
        AtomicFiles.forceAndMove(tmp, dst);
    }

    /** Creates {@code dir} and the folders between {@code out} and it, readable and searchable by everyone. */
    private static void publicDirectories(Path out, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Path d = dir; d != null && d.startsWith(out); d = d.getParent()) {
            Files.setPosixFilePermissions(d, PUBLIC_DIRECTORY);
        }
    }

    /** A file of the published folder: world-readable, since it is public and a web server serves it. */
    private static void writeOut(Path file, byte[] bytes, Path out, List<String> written) throws IOException {
        AtomicFiles.write(file, bytes, AtomicFiles.WORLD_READABLE);
        written.add(out.relativize(file).toString());
    }

    // ---- files ---------------------------------------------------------------------------------------------

    private Path meta(String name) {
        return dir.resolve("metadata").resolve(name);
    }

    private <T extends Signed> Metadata<T> read(String name, Class<T> type) throws IOException {
        Path p = meta(name);
        try {
            return Metadata.parse(Files.readAllBytes(p), type, p.toString());
        } catch (NoSuchFileException e) {
            throw new TufException(TufException.Reason.CONFIG, p + " is missing; the repository is incomplete", e);
        }
    }

    private void write(String name, Metadata<?> m) throws IOException {
        AtomicFiles.write(meta(name), m.toBytes());
    }
}
