package io.streetgate.coap;

import io.streetgate.gateway.api.secret.Secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's own key pair for DTLS raw-public-key handshakes (RFC 7250): an EC P-256 key (the curve of
 * RFC 7925's profile for constrained devices), kept as PEM {@code PRIVATE KEY} and {@code PUBLIC KEY} blocks in
 * one owner-only file, created on first use. Nodes that use raw public keys are given the public key, which is
 * also written beside it as base64 SubjectPublicKeyInfo ({@code <file>.pub}).
 */
public final class GatewayKeyPair {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN (PRIVATE|PUBLIC) KEY-----([A-Za-z0-9+/=\\s]+)"
            + "-----END \\1 KEY-----");

    private GatewayKeyPair() {
    }

    /** Reads the key pair, or creates it (owner-only) when the file does not exist. */
    public static KeyPair loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return read(file);
        }
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make an EC P-256 key pair: " + e.getMessage(), e);
        }
        Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Secrets.writeOwnerOnly(file, "-----BEGIN PRIVATE KEY-----\n" + pem.encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n-----BEGIN PUBLIC KEY-----\n"
                + pem.encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Files.writeString(publicKeyFile(file),
                Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n", StandardCharsets.US_ASCII);
        return pair;
    }

    /** Where the public key is written for node operators. */
    public static Path publicKeyFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".pub");
    }

    private static KeyPair read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        byte[] privateKey = null;
        byte[] publicKey = null;
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            if (m.group(1).equals("PRIVATE")) {
                privateKey = der;
            } else {
                publicKey = der;
            }
        }
        if (privateKey == null || publicKey == null) {
            throw new IOException(file + " holds no PRIVATE KEY and PUBLIC KEY PEM blocks; delete it to make a new "
                    + "key pair (nodes that trust the old public key must then be given the new one)");
        }
        try {
            KeyFactory ec = KeyFactory.getInstance("EC");
            return new KeyPair(ec.generatePublic(new X509EncodedKeySpec(publicKey)),
                    ec.generatePrivate(new PKCS8EncodedKeySpec(privateKey)));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " does not hold an EC key pair: " + e.getMessage(), e);
        }
    }
}
