package io.streetgate.ota.tuf;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
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
 * hex-encoded, and {@code ecdsa} (or {@code ecdsa-sha2-nistp256}) / {@code ecdsa-sha2-nistp256} with the key as
 * a PEM SubjectPublicKeyInfo and DER-encoded signatures over SHA-256 — the encodings securesystemslib,
 * python-tuf and tuf-js use. Verification is Bouncy Castle's lightweight API, so no JCA provider is registered.
 */
public final class Key {
    public static final String ED25519 = "ed25519";
    public static final String ECDSA = "ecdsa";
    public static final String ECDSA_P256_SCHEME = "ecdsa-sha2-nistp256";

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
        try {
            byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey).getEncoded();
            return of(ECDSA, ECDSA_P256_SCHEME, pem(spki));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an EC public key", e);
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
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
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
                || ((ECDSA.equals(keytype) || ECDSA_P256_SCHEME.equals(keytype)) && ECDSA_P256_SCHEME.equals(scheme));
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
                SHA256Digest d = new SHA256Digest();
                d.update(data, 0, data.length);
                byte[] hash = new byte[32];
                d.doFinal(hash, 0);
                return v.verifySignature(hash, rs[0], rs[1]);
            }
            return false;
        } catch (RuntimeException | IOException e) {
            return false;
        }
    }

    AsymmetricKeyParameter parsed() throws IOException {
        AsymmetricKeyParameter p = parsed;
        if (p == null) {
            String pub = publicValue();
            if (ED25519.equals(keytype) && !pub.startsWith("-----")) {
                p = new Ed25519PublicKeyParameters(Hex.decode(pub), 0);
            } else {
                byte[] der = pub.startsWith("-----") ? pemBody(pub) : Hex.decode(pub);
                p = PublicKeyFactory.createKey(SubjectPublicKeyInfo.getInstance(der));
                if (p instanceof ECPublicKeyParameters ec
                        && ec.getParameters().getCurve().getFieldSize() != 256) {
                    throw new IOException("only the P-256 curve is accepted");
                }
            }
            parsed = p;
        }
        return p;
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
