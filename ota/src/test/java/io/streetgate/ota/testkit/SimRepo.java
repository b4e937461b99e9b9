package io.streetgate.ota.testkit;

import io.streetgate.ota.download.Fetcher;
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

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A repository that tests (and attackers in tests) control completely: it signs with keys it makes, serves its
 * files from memory through {@link #fetcher()} or over HTTP through {@link TestHttpServer}, and lets a test
 * replace any served file with a forged one.
 */
public final class SimRepo {
    public static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    public static final URI METADATA = URI.create("http://repo.test/metadata/");
    public static final URI TARGETS = URI.create("http://repo.test/targets/");

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Served files by path: "metadata/1.root.json", "targets/abc.app.tar". */
    public final Map<String, byte[]> files = new ConcurrentHashMap<>();
    public final Map<String, List<SigningKey>> signers = new HashMap<>();
    public final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
    public final AtomicInteger fetches = new AtomicInteger();

    public Root root;
    public Metadata<Root> signedRoot;
    public Targets targets;
    public long snapshotVersion;
    public long timestampVersion;
    public Map<String, byte[]> targetBytes = new LinkedHashMap<>();
    public Instant now = T0;
    public boolean consistent = true;

    public SimRepo() {
        this(1);
    }

    /** A repository whose roles each have {@code threshold} of {@code threshold} keys... or one key each. */
    public SimRepo(int targetsThreshold) {
        Map<String, Key> keys = new LinkedHashMap<>();
        Map<String, RoleKeys> roles = new LinkedHashMap<>();
        for (String role : List.of("root", "targets", "snapshot", "timestamp")) {
            int n = role.equals("targets") ? Math.max(targetsThreshold, 1) : 1;
            List<SigningKey> ks = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                SigningKey k = SigningKey.generate(i % 2 == 1 ? "ecdsa" : "ed25519", RANDOM);
                ks.add(k);
                ids.add(k.keyId());
                keys.put(k.keyId(), k.publicKey());
            }
            signers.put(role, ks);
            roles.put(role, new RoleKeys(ids, n));
        }
        root = new Root(Signed.SPEC_VERSION, 1, T0.plus(Duration.ofDays(365)), true, keys, roles, Map.of());
        targets = new Targets(Signed.SPEC_VERSION, 1, T0.plus(Duration.ofDays(90)), Map.of(), null, Map.of());
        publishRoot();
        publish();
    }

    /** Signs the current root with the current root keys plus {@code extra} (old keys) and serves it. */
    public Metadata<Root> publishRoot(SigningKey... extra) {
        Metadata<Root> m = Metadata.of(root);
        for (SigningKey k : signers.get("root")) {
            m = m.sign(k);
        }
        for (SigningKey k : extra) {
            m = m.sign(k);
        }
        signedRoot = m;
        files.put("metadata/" + root.version() + ".root.json", m.toBytes());
        files.put("metadata/root.json", m.toBytes());
        return m;
    }

    /** Root N+1 with {@code role} trusting a fresh key; returns the new key. Not yet published. */
    public SigningKey rotate(String role) {
        SigningKey k = SigningKey.generate("ed25519", RANDOM);
        Map<String, Key> keys = Map.of(k.keyId(), k.publicKey());
        root = root.withRole(role, keys, 1).withVersion(root.version() + 1, now.plus(Duration.ofDays(365)));
        return k;
    }

    public byte[] addTarget(String path, byte[] content, Map<String, Object> custom) {
        TargetInfo t = new TargetInfo(path, content.length, Map.of("sha256", Hashes.sha256Hex(content)), custom);
        targets = targets.withTarget(t).withVersion(targets.version() + 1, now.plus(Duration.ofDays(90)));
        targetBytes.put(path, content);
        files.put("targets/" + servedName(t), content);
        return content;
    }

    public static String servedName(TargetInfo t) {
        String h = t.hashes().get("sha256");
        int slash = t.path().lastIndexOf('/');
        return slash < 0 ? h + "." + t.path() : t.path().substring(0, slash + 1) + h + "." + t.path().substring(slash + 1);
    }

    public Metadata<Targets> signedTargets() {
        Metadata<Targets> m = Metadata.of(targets);
        for (SigningKey k : signers.get("targets")) {
            m = m.sign(k);
        }
        return m;
    }

    /** Signs and serves targets, a new snapshot and a new timestamp. */
    public void publish() {
        byte[] t = signedTargets().toBytes();
        files.put("metadata/" + targets.version() + ".targets.json", t);
        files.put("metadata/targets.json", t);
        snapshotVersion++;
        Snapshot s = new Snapshot(Signed.SPEC_VERSION, snapshotVersion, now.plus(Duration.ofDays(7)),
                Map.of("targets.json", new MetaInfo(targets.version(), (long) t.length, Map.of("sha256", Hashes.sha256Hex(t)))), Map.of());
        byte[] sb = sign(Metadata.of(s), "snapshot").toBytes();
        files.put("metadata/" + snapshotVersion + ".snapshot.json", sb);
        files.put("metadata/snapshot.json", sb);
        publishTimestamp(snapshotVersion, sb);
    }

    public void publishTimestamp(long snapVersion, byte[] snapBytes) {
        timestampVersion++;
        Timestamp ts = new Timestamp(Signed.SPEC_VERSION, timestampVersion, now.plus(Duration.ofDays(1)),
                new MetaInfo(snapVersion, (long) snapBytes.length, Map.of("sha256", Hashes.sha256Hex(snapBytes))), Map.of());
        files.put("metadata/timestamp.json", sign(Metadata.of(ts), "timestamp").toBytes());
    }

    public <T extends Signed> Metadata<T> sign(Metadata<T> m, String role) {
        for (SigningKey k : signers.get(role)) {
            m = m.sign(k);
        }
        return m;
    }

    public byte[] rootBytes() {
        return files.get("metadata/1.root.json");
    }

    /** Serves {@link #files} from memory, as a server would: 404 for what is absent, endless data cut at the limit. */
    public Fetcher fetcher() {
        return (uri, maxLength) -> {
            fetches.incrementAndGet();
            String path = uri.getPath().substring(1);
            requests.add(path);
            byte[] b = files.get(path);
            if (b == null) {
                throw new TufException(TufException.Reason.NOT_FOUND, uri + ": HTTP 404");
            }
            if (b.length > maxLength) {
                throw new TufException(TufException.Reason.TOO_LARGE, uri + " sent more than " + maxLength + " bytes");
            }
            return b.clone();
        };
    }
}
