package io.streetgate.ota.client;

import io.streetgate.ota.testkit.SimRepo;
import io.streetgate.ota.tuf.CanonicalJson;
import io.streetgate.ota.tuf.DelegatedRole;
import io.streetgate.ota.tuf.Delegations;
import io.streetgate.ota.tuf.Hashes;
import io.streetgate.ota.tuf.Json;
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
import io.streetgate.ota.tuf.TufException.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each attack TUF is built to stop (specification section 1.5.2), served against the client: it must refuse
 * with the right reason and keep the metadata it trusted before.
 */
class TufClientAttackTest {
    @TempDir
    Path tmp;
    SimRepo repo;
    Path metaDir;
    AtomicReference<Instant> now = new AtomicReference<>(SimRepo.T0.plusSeconds(60));
    byte[] app;

    @BeforeEach
    void setUp() throws Exception {
        repo = new SimRepo(2);
        app = repo.addTarget("bundles/app-1.1.0.tar", "good bundles".getBytes(StandardCharsets.UTF_8), Map.of());
        repo.publish();
        metaDir = tmp.resolve("meta");
        Files.createDirectories(metaDir);
        Files.write(metaDir.resolve("root.json"), repo.rootBytes());
    }

    TufClient client() {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        return TufClient.builder().metadataDir(metaDir).metadataUrl(SimRepo.METADATA).targetsUrl(SimRepo.TARGETS)
                .fetcher(repo.fetcher()).clock(clock).build();
    }

    /** Refreshes once successfully and returns the trusted files, to compare after an attack. */
    Map<String, byte[]> trustedBaseline() throws Exception {
        client().refresh();
        return snapshotOfStore();
    }

    Map<String, byte[]> snapshotOfStore() throws Exception {
        Map<String, byte[]> m = new java.util.TreeMap<>();
        try (var s = Files.list(metaDir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                m.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    void assertStoreUnchanged(Map<String, byte[]> before) throws Exception {
        Map<String, byte[]> after = snapshotOfStore();
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k + " changed"));
    }

    TufException refused(Reason reason) {
        TufException e = assertThrows(TufException.class, () -> client().refresh());
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    @Test
    void normalUpdateWorks() throws Exception {
        TufClient c = client();
        TufClient.State s = c.refresh();
        assertEquals(1, s.rootVersion());
        Path f = c.download(c.requireTarget("bundles/app-1.1.0.tar"), tmp.resolve("dl"));
        assertArrayEquals(app, Files.readAllBytes(f));
        assertTrue(repo.requests.contains("metadata/2.targets.json"), "consistent snapshot names: " + repo.requests);
    }

    @Test
    void arbitrarySoftwareIsRefusedAndNeverWritten() throws Exception {
        TufClient c = client();
        c.refresh();
        TargetInfo t = c.requireTarget("bundles/app-1.1.0.tar");
        repo.files.put("targets/" + SimRepo.servedName(t), "evil bundles".getBytes(StandardCharsets.UTF_8));
        TufException e = assertThrows(TufException.class, () -> c.download(t, tmp.resolve("dl")));
        assertEquals(Reason.HASH_MISMATCH, e.reason());
        assertFalse(Files.exists(TufClient.localPath(tmp.resolve("dl"), t)), "no unverified file at the destination");
    }

    @Test
    void forgedTargetsMetadataWithoutTheKeysIsRefused() throws Exception {
        Map<String, byte[]> before = trustedBaseline();
        SigningKey attacker = SigningKey.generate("ed25519");
        Targets evil = repo.targets.withTarget(new TargetInfo("bundles/evil.tar", 4, Map.of("sha256", Hashes.sha256Hex("evil".getBytes())), null))
                .withVersion(repo.targets.version() + 1, SimRepo.T0.plus(Duration.ofDays(9)));
        serveTargetsAndNewSnapshot(Metadata.of(evil).sign(attacker).toBytes(), evil.version());
        refused(Reason.UNSIGNED);
        assertStoreUnchanged(updatedBaseline(before));
    }

    /** Timestamp and snapshot change when new ones are served; a test compares only the roles the attack targets. */
    Map<String, byte[]> updatedBaseline(Map<String, byte[]> before) throws Exception {
        Map<String, byte[]> now = snapshotOfStore();
        now.put("targets.json", before.get("targets.json"));
        now.put("root.json", before.get("root.json"));
        return now;
    }

    void serveTargetsAndNewSnapshot(byte[] targetsBytes, long version) {
        repo.files.put("metadata/" + version + ".targets.json", targetsBytes);
        repo.snapshotVersion++;
        Snapshot s = new Snapshot(Signed.SPEC_VERSION, repo.snapshotVersion, SimRepo.T0.plus(Duration.ofDays(7)),
                Map.of("targets.json", new MetaInfo(version, null, Map.of())), Map.of());
        byte[] sb = repo.sign(Metadata.of(s), "snapshot").toBytes();
        repo.files.put("metadata/" + repo.snapshotVersion + ".snapshot.json", sb);
        repo.publishTimestamp(repo.snapshotVersion, sb);
    }

    @Test
    void keyCompromiseUnderThresholdIsRefused() throws Exception {
        Map<String, byte[]> before = trustedBaseline();
        // The attacker holds one of the two targets keys (threshold 2).
        SigningKey stolen = repo.signers.get("targets").get(0);
        Targets evil = repo.targets.withTarget(new TargetInfo("bundles/evil.tar", 4, Map.of("sha256", Hashes.sha256Hex("evil".getBytes())), null))
                .withVersion(repo.targets.version() + 1, SimRepo.T0.plus(Duration.ofDays(9)));
        serveTargetsAndNewSnapshot(Metadata.of(evil).sign(stolen).toBytes(), evil.version());
        TufException e = refused(Reason.UNSIGNED);
        assertTrue(e.getMessage().contains("1 valid signature(s) of the 2 trusted key(s); the threshold is 2"), e.getMessage());
        assertStoreUnchanged(updatedBaseline(before));
    }

    @Test
    void rollbackOfTimestampIsRefused() throws Exception {
        byte[] oldTimestamp = repo.files.get("metadata/timestamp.json");
        repo.publish();
        Map<String, byte[]> before = trustedBaseline();
        repo.files.put("metadata/timestamp.json", oldTimestamp);
        TufException e = refused(Reason.ROLLBACK);
        assertTrue(e.getMessage().contains("older than the trusted version"), e.getMessage());
        assertStoreUnchanged(before);
    }

    @Test
    void rollbackOfTargetsInSnapshotIsRefused() throws Exception {
        Map<String, byte[]> before = trustedBaseline();
        // A correctly signed snapshot (online key compromised) naming an older targets version.
        serveTargetsAndNewSnapshot(repo.files.get("metadata/1.targets.json"), 1);
        TufException e = refused(Reason.ROLLBACK);
        assertTrue(e.getMessage().contains("targets.json version 1, older than the trusted 2"), e.getMessage());
        Map<String, byte[]> after = snapshotOfStore();
        assertArrayEquals(before.get("snapshot.json"), after.get("snapshot.json"));
        assertArrayEquals(before.get("targets.json"), after.get("targets.json"));
    }

    @Test
    void indefiniteFreezeIsRefusedOnceTheTimestampExpires() throws Exception {
        Map<String, byte[]> before = trustedBaseline();
        now.set(SimRepo.T0.plus(Duration.ofDays(2)));
        TufException e = refused(Reason.EXPIRED);
        assertTrue(e.getMessage().startsWith("timestamp.json version"), e.getMessage());
        assertStoreUnchanged(before);
    }

    @Test
    void endlessDataIsCutAtTheLimit() throws Exception {
        Map<String, byte[]> before = trustedBaseline();
        repo.files.put("metadata/timestamp.json", new byte[100_000]);
        refused(Reason.TOO_LARGE);
        assertStoreUnchanged(before);
    }

    @Test
    void mixAndMatchIsRefused() throws Exception {
        Map<String, byte[]> before = trustedBaseline();
        repo.publish();
        // The mirror serves the snapshot the timestamp names with other (older, validly signed) content.
        repo.files.put("metadata/" + repo.snapshotVersion + ".snapshot.json", repo.files.get("metadata/1.snapshot.json"));
        TufException e = assertThrows(TufException.class, () -> client().refresh());
        assertTrue(List.of(Reason.LENGTH_MISMATCH, Reason.HASH_MISMATCH).contains(e.reason()), e.getMessage());
        assertTrue(e.getMessage().contains(repo.snapshotVersion + ".snapshot.json"), e.getMessage());
        assertArrayEquals(before.get("snapshot.json"), snapshotOfStore().get("snapshot.json"));

        // Without lengths and hashes in the timestamp the version inside still has to match.
        Timestamp ts = new Timestamp(Signed.SPEC_VERSION, repo.timestampVersion + 5, SimRepo.T0.plus(Duration.ofDays(1)),
                MetaInfo.of(repo.snapshotVersion), Map.of());
        repo.files.put("metadata/timestamp.json", repo.sign(Metadata.of(ts), "timestamp").toBytes());
        refused(Reason.BAD_VERSION);
        assertArrayEquals(before.get("snapshot.json"), snapshotOfStore().get("snapshot.json"));
    }

    @Test
    void fastForwardRecoveryAfterTheTimestampKeyIsRotated() throws Exception {
        trustedBaseline();
        // An attacker with the timestamp key fast-forwards the version to 1000.
        Timestamp ff = new Timestamp(Signed.SPEC_VERSION, 1000, SimRepo.T0.plus(Duration.ofDays(1)),
                new MetaInfo(repo.snapshotVersion, null, Map.of()), Map.of());
        repo.files.put("metadata/timestamp.json", repo.sign(Metadata.of(ff), "timestamp").toBytes());
        assertEquals(1000, client().refresh().timestampVersion());
        // The repository rotates the timestamp key; honest timestamps resume at a low version.
        SigningKey oldRoot = repo.signers.get("root").get(0);
        SigningKey fresh = repo.rotate("timestamp");
        repo.signers.put("timestamp", List.of(fresh));
        repo.publishRoot(oldRoot);
        repo.publish();
        TufClient.State s = client().refresh();
        assertEquals(2, s.rootVersion());
        assertEquals(repo.timestampVersion, s.timestampVersion());
        assertTrue(s.timestampVersion() < 1000);
    }

    @Test
    void fastForwardRecoveryAfterOnlyTheSnapshotKeyIsRotated() throws Exception {
        trustedBaseline();
        // An attacker with the snapshot key (and the online timestamp key) fast-forwards the snapshot to 1000.
        Snapshot ff = new Snapshot(Signed.SPEC_VERSION, 1000, SimRepo.T0.plus(Duration.ofDays(7)),
                Map.of("targets.json", MetaInfo.of(repo.targets.version())), Map.of());
        byte[] ffBytes = repo.sign(Metadata.of(ff), "snapshot").toBytes();
        repo.files.put("metadata/1000.snapshot.json", ffBytes);
        repo.publishTimestamp(1000, ffBytes);
        assertEquals(1000, client().refresh().snapshotVersion());
        // The repository rotates the snapshot key only; honest snapshots resume at a low version.
        repo.signers.put("snapshot", List.of(repo.rotate("snapshot")));
        repo.publishRoot();
        repo.publish();
        // Specification 5.3.11: the trusted timestamp goes with the snapshot, or its snapshot version 1000 would
        // refuse every honest timestamp as a rollback.
        TufClient.State s = client().refresh();
        assertEquals(2, s.rootVersion());
        assertEquals(repo.snapshotVersion, s.snapshotVersion());
        assertTrue(s.snapshotVersion() < 1000);
    }

    /**
     * Two delegators each delegate the role "release" with their own key; release is signed with A's key only.
     * Reached through B, the role loaded through A must be checked against B's key, and fail.
     */
    @Test
    void aRoleReachedThroughAnotherDelegatorIsCheckedAgainstThatDelegatorsKeys() throws Exception {
        SigningKey parentA = SigningKey.generate("ed25519");
        SigningKey parentB = SigningKey.generate("ed25519");
        SigningKey releaseA = SigningKey.generate("ed25519");
        SigningKey releaseB = SigningKey.generate("ed25519");
        Instant exp = SimRepo.T0.plus(Duration.ofDays(9));
        repo.targets = new Targets(Signed.SPEC_VERSION, repo.targets.version() + 1, exp, repo.targets.targets(),
                new Delegations(Map.of(parentA.keyId(), parentA.publicKey(), parentB.keyId(), parentB.publicKey()), List.of(
                        new DelegatedRole("parent-a", new RoleKeys(List.of(parentA.keyId()), 1), false, List.of("team-a/*"), null),
                        new DelegatedRole("parent-b", new RoleKeys(List.of(parentB.keyId()), 1), false, List.of("team-b/*"), null))),
                Map.of());
        Targets a = new Targets(Signed.SPEC_VERSION, 1, exp, Map.of(), new Delegations(Map.of(releaseA.keyId(), releaseA.publicKey()),
                List.of(new DelegatedRole("release", new RoleKeys(List.of(releaseA.keyId()), 1), false, List.of("team-a/*"), null))), Map.of());
        Targets b = new Targets(Signed.SPEC_VERSION, 1, exp, Map.of(), new Delegations(Map.of(releaseB.keyId(), releaseB.publicKey()),
                List.of(new DelegatedRole("release", new RoleKeys(List.of(releaseB.keyId()), 1), false, List.of("team-b/*"), null))), Map.of());
        Targets release = new Targets(Signed.SPEC_VERSION, 1, exp, Map.of(
                "team-a/app.tar", new TargetInfo("team-a/app.tar", 7, Map.of("sha256", Hashes.sha256Hex("trusted".getBytes())), null),
                "team-b/app.tar", new TargetInfo("team-b/app.tar", 9, Map.of("sha256", Hashes.sha256Hex("malicious".getBytes())), null)),
                null, Map.of());
        repo.files.put("metadata/1.parent-a.json", Metadata.of(a).sign(parentA).toBytes());
        repo.files.put("metadata/1.parent-b.json", Metadata.of(b).sign(parentB).toBytes());
        repo.files.put("metadata/1.release.json", Metadata.of(release).sign(releaseA).toBytes());
        repo.files.put("metadata/" + repo.targets.version() + ".targets.json", repo.signedTargets().toBytes());
        repo.snapshotVersion++;
        Snapshot snap = new Snapshot(Signed.SPEC_VERSION, repo.snapshotVersion, SimRepo.T0.plus(Duration.ofDays(7)), Map.of(
                "targets.json", MetaInfo.of(repo.targets.version()), "parent-a.json", MetaInfo.of(1),
                "parent-b.json", MetaInfo.of(1), "release.json", MetaInfo.of(1)), Map.of());
        byte[] sb = repo.sign(Metadata.of(snap), "snapshot").toBytes();
        repo.files.put("metadata/" + repo.snapshotVersion + ".snapshot.json", sb);
        repo.publishTimestamp(repo.snapshotVersion, sb);

        TufClient c = client();
        c.refresh();
        assertEquals(7, c.requireTarget("team-a/app.tar").length(), "through A, release's own signature suffices");
        TufException e = assertThrows(TufException.class, () -> c.targetInfo("team-b/app.tar"));
        assertEquals(Reason.UNSIGNED, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("release.json (as delegated by parent-b)"), e.getMessage());
    }

    @Test
    void aTargetHashThatIsNotLowerCaseHexIsRefusedBeforeItNamesAnyFile() throws Exception {
        Map<String, byte[]> before = trustedBaseline();
        // A targets signer (its keys are trusted) names a "hash" that would walk out of a download folder.
        Map<String, Object> signed = Json.parseObject(repo.signedTargets().toBytes(), "targets");
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) signed.get("signed");
        body.put("version", repo.targets.version() + 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> entry = (Map<String, Object>) ((Map<String, Object>) body.get("targets")).get("bundles/app-1.1.0.tar");
        entry.put("hashes", Map.of("sha256", "../../../etc/cron.d/x"));
        List<Object> sigs = new java.util.ArrayList<>();
        for (SigningKey k : repo.signers.get("targets")) {
            sigs.add(Map.of("keyid", k.keyId(), "sig", org.bouncycastle.util.encoders.Hex.toHexString(k.sign(CanonicalJson.encode(body)))));
        }
        signed.put("signatures", sigs);
        serveTargetsAndNewSnapshot(CanonicalJson.pretty(signed), repo.targets.version() + 1);
        TufException e = refused(Reason.FORMAT);
        assertTrue(e.getMessage().contains("hashes.sha256 is \"../../../etc/cron.d/x\"; a hash is written as 64 lower-case hex digits"),
                e.getMessage());
        assertStoreUnchanged(updatedBaseline(before));
    }

    @Test
    void aTargetPathOfDotsIsStoredInsideTheDownloadFolder() {
        Path dl = tmp.resolve("dl");
        for (String path : List.of(".", "..", "...")) {
            TargetInfo t = new TargetInfo(path, 1, Map.of("sha256", Hashes.sha256Hex("x".getBytes())), null);
            Path local = TufClient.localPath(dl, t);
            assertEquals(dl, local.normalize().getParent(), path + " became " + local);
        }
    }

    @Test
    void extraneousDependenciesOutsideADelegationAreIgnored() throws Exception {
        SigningKey delegate = SigningKey.generate("ed25519");
        DelegatedRole role = new DelegatedRole("images", new RoleKeys(List.of(delegate.keyId()), 1), false,
                List.of("images/*"), null);
        repo.targets = new Targets(Signed.SPEC_VERSION, repo.targets.version() + 1, SimRepo.T0.plus(Duration.ofDays(9)),
                repo.targets.targets(), new Delegations(Map.of(delegate.keyId(), delegate.publicKey()), List.of(role)), Map.of());
        // The delegated role signs one image it may sign and one bundle it may not.
        Targets images = new Targets(Signed.SPEC_VERSION, 1, SimRepo.T0.plus(Duration.ofDays(9)), Map.of(
                "images/rpi4.img", new TargetInfo("images/rpi4.img", 3, Map.of("sha256", Hashes.sha256Hex("img".getBytes())), null),
                "bundles/extra.tar", new TargetInfo("bundles/extra.tar", 3, Map.of("sha256", Hashes.sha256Hex("bad".getBytes())), null)),
                null, Map.of());
        byte[] ib = Metadata.of(images).sign(delegate).toBytes();
        repo.files.put("metadata/1.images.json", ib);
        byte[] tb = repo.signedTargets().toBytes();
        repo.files.put("metadata/" + repo.targets.version() + ".targets.json", tb);
        repo.snapshotVersion++;
        Snapshot s = new Snapshot(Signed.SPEC_VERSION, repo.snapshotVersion, SimRepo.T0.plus(Duration.ofDays(7)),
                Map.of("targets.json", MetaInfo.of(repo.targets.version()), "images.json", MetaInfo.of(1)), Map.of());
        byte[] sb = repo.sign(Metadata.of(s), "snapshot").toBytes();
        repo.files.put("metadata/" + repo.snapshotVersion + ".snapshot.json", sb);
        repo.publishTimestamp(repo.snapshotVersion, sb);

        TufClient c = client();
        c.refresh();
        assertTrue(c.targetInfo("images/rpi4.img").isPresent());
        assertTrue(c.targetInfo("bundles/extra.tar").isEmpty(), "a delegate cannot sign outside its paths");
    }

    @Test
    void wrongTargetContentUnderATrustedNameIsRefused() throws Exception {
        repo.addTarget("bundles/other.tar", "other bundle".getBytes(StandardCharsets.UTF_8), Map.of());
        repo.publish();
        TufClient c = client();
        c.refresh();
        TargetInfo app1 = c.requireTarget("bundles/app-1.1.0.tar");
        TargetInfo other = c.requireTarget("bundles/other.tar");
        repo.files.put("targets/" + SimRepo.servedName(app1), repo.files.get("targets/" + SimRepo.servedName(other)));
        Reason r = assertThrows(TufException.class, () -> c.download(app1, tmp.resolve("dl"))).reason();
        assertTrue(List.of(Reason.LENGTH_MISMATCH, Reason.HASH_MISMATCH).contains(r), r.toString());
        assertEquals(Reason.UNKNOWN_TARGET, assertThrows(TufException.class, () -> c.requireTarget("bundles/nope.tar")).reason());
    }

    @Test
    void rootRotationDoneRightIsFollowedThroughSeveralVersions() throws Exception {
        trustedBaseline();
        SigningKey k1 = repo.signers.get("root").get(0);
        SigningKey k2 = repo.rotate("root");
        repo.signers.put("root", List.of(k2));
        repo.publishRoot(k1);
        SigningKey k3 = repo.rotate("root");
        repo.signers.put("root", List.of(k3));
        repo.publishRoot(k2);
        repo.publish();
        assertEquals(3, client().refresh().rootVersion());
        assertEquals(3, Metadata.parse(Files.readAllBytes(metaDir.resolve("root.json")), Root.class, "r").signed().version());
    }

    @Test
    void rootRotationSignedOnlyByTheNewKeysIsRefused() throws Exception {
        Map<String, byte[]> before = trustedBaseline();
        SigningKey k2 = repo.rotate("root");
        repo.signers.put("root", List.of(k2));
        repo.publishRoot();
        TufException e = refused(Reason.UNSIGNED);
        assertTrue(e.getMessage().contains("checked against the root keys of version 1"), e.getMessage());
        assertStoreUnchanged(before);
    }

    @Test
    void rootRotationSignedOnlyByTheOldKeysIsRefused() throws Exception {
        Map<String, byte[]> before = trustedBaseline();
        SigningKey k1 = repo.signers.get("root").get(0);
        repo.rotate("root");
        repo.signers.put("root", List.of());
        repo.publishRoot(k1);
        TufException e = refused(Reason.UNSIGNED);
        assertTrue(e.getMessage().contains("checked against its own root keys"), e.getMessage());
        assertStoreUnchanged(before);
    }

    @Test
    void rootWithASkippedVersionIsRefused() throws Exception {
        Map<String, byte[]> before = trustedBaseline();
        SigningKey k1 = repo.signers.get("root").get(0);
        repo.root = repo.root.withVersion(3, SimRepo.T0.plus(Duration.ofDays(30)));
        Metadata<Root> m = repo.sign(Metadata.of(repo.root), "root");
        repo.files.put("metadata/2.root.json", m.sign(k1).toBytes());
        refused(Reason.BAD_VERSION);
        assertStoreUnchanged(before);
    }

    @Test
    void expiredFinalRootIsRefusedButIntermediateExpiredRootsAreWalked() throws Exception {
        trustedBaseline();
        SigningKey k1 = repo.signers.get("root").get(0);
        repo.root = repo.root.withVersion(2, SimRepo.T0.plusSeconds(120));
        repo.publishRoot();
        repo.root = repo.root.withVersion(3, SimRepo.T0.plus(Duration.ofDays(400)));
        repo.publishRoot();
        now.set(SimRepo.T0.plus(Duration.ofHours(1)));
        repo.now = now.get();
        repo.publish();
        assertEquals(3, client().refresh().rootVersion(), "version 2 expired on the way; only the final root must be valid");
        assertTrue(k1 != null);
    }

    @Test
    void trustedRootThatIsNotSelfSignedIsRefusedAtStart() throws Exception {
        Metadata<Root> unsigned = Metadata.of(repo.root);
        Files.write(metaDir.resolve("root.json"), unsigned.toBytes());
        assertEquals(Reason.UNSIGNED, assertThrows(TufException.class, this::client).reason());
    }

    @Test
    void unusedKeyInRoleListsDoNotCount() {
        Key k = repo.signers.get("targets").get(0).publicKey();
        assertTrue(k.isSupported());
    }
}
