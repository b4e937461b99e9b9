package io.streetgate.ota.client;

import io.streetgate.ota.download.Fetcher;
import io.streetgate.ota.tuf.DelegatedRole;
import io.streetgate.ota.tuf.Hashes;
import io.streetgate.ota.tuf.Key;
import io.streetgate.ota.tuf.MetaInfo;
import io.streetgate.ota.tuf.Metadata;
import io.streetgate.ota.tuf.RoleKeys;
import io.streetgate.ota.tuf.Root;
import io.streetgate.ota.tuf.Signed;
import io.streetgate.ota.tuf.Snapshot;
import io.streetgate.ota.tuf.TargetInfo;
import io.streetgate.ota.tuf.Targets;
import io.streetgate.ota.tuf.Timestamp;
import io.streetgate.ota.tuf.TufException;
import io.streetgate.ota.tuf.TufException.Reason;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The TUF client workflow (specification section 5, "Detailed client workflow"):
 * <ol>
 * <li>fix the update start time from the injected clock;</li>
 * <li>load the trusted root;</li>
 * <li>walk root N+1, N+2, ... each signed by a threshold of the previous and of its own root keys;</li>
 * <li>timestamp, then snapshot, then targets, each checked for signatures, versions (no rollback), hashes,
 * lengths and expiry;</li>
 * <li>look targets up through delegations (pre-order depth first) and download them by length and hash.</li>
 * </ol>
 * Anything refused leaves the trusted metadata as it was. Not thread-safe: one refresh at a time.
 *
 * <p>It stays one class because the specification's workflow is one ordered sequence over one set of trusted
 * metadata; each step's checks depend on what the previous steps made trusted, and reading them in order, as the
 * specification lists them, is what lets a reviewer compare the two.
 */
public final class TufClient {
    /** Size limits on untrusted downloads (endless-data attack): python-tuf's defaults. */
    public record Limits(long rootMaxLength, long timestampMaxLength, long snapshotMaxLength, long targetsMaxLength,
                         int maxRootRotations, int maxDelegations) {
        public static final Limits DEFAULT = new Limits(512_000, 16_384, 2_000_000, 5_000_000, 256, 32);
    }

    private final MetadataStore store;
    private final URI metadataUrl;
    private final URI targetsUrl;
    private final Fetcher fetcher;
    private final Clock clock;
    private final Limits limits;
    private final Consumer<String> log;

    private Metadata<Root> root;
    private Metadata<Timestamp> timestamp;
    private Metadata<Snapshot> snapshot;
    private final Map<String, Metadata<Targets>> targets = new HashMap<>();
    private Instant updateStart;
    private boolean refreshed;

    private TufClient(Builder b) {
        this.store = Objects.requireNonNull(b.store, "metadata store");
        this.metadataUrl = withSlash(Objects.requireNonNull(b.metadataUrl, "metadata URL"));
        this.targetsUrl = b.targetsUrl == null ? null : withSlash(b.targetsUrl);
        this.fetcher = Objects.requireNonNull(b.fetcher, "fetcher");
        this.clock = b.clock;
        this.limits = b.limits;
        this.log = b.log;
        byte[] trusted = store.load("root").orElseThrow(() -> new TufException(Reason.CONFIG,
                "no trusted root.json in the metadata store; initialise the client with a root from a trusted source"));
        Metadata<Root> r = Metadata.parse(trusted, Root.class, "trusted root.json");
        r.verifyThreshold(r.signed().keys(), r.signed().role("root"), "trusted root.json");
        this.root = r;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a client; every collaborator can be replaced in tests. */
    public static final class Builder {
        private MetadataStore store;
        private URI metadataUrl;
        private URI targetsUrl;
        private Fetcher fetcher;
        private Clock clock = Clock.systemUTC();
        private Limits limits = Limits.DEFAULT;
        private Consumer<String> log = s -> { };

        public Builder metadataStore(MetadataStore s) {
            this.store = s;
            return this;
        }

        public Builder metadataDir(Path dir) {
            this.store = new DirectoryMetadataStore(dir);
            return this;
        }

        public Builder metadataUrl(URI u) {
            this.metadataUrl = u;
            return this;
        }

        public Builder targetsUrl(URI u) {
            this.targetsUrl = u;
            return this;
        }

        public Builder fetcher(Fetcher f) {
            this.fetcher = f;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public Builder limits(Limits l) {
            this.limits = l;
            return this;
        }

        public Builder log(Consumer<String> l) {
            this.log = l;
            return this;
        }

        public TufClient build() {
            return new TufClient(this);
        }
    }

    private static URI withSlash(URI u) {
        String s = u.toString();
        return s.endsWith("/") ? u : URI.create(s + "/");
    }

    // ---- refresh -------------------------------------------------------------------------------------------

    /** What a successful refresh trusts now. */
    public record State(long rootVersion, long timestampVersion, long snapshotVersion, long targetsVersion,
                        Instant updateStart) {
    }

    /**
     * Runs the top-level workflow: root, timestamp, snapshot, targets.
     *
     * @throws TufException with the refusal's reason; trusted metadata stays what it was before the refused step
     */
    public State refresh() {
        updateStart = clock.instant();
        refreshed = false;
        targets.clear();
        timestamp = null;
        snapshot = null;
        updateRoot();
        loadLocalTimestamp();
        updateTimestamp();
        loadLocalSnapshot();
        updateSnapshot();
        loadTargets("targets", "root");
        refreshed = true;
        return state();
    }

    public State state() {
        return new State(root.signed().version(), timestamp == null ? 0 : timestamp.signed().version(),
                snapshot == null ? 0 : snapshot.signed().version(),
                targets.containsKey("targets") ? targets.get("targets").signed().version() : 0, updateStart);
    }

    public Metadata<Root> trustedRoot() {
        return root;
    }

    public Optional<Metadata<Timestamp>> trustedTimestamp() {
        return Optional.ofNullable(timestamp);
    }

    public Optional<Metadata<Targets>> trustedTargets() {
        return Optional.ofNullable(targets.get("targets"));
    }

    private void updateRoot() {
        Root original = root.signed();
        for (int i = 0; i < limits.maxRootRotations(); i++) {
            long next = root.signed().version() + 1;
            byte[] bytes;
            try {
                bytes = fetcher.fetch(metadataUrl.resolve(next + ".root.json"), limits.rootMaxLength());
            } catch (TufException e) {
                if (e.reason() == Reason.NOT_FOUND) {
                    break;
                }
                throw e;
            }
            String what = next + ".root.json";
            Metadata<Root> candidate = Metadata.parse(bytes, Root.class, what);
            // 5.3.4: signed by a threshold of the trusted root's keys; 5.3.5: and of its own.
            candidate.verifyThreshold(root.signed().keys(), root.signed().role("root"),
                    what + " (checked against the root keys of version " + root.signed().version() + ")");
            if (candidate.signed().version() != next) {
                throw new TufException(Reason.BAD_VERSION, what + " holds version " + candidate.signed().version()
                        + "; only version " + next + " may follow version " + (next - 1));
            }
            candidate.verifyThreshold(candidate.signed().keys(), candidate.signed().role("root"),
                    what + " (checked against its own root keys)");
            root = candidate;
            store.save("root", bytes);
            log.accept("trusted root version " + next);
        }
        // 5.3.10: expiry is checked on the final root only, so a chain through expired roots still recovers.
        if (root.signed().isExpired(updateStart)) {
            throw new TufException(Reason.EXPIRED, "root version " + root.signed().version() + " expired at "
                    + root.signed().expires() + " (update started " + updateStart + ")");
        }
        // 5.3.11: "If the timestamp and / or snapshot keys have been rotated, then delete the trusted timestamp
        // and snapshot metadata files" - both, whichever rotated (recovery from a fast-forward attack).
        if (!sameKeys(original, root.signed(), "timestamp") || !sameKeys(original, root.signed(), "snapshot")) {
            store.delete("timestamp");
            store.delete("snapshot");
        }
    }

    /** The same keys by id and by content: a new key under an old id is a rotation too. */
    private static boolean sameKeys(Root a, Root b, String role) {
        return a.keysOf(role).equals(b.keysOf(role)) && new HashSet<>(a.role(role).keyIds()).equals(new HashSet<>(b.role(role).keyIds()));
    }

    private void loadLocalTimestamp() {
        timestamp = loadLocal("timestamp", Timestamp.class, root.signed().keys(), root.signed().role("timestamp"));
    }

    private void loadLocalSnapshot() {
        snapshot = loadLocal("snapshot", Snapshot.class, root.signed().keys(), root.signed().role("snapshot"));
    }

    /** A locally trusted file that still verifies under the current root, or null. Expiry is not checked here. */
    private <T extends Signed> Metadata<T> loadLocal(String role, Class<T> type, Map<String, Key> keys, RoleKeys rk) {
        Optional<byte[]> bytes = store.load(role);
        if (bytes.isEmpty()) {
            return null;
        }
        try {
            Metadata<T> m = Metadata.parse(bytes.get(), type, "trusted " + role + ".json");
            m.verifyThreshold(keys, rk, "trusted " + role + ".json");
            return m;
        } catch (TufException e) {
            log.accept("ignoring local " + role + ".json: " + e.getMessage());
            return null;
        }
    }

    private void updateTimestamp() {
        byte[] bytes = fetcher.fetch(metadataUrl.resolve("timestamp.json"), limits.timestampMaxLength());
        Metadata<Timestamp> candidate = Metadata.parse(bytes, Timestamp.class, "timestamp.json");
        candidate.verifyThreshold(root.signed().keys(), root.signed().role("timestamp"), "timestamp.json");
        Timestamp c = candidate.signed();
        if (timestamp != null) {
            Timestamp t = timestamp.signed();
            if (c.version() < t.version()) {
                throw new TufException(Reason.ROLLBACK, "timestamp.json version " + c.version()
                        + " is older than the trusted version " + t.version());
            }
            if (c.snapshotMeta().version() < t.snapshotMeta().version()) {
                throw new TufException(Reason.ROLLBACK, "timestamp.json version " + c.version() + " names snapshot version "
                        + c.snapshotMeta().version() + ", older than the trusted " + t.snapshotMeta().version());
            }
            if (c.version() == t.version()) {
                checkExpired(timestamp.signed(), "timestamp.json");
                return;
            }
        }
        checkExpired(c, "timestamp.json");
        timestamp = candidate;
        store.save("timestamp", bytes);
    }

    private void checkExpired(Signed s, String what) {
        if (s.isExpired(updateStart)) {
            throw new TufException(Reason.EXPIRED, what + " version " + s.version() + " expired at " + s.expires()
                    + " (update started " + updateStart + "): the repository is frozen or its online keys stopped signing");
        }
    }

    private void updateSnapshot() {
        MetaInfo meta = timestamp.signed().snapshotMeta();
        if (snapshot != null && snapshot.signed().version() == meta.version()) {
            checkExpired(snapshot.signed(), "snapshot.json");
            return;
        }
        String file = root.signed().consistentSnapshot() ? meta.version() + ".snapshot.json" : "snapshot.json";
        byte[] bytes = fetchMeta(file, meta, limits.snapshotMaxLength());
        Metadata<Snapshot> candidate = Metadata.parse(bytes, Snapshot.class, file);
        candidate.verifyThreshold(root.signed().keys(), root.signed().role("snapshot"), file);
        Snapshot c = candidate.signed();
        if (c.version() != meta.version()) {
            throw new TufException(Reason.BAD_VERSION, file + " holds version " + c.version() + "; timestamp.json says "
                    + meta.version());
        }
        if (snapshot != null) {
            for (Map.Entry<String, MetaInfo> e : snapshot.signed().meta().entrySet()) {
                MetaInfo now = c.meta().get(e.getKey());
                if (now == null) {
                    throw new TufException(Reason.ROLLBACK, file + " drops " + e.getKey() + ", which the trusted snapshot lists");
                }
                if (now.version() < e.getValue().version()) {
                    throw new TufException(Reason.ROLLBACK, file + " lists " + e.getKey() + " version " + now.version()
                            + ", older than the trusted " + e.getValue().version());
                }
            }
        }
        checkExpired(c, file);
        snapshot = candidate;
        store.save("snapshot", bytes);
    }

    private byte[] fetchMeta(String file, MetaInfo meta, long defaultMax) {
        long max = meta.length() != null ? meta.length() : defaultMax;
        byte[] bytes = fetcher.fetch(metadataUrl.resolve(encode(file)), max);
        if (meta.length() != null && bytes.length != meta.length()) {
            throw new TufException(Reason.LENGTH_MISMATCH, file + " has " + bytes.length + " bytes; trusted metadata says "
                    + meta.length());
        }
        if (!meta.hashes().isEmpty()) {
            Hashes.verify(bytes, meta.hashes(), file);
        }
        return bytes;
    }

    /**
     * Loads a targets role (top-level or delegated), locally if still current, else from the repository, and
     * checks it against the keys and threshold {@code parent} gives it. A role already loaded in this refresh is
     * checked again: reached through another delegator (a "diamond" of delegations), it holds only the trust
     * that delegator's keys give it, not the trust it had on the first path.
     */
    private Metadata<Targets> loadTargets(String role, String parent) {
        Map<String, Key> keys;
        RoleKeys rk;
        if ("root".equals(parent)) {
            keys = root.signed().keys();
            rk = root.signed().role(role);
        } else {
            Targets p = targets.get(parent).signed();
            DelegatedRole d = p.delegations().roles().stream().filter(r -> r.name().equals(role)).findFirst().orElseThrow();
            keys = p.delegations().keys();
            rk = d.keys();
        }
        Metadata<Targets> cached = targets.get(role);
        if (cached != null) {
            cached.verifyThreshold(keys, rk, role + ".json (as delegated by " + parent + ")");
            return cached;
        }
        MetaInfo meta = snapshot.signed().meta().get(role + ".json");
        if (meta == null) {
            throw new TufException(Reason.FORMAT, "snapshot version " + snapshot.signed().version() + " does not list "
                    + role + ".json");
        }
        Metadata<Targets> local = loadLocal(role, Targets.class, keys, rk);
        if (local != null && local.signed().version() == meta.version() && !local.signed().isExpired(updateStart)) {
            targets.put(role, local);
            return local;
        }
        String file = root.signed().consistentSnapshot() ? meta.version() + "." + role + ".json" : role + ".json";
        byte[] bytes = fetchMeta(file, meta, limits.targetsMaxLength());
        Metadata<Targets> candidate = Metadata.parse(bytes, Targets.class, file);
        candidate.verifyThreshold(keys, rk, file);
        if (candidate.signed().version() != meta.version()) {
            throw new TufException(Reason.BAD_VERSION, file + " holds version " + candidate.signed().version()
                    + "; snapshot version " + snapshot.signed().version() + " says " + meta.version());
        }
        checkExpired(candidate.signed(), file);
        targets.put(role, candidate);
        store.save(role, bytes);
        return candidate;
    }

    // ---- targets -------------------------------------------------------------------------------------------

    /**
     * Finds a target through the delegation graph (specification 5.6.7: pre-order depth-first search,
     * terminating roles stop the search, at most {@link Limits#maxDelegations()} roles visited).
     */
    public Optional<TargetInfo> targetInfo(String path) {
        if (!refreshed) {
            refresh();
        }
        Deque<String[]> stack = new ArrayDeque<>();
        stack.push(new String[] {"targets", "root"});
        Set<String> visited = new HashSet<>();
        int count = 0;
        while (!stack.isEmpty() && count < limits.maxDelegations()) {
            String[] next = stack.pop();
            String role = next[0];
            if (!visited.add(role)) {
                continue;
            }
            Targets t = loadTargets(role, next[1]).signed();
            count++;
            TargetInfo found = t.targets().get(path);
            if (found != null) {
                return Optional.of(found);
            }
            if (t.delegations() != null) {
                List<String[]> children = new ArrayList<>();
                for (DelegatedRole d : t.delegations().roles()) {
                    if (d.isDelegatedPath(path)) {
                        children.add(new String[] {d.name(), role});
                        if (d.terminating()) {
                            stack.clear();
                            break;
                        }
                    }
                }
                Collections.reverse(children);
                children.forEach(stack::push);
            }
        }
        return Optional.empty();
    }

    /** The target, or UNKNOWN_TARGET. */
    public TargetInfo requireTarget(String path) {
        return targetInfo(path).orElseThrow(() -> new TufException(Reason.UNKNOWN_TARGET,
                "no trusted targets metadata lists " + path));
    }

    /**
     * Where a target is stored locally in {@code dir}: its path URL-encoded into one file name ("/" becomes
     * %2F; a path of only dots has them encoded too, as "." and ".." name folders).
     */
    public static Path localPath(Path dir, TargetInfo target) {
        String name = encodeAll(target.path());
        return dir.resolve(name.chars().allMatch(c -> c == '.') ? name.replace(".", "%2E") : name);
    }

    /** The file if it is already in {@code dir} with the right length and hashes. */
    public Optional<Path> findCached(TargetInfo target, Path dir) {
        Path p = localPath(dir, target);
        try {
            if (Files.isRegularFile(p) && Files.size(p) == target.length() && verifyFile(p, target)) {
                return Optional.of(p);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Streams a file through every supported hash the target names. */
    public static boolean verifyFile(Path file, TargetInfo target) throws IOException {
        Map<String, MessageDigest> digests = new HashMap<>();
        target.hashes().keySet().stream().filter(h -> Hashes.jdkName(h) != null).forEach(h -> digests.put(h, Hashes.digest(h)));
        if (digests.isEmpty()) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            // 1 MiB reads: fewer system calls; the digest itself runs on the CPU's SHA instructions.
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf)) > 0) {
                for (MessageDigest d : digests.values()) {
                    d.update(buf, 0, n);
                }
            }
        }
        for (Map.Entry<String, MessageDigest> e : digests.entrySet()) {
            String actual = org.bouncycastle.util.encoders.Hex.toHexString(e.getValue().digest());
            if (!actual.equalsIgnoreCase(target.hashes().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The URL of a target, hash-prefixed under consistent snapshots (specification 5.7.3). */
    public URI targetUrl(TargetInfo target) {
        if (targetsUrl == null) {
            throw new TufException(Reason.CONFIG, "no targets URL configured");
        }
        String path = target.path();
        if (root.signed().consistentSnapshot()) {
            String hash = target.hashes().containsKey("sha256") ? target.hashes().get("sha256")
                    : target.hashes().values().iterator().next();
            int slash = path.lastIndexOf('/');
            path = slash < 0 ? hash + "." + path : path.substring(0, slash + 1) + hash + "." + path.substring(slash + 1);
        }
        StringBuilder b = new StringBuilder();
        for (String seg : path.split("/", -1)) {
            b.append(b.length() == 0 ? "" : "/").append(encode(seg));
        }
        return targetsUrl.resolve(b.toString());
    }

    /** Downloads a target into {@code dir} and returns the verified file. */
    public Path download(TargetInfo target, Path dir) {
        Path dest = localPath(dir, target);
        fetcher.fetchTarget(targetUrl(target), target, dest);
        return dest;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodeAll(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    }
}
