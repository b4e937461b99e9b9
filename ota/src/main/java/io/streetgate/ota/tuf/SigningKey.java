package io.streetgate.ota.tuf;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.util.encoders.Hex;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A private key that signs metadata. Ed25519 by default; ECDSA P-256 with deterministic nonces (RFC 6979) and
 * DER-encoded signatures, the encoding securesystemslib and tuf-js verify; RSA (3072 bits) with RSASSA-PSS over
 * SHA-256 and a salt as long as the digest, as securesystemslib signs. An RSA private key is kept as a PEM
 * PKCS#8 "PRIVATE KEY", the others as hex.
 *
 * <p>The private part is never in {@link #toString()} and never logged; {@link KeyFiles} writes it 0600.
 */
public final class SigningKey {
    private static final ECDomainParameters P256_DOMAIN =
            new ECDomainParameters(Key.P256.getCurve(), Key.P256.getG(), Key.P256.getN(), Key.P256.getH());

    /** NIST SP 800-57 part 1 rev. 5, table 2: 3072-bit RSA for 128-bit security. */
    private static final int RSA_BITS = 3072;
    private static final BigInteger RSA_EXPONENT = BigInteger.valueOf(65537);
    private static final String RSA_PEM_LABEL = "PRIVATE KEY";
    /** The salt length securesystemslib signs with (the digest's); {@link Key} verifies it. */
    private static final int PSS_SALT = 32;

    private final Key publicKey;
    private final Ed25519PrivateKeyParameters ed;
    private final ECPrivateKeyParameters ec;
    private final RSAKeyParameters rsa;

    private SigningKey(Key publicKey, Ed25519PrivateKeyParameters ed, ECPrivateKeyParameters ec) {
        this(publicKey, ed, ec, null);
    }

    private SigningKey(Key publicKey, Ed25519PrivateKeyParameters ed, ECPrivateKeyParameters ec, RSAKeyParameters rsa) {
        this.publicKey = publicKey;
        this.ed = ed;
        this.ec = ec;
        this.rsa = rsa;
    }

    /** A fresh key; {@code type} is {@code ed25519}, {@code ecdsa} or {@code rsa}. */
    public static SigningKey generate(String type, SecureRandom random) {
        switch (type) {
            case Key.ED25519 -> {
                Ed25519KeyPairGenerator g = new Ed25519KeyPairGenerator();
                g.init(new Ed25519KeyGenerationParameters(random));
                AsymmetricCipherKeyPair pair = g.generateKeyPair();
                Ed25519PrivateKeyParameters priv = (Ed25519PrivateKeyParameters) pair.getPrivate();
                return new SigningKey(Key.ed25519(priv.generatePublicKey().getEncoded()), priv, null);
            }
            case Key.ECDSA, Key.ECDSA_P256_SCHEME -> {
                ECKeyPairGenerator g = new ECKeyPairGenerator();
                g.init(new ECKeyGenerationParameters(P256_DOMAIN, random));
                AsymmetricCipherKeyPair pair = g.generateKeyPair();
                return new SigningKey(Key.ecdsaP256((ECPublicKeyParameters) pair.getPublic()), null,
                        (ECPrivateKeyParameters) pair.getPrivate());
            }
            case Key.RSA -> {
                RSAKeyPairGenerator g = new RSAKeyPairGenerator();
                // certainty 128: a composite passes the primality tests with probability below 2^-128.
                g.init(new RSAKeyGenerationParameters(RSA_EXPONENT, random, RSA_BITS, 128));
                AsymmetricCipherKeyPair pair = g.generateKeyPair();
                return new SigningKey(Key.rsaPss((RSAKeyParameters) pair.getPublic()), null, null,
                        (RSAKeyParameters) pair.getPrivate());
            }
            default -> throw new TufException(TufException.Reason.CONFIG, "key type \"" + type
                    + "\" is not supported; use ed25519, ecdsa or rsa");
        }
    }

    public static SigningKey generate(String type) {
        return generate(type, new SecureRandom());
    }

    public Key publicKey() {
        return publicKey;
    }

    public String keyId() {
        return publicKey.keyId();
    }

    /** Signs bytes (for metadata: the canonical JSON of "signed"). */
    public byte[] sign(byte[] data) {
        if (ed != null) {
            Ed25519Signer s = new Ed25519Signer();
            s.init(true, ed);
            s.update(data, 0, data.length);
            return s.generateSignature();
        }
        if (rsa != null) {
            // Blinded: the private-key operation's timing does not depend on the data signed.
            PSSSigner s = new PSSSigner(new RSABlindedEngine(), new SHA256Digest(), PSS_SALT);
            s.init(true, rsa);
            s.update(data, 0, data.length);
            try {
                return s.generateSignature();
            } catch (org.bouncycastle.crypto.CryptoException e) {
                throw new IllegalStateException("cannot sign with an RSA key", e);
            }
        }
        SHA256Digest d = new SHA256Digest();
        d.update(data, 0, data.length);
        byte[] hash = new byte[32];
        d.doFinal(hash, 0);
        ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        s.init(true, ec);
        BigInteger[] rs = s.generateSignature(hash);
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(rs[0]));
        v.add(new ASN1Integer(rs[1]));
        try {
            return new DERSequence(v).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot DER-encode a signature", e);
        }
    }

    /** The key file's JSON: the public key object plus {@code keyval.private} (hex). */
    Map<String, Object> toPrivateJson() {
        Map<String, Object> json = publicKey.toJson();
        @SuppressWarnings("unchecked")
        Map<String, Object> keyval = (Map<String, Object>) json.get("keyval");
        keyval.put("private", ed != null ? Hex.toHexString(ed.getEncoded())
                : rsa != null ? Key.pem(RSA_PEM_LABEL, pkcs8(rsa)) : ec.getD().toString(16));
        Map<String, Object> out = new LinkedHashMap<>(json);
        out.put("keyid", keyId());
        return out;
    }

    static SigningKey fromPrivateJson(Map<String, Object> json, String what) {
        Map<String, Object> keyval = Json.object(json, "keyval", what);
        String priv = Json.string(keyval, "private", what + ".keyval");
        Map<String, Object> pubJson = new LinkedHashMap<>(json);
        pubJson.remove("keyid");
        Map<String, Object> pubKeyval = new LinkedHashMap<>(keyval);
        pubKeyval.remove("private");
        pubJson.put("keyval", pubKeyval);
        Key pub = Key.fromJson(pubJson, what);
        SigningKey k;
        if (Key.ED25519.equals(pub.keytype())) {
            k = new SigningKey(pub, new Ed25519PrivateKeyParameters(Hex.decode(priv), 0), null);
        } else if (Key.RSA.equals(pub.keytype()) && pub.isSupported()) {
            k = new SigningKey(pub, null, null, rsaPrivate(priv, what));
        } else if (pub.isSupported()) {
            k = new SigningKey(pub, null, new ECPrivateKeyParameters(new BigInteger(priv, 16), P256_DOMAIN));
        } else {
            throw new TufException(TufException.Reason.CONFIG, what + ": key type " + pub.keytype() + "/" + pub.scheme()
                    + " cannot sign here; use ed25519, ecdsa (P-256) or rsa (rsassa-pss-sha256)");
        }
        byte[] probe = "streetgate key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (!pub.verify(probe, k.sign(probe))) {
            throw new TufException(TufException.Reason.CONFIG, what + ": the private key does not match its public key;"
                    + " the file is damaged: restore it from its backup");
        }
        return k;
    }

    private static byte[] pkcs8(RSAKeyParameters key) {
        try {
            return PrivateKeyInfoFactory.createPrivateKeyInfo(key).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an RSA private key", e);
        }
    }

    private static RSAKeyParameters rsaPrivate(String pem, String what) {
        try {
            if (PrivateKeyFactory.createKey(Key.pemBody(pem)) instanceof RSAKeyParameters k && k.isPrivate()) {
                return k;
            }
        } catch (IOException | RuntimeException e) {
            // reported below, without the key's content
        }
        throw new TufException(TufException.Reason.CONFIG, what + ": keyval.private is not a PEM PKCS#8 RSA private"
                + " key; the file is damaged: restore it from its backup");
    }

    /** Reads a private key file written by {@link KeyFiles#writePrivate}. */
    public static SigningKey read(Path file) {
        try {
            return fromPrivateJson(Json.parseObject(Files.readAllBytes(file), file.toString()), file.toString());
        } catch (IOException e) {
            throw new TufException(TufException.Reason.CONFIG, "cannot read the key file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[" + publicKey + "]";
    }
}
