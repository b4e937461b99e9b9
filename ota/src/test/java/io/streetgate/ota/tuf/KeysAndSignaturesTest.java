package io.streetgate.ota.tuf;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    void rsaPssKeysSignVerifyAndKeepTheirPrivatePartInA0600File() throws Exception {
        SigningKey k = SigningKey.generate("rsa");
        assertEquals("rsa", k.publicKey().keytype());
        assertEquals("rsassa-pss-sha256", k.publicKey().scheme());
        assertTrue(k.publicKey().publicValue().startsWith("-----BEGIN PUBLIC KEY-----\n"), "PEM, as securesystemslib writes it");
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        byte[] sig = k.sign(data);
        assertTrue(k.publicKey().verify(data, sig));
        assertFalse(k.publicKey().verify("payloae".getBytes(StandardCharsets.UTF_8), sig));
        sig[sig.length / 2] ^= 1;
        assertFalse(k.publicKey().verify(data, sig));

        Path f = dir.resolve("keys/rsa.key");
        KeyFiles.writePrivate(f, k);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        SigningKey back = SigningKey.read(f);
        assertEquals(k.keyId(), back.keyId());
        assertTrue(k.publicKey().verify(data, back.sign(data)));
        KeyFiles.writePublic(dir.resolve("rsa.pub"), k.publicKey());
        assertEquals(k.publicKey(), KeyFiles.readPublic(dir.resolve("rsa.pub")));
    }

    /** Signs as Go's and OpenSSL's "auto" salt do: the longest salt the modulus leaves room for. */
    @Test
    void rsaPssSignaturesWithTheLongestSaltVerifyToo() {
        AsymmetricCipherKeyPair pair = rsaPair(2048);
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        assertTrue(keyOf("rsa", "rsassa-pss-sha256", pair).verify(data, pssSign(pair, 256 - 32 - 2, data)));
    }

    @Test
    void rsaKeysShorterThan2048BitsAreRefused() {
        AsymmetricCipherKeyPair pair = rsaPair(1024);
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        assertFalse(keyOf("rsa", "rsassa-pss-sha256", pair).verify(data, pssSign(pair, 32, data)),
                "NIST SP 800-131A: 1024-bit RSA no longer signs");
    }

    static AsymmetricCipherKeyPair rsaPair(int bits) {
        RSAKeyPairGenerator g = new RSAKeyPairGenerator();
        g.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), new SecureRandom(), bits, 64));
        return g.generateKeyPair();
    }

    static byte[] pssSign(AsymmetricCipherKeyPair pair, int saltLength, byte[] data) {
        PSSSigner s = new PSSSigner(new RSAEngine(), new SHA256Digest(), saltLength);
        s.init(true, pair.getPrivate());
        s.update(data, 0, data.length);
        try {
            return s.generateSignature();
        } catch (org.bouncycastle.crypto.CryptoException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void ecdsaIsAcceptedOnP256OnlyNotOnAnyOther256BitCurve() {
        X9ECParameters k1 = SECNamedCurves.getByName("secp256k1");
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(new ECDomainParameters(k1.getCurve(), k1.getG(), k1.getN(), k1.getH()), new SecureRandom()));
        AsymmetricCipherKeyPair pair = g.generateKeyPair();
        Key pub = keyOf("ecdsa", "ecdsa-sha2-nistp256", pair);
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        ECDSASigner s = new ECDSASigner();
        s.init(true, pair.getPrivate());
        BigInteger[] rs = s.generateSignature(Key.sha256(data));
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(rs[0]));
        v.add(new ASN1Integer(rs[1]));
        byte[] sig;
        try {
            sig = new DERSequence(v).getEncoded();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(256, ((ECPrivateKeyParameters) pair.getPrivate()).getParameters().getCurve().getFieldSize(),
                "a 256-bit curve, so a check of the field size alone lets it through");
        assertFalse(pub.verify(data, sig), "a secp256k1 key under the scheme ecdsa-sha2-nistp256");
    }

    @Test
    void aKeyOfOneTypeCannotPoseAsAnother() {
        Ed25519KeyPairGenerator g = new Ed25519KeyPairGenerator();
        g.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        AsymmetricCipherKeyPair pair = g.generateKeyPair();
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, (Ed25519PrivateKeyParameters) pair.getPrivate());
        s.update(data, 0, data.length);
        byte[] sig = s.generateSignature();
        assertTrue(keyOf("ed25519", "ed25519", pair).verify(data, sig), "the same key under its own type verifies");
        assertFalse(keyOf("ecdsa", "ecdsa-sha2-nistp256", pair).verify(data, sig), "an Ed25519 key posing as ECDSA");
        assertFalse(keyOf("rsa", "rsassa-pss-sha256", pair).verify(data, sig), "an Ed25519 key posing as RSA");
    }

    /** A key object of any type and scheme holding the public half of {@code pair} as PEM. */
    static Key keyOf(String keytype, String scheme, AsymmetricCipherKeyPair pair) {
        try {
            byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic()).getEncoded();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("keytype", keytype);
            json.put("scheme", scheme);
            json.put("keyval", new LinkedHashMap<>(Map.of("public", Key.pem(spki))));
            return Key.fromJson(json, "test key");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aKeyListedUnderTwoIdsCountsOnceTowardTheThreshold() {
        SigningKey a = SigningKey.generate("ed25519");
        String alias = "0".repeat(63) + "1";
        Map<String, Key> keys = Map.of(a.keyId(), a.publicKey(), alias, a.publicKey());
        RoleKeys role = new RoleKeys(List.of(a.keyId(), alias), 2);
        Targets t = new Targets(Signed.SPEC_VERSION, 1, Instant.parse("2030-01-01T00:00:00Z"), Map.of(), null, Map.of());
        Metadata<Targets> once = Metadata.of(t).sign(a);
        // The holder of the one key signs again under the second id: the same signature, another key id.
        Map<String, Object> json = Json.parseObject(once.toBytes(), "t");
        List<Object> sigs = new ArrayList<>(Json.array(json, "signatures", "t"));
        Map<String, Object> second = new LinkedHashMap<>(Json.asObject(sigs.get(0), "t"));
        second.put("keyid", alias);
        sigs.add(second);
        json.put("signatures", sigs);
        Metadata<Targets> twice = Metadata.parse(CanonicalJson.encode(json), Targets.class, "targets.json");
        TufException e = assertThrows(TufException.class, () -> twice.verifyThreshold(keys, role, "targets.json"));
        assertEquals(TufException.Reason.UNSIGNED, e.reason());
        assertTrue(e.getMessage().contains("1 valid signature(s)"), e.getMessage());
        assertEquals(1, twice.validSigners(keys, role).size());
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
