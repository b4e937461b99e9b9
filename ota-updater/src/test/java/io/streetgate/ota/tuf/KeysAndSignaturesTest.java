package io.streetgate.ota.tuf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeysAndSignaturesTest {
    @TempDir
    Path dir;

    @Test
    void ed25519AndEcdsaSignAndVerifyAndRefuseTampering() {
        for (String type : List.of("ed25519", "ecdsa")) {
            SigningKey k = SigningKey.generate(type);
            byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
            byte[] sig = k.sign(data);
            assertTrue(k.publicKey().verify(data, sig), type);
            assertFalse(k.publicKey().verify("payloae".getBytes(StandardCharsets.UTF_8), sig), type);
            sig[sig.length - 1] ^= 1;
            assertFalse(k.publicKey().verify(data, sig), type);
            assertEquals(64, k.keyId().length());
        }
    }

    @Test
    void privateKeyFilesAre0600NeverOverwrittenAndRoundTrip() throws Exception {
        SigningKey k = SigningKey.generate("ecdsa");
        Path f = dir.resolve("keys/alice.key");
        KeyFiles.writePrivate(f, k);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> KeyFiles.writePrivate(f, k));
        SigningKey back = SigningKey.read(f);
        assertEquals(k.keyId(), back.keyId());
        assertFalse(back.toString().contains(Files.readString(f).substring(Files.readString(f).indexOf("private"))));
        KeyFiles.writePublic(dir.resolve("alice.pub"), k.publicKey());
        assertEquals(k.publicKey(), KeyFiles.readPublic(dir.resolve("alice.pub")));
        TufException e = assertThrows(TufException.class, () -> KeyFiles.readPublic(f));
        assertTrue(e.getMessage().contains("private key file"), e.getMessage());
    }

    @Test
    void thresholdCountsEachTrustedKeyOnce() {
        SigningKey a = SigningKey.generate("ed25519");
        SigningKey b = SigningKey.generate("ecdsa");
        SigningKey outsider = SigningKey.generate("ed25519");
        Targets t = new Targets(Signed.SPEC_VERSION, 1, Instant.parse("2030-01-01T00:00:00Z"), Map.of(), null, Map.of());
        Map<String, Key> keys = Map.of(a.keyId(), a.publicKey(), b.keyId(), b.publicKey());
        RoleKeys role = new RoleKeys(List.of(a.keyId(), b.keyId()), 2);
        Metadata<Targets> m = Metadata.of(t).sign(a).sign(a).sign(outsider);
        TufException e = assertThrows(TufException.class, () -> m.verifyThreshold(keys, role, "targets.json"));
        assertEquals(TufException.Reason.UNSIGNED, e.reason());
        assertTrue(e.getMessage().contains("1 valid signature"), e.getMessage());
        m.sign(b).verifyThreshold(keys, role, "targets.json");
    }

    @Test
    void unknownFieldsSurviveAndStayCoveredBySignatures() {
        SigningKey a = SigningKey.generate("ed25519");
        String json = "{\"signed\":{\"_type\":\"targets\",\"spec_version\":\"1.0.31\",\"version\":3,"
                + "\"expires\":\"2031-01-01T00:00:00Z\",\"targets\":{},\"x-future\":{\"n\":1}},\"signatures\":[]}";
        Metadata<Targets> m = Metadata.parse(json.getBytes(StandardCharsets.UTF_8), Targets.class, "t").sign(a);
        Metadata<Targets> back = Metadata.parse(m.toBytes(), Targets.class, "t");
        assertEquals(Map.of("n", 1), back.signed().extra().get("x-future"));
        back.verifyThreshold(Map.of(a.keyId(), a.publicKey()), new RoleKeys(List.of(a.keyId()), 1), "t");
        String forged = new String(m.toBytes(), StandardCharsets.UTF_8).replace("\"n\": 1", "\"n\": 2");
        Metadata<Targets> f = Metadata.parse(forged.getBytes(StandardCharsets.UTF_8), Targets.class, "t");
        assertThrows(TufException.class, () -> f.verifyThreshold(Map.of(a.keyId(), a.publicKey()), new RoleKeys(List.of(a.keyId()), 1), "t"));
    }

    @Test
    void formatErrorsNameTheFieldAndTheFix() {
        String json = "{\"signed\":{\"_type\":\"targets\",\"spec_version\":\"1.0.31\",\"version\":1,"
                + "\"expires\":\"2031-01-01 00:00\",\"targets\":{}},\"signatures\":[]}";
        TufException e = assertThrows(TufException.class,
                () -> Metadata.parse(json.getBytes(StandardCharsets.UTF_8), Targets.class, "targets.json"));
        assertEquals("targets.json.signed.expires: \"2031-01-01 00:00\" is not in the form YYYY-MM-DDTHH:MM:SSZ (UTC, no fraction)",
                e.getMessage());
    }

    @Test
    void versionsOrderLikeSemver() {
        assertTrue(ArtifactVersion.parse("1.10.0").compareTo(ArtifactVersion.parse("1.9.3")) > 0);
        assertTrue(ArtifactVersion.parse("2.0.0-rc.1").isOlderThan(ArtifactVersion.parse("2.0.0")));
        assertTrue(ArtifactVersion.parse("2.0.0-rc.2").compareTo(ArtifactVersion.parse("2.0.0-rc.10")) < 0);
        assertEquals(0, ArtifactVersion.parse("1.2").compareTo(ArtifactVersion.parse("1.2.0")));
    }

    @Test
    void delegationPathPatternsDoNotCrossSlashes() {
        assertTrue(DelegatedRole.globMatches("bundles/*.tar", "bundles/a.tar"));
        assertFalse(DelegatedRole.globMatches("bundles/*.tar", "bundles/x/a.tar"));
        assertFalse(DelegatedRole.globMatches("*", "a/b"));
        assertTrue(DelegatedRole.globMatches("images/rpi[45]-?.img", "images/rpi4-a.img"));
    }
}
