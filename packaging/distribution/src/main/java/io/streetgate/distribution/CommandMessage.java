package io.streetgate.distribution;

import io.streetgate.gateway.api.format.CommandSignature;
import io.streetgate.gateway.api.format.UplinkJson;
import io.streetgate.gateway.api.secret.Secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A command message for a node's MQTT command topic (docs/uplink.md): with when it was issued and until when it
 * holds, and signed when a key is given. Keys are Ed25519 (RFC 8032): the private key in a PKCS#8 PEM file
 * ({@code openssl genpkey -algorithm ed25519} writes the same), the public key as the site file lists it.
 */
final class CommandMessage {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private CommandMessage() {
    }

    /** The message's members, issued now (to the second) and holding for {@code valid}. */
    static Map<String, Object> members(String name, String target, Map<String, Object> arguments, String origin,
                                       Instant now, Duration valid) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "cli-" + UUID.randomUUID().toString().substring(0, 8));
        m.put("name", name);
        if (target != null && !target.isEmpty()) {
            m.put("target", target);
        }
        m.put("arguments", arguments);
        m.put("origin", origin);
        Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
        m.put("issued", issued.toString());
        m.put("expires", issued.plus(valid).toString());
        return m;
    }

    /** Signs the members for a node: adds {@code key} (the key's name) and {@code signature}. */
    static void sign(Map<String, Object> members, String node, String keyName, PrivateKey key) {
        members.put("key", keyName);
        members.put("signature", CommandSignature.sign(key, node, members));
    }

    static String json(Map<String, Object> members) {
        return new String(UplinkJson.object(members), StandardCharsets.UTF_8);
    }

    /** Reads a PKCS#8 PEM Ed25519 private key. */
    static PrivateKey readKey(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        int from = pem.indexOf(BEGIN);
        int to = pem.indexOf(END);
        if (from < 0 || to < from) {
            throw new IOException(file + " holds no PKCS#8 PEM private key (" + BEGIN + "); make one with "
                    + "streetgate command-key " + file);
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + BEGIN.length(), to));
            return KeyFactory.getInstance(CommandSignature.ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + " holds no Ed25519 private key: " + e.getMessage());
        }
    }

    /**
     * Makes a key pair: the private key goes to {@code file}, owner-only before its first byte is written.
     *
     * @return the public key as the site file's {@code uplink.commands.keys} lists it
     */
    static String newKey(Path file) throws IOException {
        if (Files.exists(file)) {
            throw new IOException(file + " exists; a key is never overwritten (remove it first if you mean to)");
        }
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance(CommandSignature.ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("this JVM cannot make Ed25519 keys: " + e.getMessage());
        }
        Secrets.writeOwnerOnly(file, BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded()) + "\n" + END + "\n");
        return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }
}
