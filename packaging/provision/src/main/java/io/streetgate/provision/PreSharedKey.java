package io.streetgate.provision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The node's DTLS pre-shared key (CoAP uplinks): 32 random bytes and the identity it sends in the handshake, the
 * node id. Only its SHA-256 fingerprint is ever shown; {@link #toString()} leaves the key out.
 */
final class PreSharedKey {
    static final int BYTES = 32;

    private final String identity;
    private final byte[] key;

    private PreSharedKey(String identity, byte[] key) {
        this.identity = identity;
        this.key = key.clone();
    }

    static PreSharedKey generate(String identity, SecureRandom random) {
        byte[] key = new byte[BYTES];
        random.nextBytes(key);
        return new PreSharedKey(identity, key);
    }

    /** Reads identity/psk; a failure names the file and the rule, never the content. */
    static PreSharedKey read(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IllegalArgumentException e) {
            throw new IOException(file.getFileName() + " is not in the form identity=<id>, key=hex:<key>");
        }
        String identity = p.getProperty("identity", "");
        String key = p.getProperty("key", "");
        if (identity.isEmpty() || !key.startsWith("hex:")) {
            throw new IOException(file.getFileName() + " needs the lines identity=<id> and key=hex:<key>");
        }
        try {
            byte[] bytes = HexFormat.of().parseHex(key.substring(4));
            if (bytes.length < 16 || bytes.length > 64) {
                throw new IOException(file.getFileName() + ": the key must have 16 to 64 bytes");
            }
            return new PreSharedKey(identity, bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException(file.getFileName() + ": the key is not hexadecimal");
        }
    }

    String identity() {
        return identity;
    }

    /** SHA-256 of the key bytes, as OpenSSH shows key fingerprints: short enough for a small screen. */
    String fingerprint() {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(Crypto.sha256(key));
    }

    String fingerprintHex() {
        return Crypto.sha256Hex(key);
    }

    byte[] fileContent() {
        return ("# DTLS pre-shared key of this node (secret: owner-only)\n"
                + "identity=" + identity + "\nkey=hex:" + HexFormat.of().formatHex(key) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A line of the CoAP node-keys file (docs/coap.md) for the back office, with a comment saying what it is. */
    byte[] exportContent(String node, String when) {
        return ("# DTLS pre-shared key of node " + node + ", exported " + when + "; a node-keys line (docs/coap.md)\n"
                + node + " psk " + identity + " hex:" + HexFormat.of().formatHex(key) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "PreSharedKey[" + identity + ", " + fingerprint() + "]";
    }
}
