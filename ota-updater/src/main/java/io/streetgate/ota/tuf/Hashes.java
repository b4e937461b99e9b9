package io.streetgate.ota.tuf;

import org.bouncycastle.util.encoders.Hex;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hash checks. Digests come from the JDK ({@link MessageDigest}), whose SHA-256 uses the CPU's SHA
 * instructions where the JIT has an intrinsic for them; Bouncy Castle's digests are pure Java.
 */
public final class Hashes {
    private Hashes() {
    }

    /** TUF hash names to JDK algorithm names; unknown names are ignored when verifying. */
    public static String jdkName(String tufName) {
        return switch (tufName) {
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default -> null;
        };
    }

    public static MessageDigest digest(String tufName) {
        String n = jdkName(tufName);
        if (n == null) {
            throw new IllegalArgumentException("hash algorithm " + tufName + " is not supported; use sha256 or sha512");
        }
        try {
            return MessageDigest.getInstance(n);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(n + " is a required JDK algorithm", e);
        }
    }

    public static String sha256Hex(byte[] data) {
        return Hex.toHexString(digest("sha256").digest(data));
    }

    static Map<String, String> fromJson(Map<String, Object> json, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : json.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new TufException(TufException.Reason.FORMAT, what + "." + e.getKey() + ": expected a hex string");
            }
            out.put(e.getKey(), s);
        }
        if (out.isEmpty()) {
            throw new TufException(TufException.Reason.FORMAT, what + " is empty; name at least one hash (sha256)");
        }
        return out;
    }

    /**
     * Checks bytes against every supported hash in {@code expected}; at least one must be supported.
     *
     * @throws TufException HASH_MISMATCH naming the file and both values
     */
    public static void verify(byte[] data, Map<String, String> expected, String what) {
        boolean any = false;
        for (Map.Entry<String, String> e : expected.entrySet()) {
            if (jdkName(e.getKey()) == null) {
                continue;
            }
            any = true;
            String actual = Hex.toHexString(digest(e.getKey()).digest(data));
            if (!actual.equalsIgnoreCase(e.getValue())) {
                throw new TufException(TufException.Reason.HASH_MISMATCH, what + ": " + e.getKey() + " is " + actual
                        + " but trusted metadata says " + e.getValue());
            }
        }
        if (!any && !expected.isEmpty()) {
            throw new TufException(TufException.Reason.HASH_MISMATCH, what + ": none of the hash algorithms "
                    + expected.keySet() + " is supported (sha256, sha384, sha512 are)");
        }
    }
}
