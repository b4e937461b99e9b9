package io.streetgate.ota.tuf;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.util.encoders.Hex;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A public key as TUF metadata writes it: {@code {"keytype", "scheme", "keyval": {"public"}}}.
 *
 * <p>Supported (specification, "keytype" / "scheme"): {@code ed25519}/{@code ed25519} with the 32-byte key
 * hex-encoded; {@code ecdsa} (or {@code ecdsa-sha2-nistp256}) / {@code ecdsa-sha2-nistp256} on the P-256 curve
 * only, the key as a PEM SubjectPublicKeyInfo and DER-encoded signatures over SHA-256; {@code rsa} /
 * {@code rsassa-pss-sha256}, the key as a PEM SubjectPublicKeyInfo and RSASSA-PSS (RFC 8017 section 8.1) with
 * SHA-256 and MGF1-SHA-256. These are the encodings securesystemslib, python-tuf and tuf-js write.
 * Verification is Bouncy Castle's lightweight API, so no JCA provider is registered.
 */
public final class Key {
    public static final String ED25519 = "ed25519";
    public static final String ECDSA = "ecdsa";
    public static final String ECDSA_P256_SCHEME = "ecdsa-sha2-nistp256";
    public static final String RSA = "rsa";
    public static final String RSA_PSS_SCHEME = "rsassa-pss-sha256";

    /** NIST SP 800-131A rev. 2: RSA below 2048 bits is disallowed for signatures. */
    static final int RSA_MIN_BITS = 2048;
    /** Bounds the work one untrusted key can cost a verification. */
    static final int RSA_MAX_BITS = 16384;
    /** FIPS 186-4 appendix D.1.2.3: the only curve accepted for {@code ecdsa-sha2-nistp256}. */
    static final X9ECParameters P256 = NISTNamedCurves.getByName("P-256");
    private static final int SHA256_BYTES = 32;

    private final String keytype;
    private final String scheme;
    private final Map<String, Object> keyval;
    private final Map<String, Object> json;
    private volatile AsymmetricKeyParameter parsed;

    private Key(Map<String, Object> json, String keytype, String scheme, Map<String, Object> keyval) {
        this.json = json;
        this.keytype = keytype;
        this.scheme = scheme;
        this.keyval = keyval;
    }

    /** Reads a key object from metadata; unknown fields are kept so key ids stay what the author computed. */
    public static Key fromJson(Map<String, Object> json, String what) {
        String keytype = Json.string(json, "keytype", what);
        String scheme = Json.string(json, "scheme", what);
        Map<String, Object> keyval = Json.object(json, "keyval", what);
        Json.string(keyval, "public", what + ".keyval");
        return new Key(Json.deepCopy(json), keytype, scheme, Json.deepCopy(keyval));
    }

    public static Key ed25519(byte[] publicKey) {
        if (publicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + publicKey.length);
        }
        return of(ED25519, ED25519, Hex.toHexString(publicKey));
    }

    static Key ecdsaP256(ECPublicKeyParameters publicKey) {
        return of(ECDSA, ECDSA_P256_SCHEME, pem(spki(publicKey)));
    }

    static Key rsaPss(RSAKeyParameters publicKey) {
        return of(RSA, RSA_PSS_SCHEME, pem(spki(publicKey)));
    }

    private static byte[] spki(AsymmetricKeyParameter publicKey) {
        try {
            return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a public key", e);
        }
    }

    private static Key of(String keytype, String scheme, String publicValue) {
        Map<String, Object> keyval = new LinkedHashMap<>();
        keyval.put("public", publicValue);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("keytype", keytype);
        json.put("scheme", scheme);
        json.put("keyval", keyval);
        return new Key(json, keytype, scheme, keyval);
    }

    static String pem(byte[] der) {
        return pem("PUBLIC KEY", der);
    }

    static String pem(String label, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n";
    }

    public String keytype() {
        return keytype;
    }

    public String scheme() {
        return scheme;
    }

    public String publicValue() {
        return (String) keyval.get("public");
    }

    /** The key object as metadata holds it (a copy). */
    public Map<String, Object> toJson() {
        return Json.deepCopy(json);
    }

    /**
     * The key id: hex SHA-256 of the canonical JSON of the key object (specification, "KEYID"). Clients must
     * not rely on it matching (the specification lets repositories pick ids), but ours always does.
     */
    public String keyId() {
        try {
            return Hex.toHexString(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.encode(json)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }

    /** True if this type and scheme can be verified here. */
    public boolean isSupported() {
        return (ED25519.equals(keytype) && ED25519.equals(scheme))
                || ((ECDSA.equals(keytype) || ECDSA_P256_SCHEME.equals(keytype)) && ECDSA_P256_SCHEME.equals(scheme))
                || (RSA.equals(keytype) && RSA_PSS_SCHEME.equals(scheme));
    }

    /** Verifies one signature; false for a bad signature, an unsupported key or malformed key material. */
    public boolean verify(byte[] data, byte[] signature) {
        if (!isSupported()) {
            return false;
        }
        try {
            AsymmetricKeyParameter k = parsed();
            if (k instanceof Ed25519PublicKeyParameters ed) {
                Ed25519Signer v = new Ed25519Signer();
                v.init(false, ed);
                v.update(data, 0, data.length);
                return v.verifySignature(signature);
            }
            if (k instanceof ECPublicKeyParameters ec) {
                BigInteger[] rs = decodeDer(signature);
                if (rs == null) {
                    return false;
                }
                ECDSASigner v = new ECDSASigner();
                v.init(false, ec);
                return v.verifySignature(sha256(data), rs[0], rs[1]);
            }
            if (k instanceof RSAKeyParameters rsa) {
                return verifyPss(rsa, data, signature);
            }
            return false;
        } catch (RuntimeException | IOException e) {
            return false;
        }
    }

    /**
     * RSASSA-PSS leaves the salt length to the signer. securesystemslib, go-tuf and cloud KMS sign with a salt
     * as long as the digest; Go's and OpenSSL's "auto" sign with the longest salt that fits (RFC 8017
     * section 9.1.1: emLen - hLen - 2). Both are tried; a wrong length only fails to verify.
     */
    private static boolean verifyPss(RSAKeyParameters key, byte[] data, byte[] signature) {
        int emLen = (key.getModulus().bitLength() - 1 + 7) / 8;
        for (int salt : new int[] {SHA256_BYTES, emLen - SHA256_BYTES - 2}) {
            PSSSigner v = new PSSSigner(new RSAEngine(), new SHA256Digest(), salt);
            v.init(false, key);
            v.update(data, 0, data.length);
            if (v.verifySignature(signature)) {
                return true;
            }
        }
        return false;
    }

    static byte[] sha256(byte[] data) {
        SHA256Digest d = new SHA256Digest();
        d.update(data, 0, data.length);
        byte[] hash = new byte[SHA256_BYTES];
        d.doFinal(hash, 0);
        return hash;
    }

    /**
     * The key material, whatever its key id and JSON spelling, so that a threshold counts each key once: a root
     * that lists one key under two ids must not let its holder sign twice. Null if the key cannot be read.
     */
    String material() {
        try {
            AsymmetricKeyParameter k = parsed();
            if (k instanceof Ed25519PublicKeyParameters ed) {
                return "ed25519:" + Hex.toHexString(ed.getEncoded());
            }
            if (k instanceof ECPublicKeyParameters ec) {
                return "p256:" + Hex.toHexString(ec.getQ().getEncoded(true));
            }
            if (k instanceof RSAKeyParameters rsa) {
                return "rsa:" + rsa.getModulus().toString(16) + ":" + rsa.getExponent().toString(16);
            }
            return null;
        } catch (RuntimeException | IOException e) {
            return null;
        }
    }

    /** The key material, checked to be of the type the key object names (no Ed25519 key posing as ECDSA). */
    AsymmetricKeyParameter parsed() throws IOException {
        AsymmetricKeyParameter p = parsed;
        if (p == null) {
            String pub = publicValue();
            if (ED25519.equals(keytype) && !pub.startsWith("-----")) {
                p = new Ed25519PublicKeyParameters(Hex.decode(pub), 0);
            } else {
                byte[] der = pub.startsWith("-----") ? pemBody(pub) : Hex.decode(pub);
                p = PublicKeyFactory.createKey(SubjectPublicKeyInfo.getInstance(der));
            }
            checkType(p);
            parsed = p;
        }
        return p;
    }

    private void checkType(AsymmetricKeyParameter p) throws IOException {
        if (ED25519.equals(keytype)) {
            if (!(p instanceof Ed25519PublicKeyParameters)) {
                throw new IOException("keytype ed25519 holds another kind of key");
            }
        } else if (RSA.equals(keytype)) {
            if (!(p instanceof RSAKeyParameters rsa) || rsa.isPrivate()) {
                throw new IOException("keytype rsa holds another kind of key");
            }
            int bits = rsa.getModulus().bitLength();
            if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) {
                throw new IOException("an RSA key of " + bits + " bits is outside " + RSA_MIN_BITS + ".." + RSA_MAX_BITS);
            }
        } else if (!(p instanceof ECPublicKeyParameters ec) || !isP256(ec.getParameters())) {
            throw new IOException("only ECDSA keys on the P-256 curve are accepted");
        }
    }

    /** True for the P-256 domain however it is spelled (named curve or explicit parameters). */
    static boolean isP256(ECDomainParameters d) {
        return d.getCurve().equals(P256.getCurve()) && d.getG().equals(P256.getG()) && d.getN().equals(P256.getN());
    }

    static byte[] pemBody(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private static BigInteger[] decodeDer(byte[] sig) {
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(sig);
            if (seq.size() != 2) {
                return null;
            }
            BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
            BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
            return new BigInteger[] {r, s};
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key k && json.equals(k.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(json);
    }

    @Override
    public String toString() {
        return keytype + "/" + scheme + " " + keyId().substring(0, 12);
    }
}
