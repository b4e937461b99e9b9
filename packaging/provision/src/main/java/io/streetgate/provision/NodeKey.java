package io.streetgate.provision;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

/**
 * The node's EC P-256 key pair. The private key is made here, on the device, and only ever leaves this class as
 * the PKCS#8 PEM written to node.key and as the signer of the CSR; {@link #toString()} names the algorithm only.
 */
final class NodeKey {
    static final String ALGORITHM = "EC P-256";
    private static final String CURVE = "secp256r1";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private NodeKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    static NodeKey generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Crypto.BC);
            generator.initialize(new ECGenParameterSpec(CURVE), random);
            var pair = generator.generateKeyPair();
            return new NodeKey(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Bouncy Castle cannot make an EC P-256 key", e);
        }
    }

    /** Reads node.key; the message of a failure names the file and what is wrong, never its content. */
    static NodeKey read(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        Object parsed;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            parsed = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new IOException(file.getFileName() + " is not a PEM private key");
        }
        if (!(parsed instanceof PrivateKeyInfo info)) {
            throw new IOException(file.getFileName() + " is not an unencrypted PKCS#8 private key (BEGIN PRIVATE KEY)");
        }
        ASN1ObjectIdentifier curve = curveOf(info);
        if (!X9ObjectIdentifiers.prime256v1.equals(curve)) {
            throw new IOException(file.getFileName() + " is not an EC P-256 key");
        }
        try {
            PrivateKey key = new JcaPEMKeyConverter().setProvider(Crypto.BC).getPrivateKey(info);
            return new NodeKey(key, publicKeyOf((org.bouncycastle.jce.interfaces.ECPrivateKey) key));
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new IOException(file.getFileName() + " holds an EC key that cannot be used");
        }
    }

    private static ASN1ObjectIdentifier curveOf(PrivateKeyInfo info) {
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(info.getPrivateKeyAlgorithm().getAlgorithm())
                || !(info.getPrivateKeyAlgorithm().getParameters() instanceof ASN1ObjectIdentifier named)) {
            return null;
        }
        return named;
    }

    /** Q = d·G on P-256, encoded with the curve's name like every certificate's key. */
    private static PublicKey publicKeyOf(org.bouncycastle.jce.interfaces.ECPrivateKey key)
            throws GeneralSecurityException {
        ECNamedCurveParameterSpec p256 = ECNamedCurveTable.getParameterSpec(CURVE);
        var q = p256.getG().multiply(key.getD()).normalize();
        return KeyFactory.getInstance("EC", Crypto.BC).generatePublic(new ECPublicKeySpec(q, p256));
    }

    byte[] pkcs8Pem() {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(privateKey, null));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the key as PKCS#8", e);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    PublicKey publicKey() {
        return publicKey;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    /** Whether {@code other} is this key's public half (the same SubjectPublicKeyInfo). */
    boolean matches(PublicKey other) {
        return Arrays.equals(subjectPublicKeyInfo(), spki(other));
    }

    byte[] subjectPublicKeyInfo() {
        return spki(publicKey);
    }

    /** SHA-256 of the public key's SubjectPublicKeyInfo, as the CA and the back office can compute it. */
    String publicKeySha256() {
        return Crypto.sha256Hex(subjectPublicKeyInfo());
    }

    private static byte[] spki(PublicKey key) {
        try {
            return SubjectPublicKeyInfo.getInstance(key.getEncoded()).getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a public key", e);
        }
    }

    @Override
    public String toString() {
        return "NodeKey[" + ALGORITHM + "]";
    }
}
