package io.streetgate.ota.tuf;

import org.bouncycastle.util.encoders.Hex;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

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

    /** The longest hash value read for an algorithm not known here (SHA-512's 128 digits). */
    static final int MAX_UNKNOWN_HEX_DIGITS = 128;
    private static final Pattern LOWER_HEX = Pattern.compile("[0-9a-f]+");

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
        requireHexDigests(out, what);
        return out;
    }

    /**
     * Checks that every value is a lower-case hex digest, as long as its algorithm's output where the algorithm
     * is known (specification, "HASHES": "HASH is the hexdigest"). Hash values go into file names and URLs, so a
     * value such as {@code ../../x} from a targets signer is refused here, before any of that.
     *
     * @throws TufException FORMAT naming the field, the value and the form expected
     */
    public static void requireHexDigests(Map<String, String> hashes, String what) {
        for (Map.Entry<String, String> e : hashes.entrySet()) {
            String value = e.getValue();
            String jdk = jdkName(e.getKey());
            int digits = jdk == null ? -1 : 2 * digest(e.getKey()).getDigestLength();
            boolean hex = value.length() <= MAX_UNKNOWN_HEX_DIGITS && LOWER_HEX.matcher(value).matches();
            if (!hex || (digits > 0 && value.length() != digits)) {
                String shown = value.length() > MAX_UNKNOWN_HEX_DIGITS ? value.substring(0, MAX_UNKNOWN_HEX_DIGITS) + "..." : value;
                throw new TufException(TufException.Reason.FORMAT, what + "." + e.getKey() + " is \"" + shown
                        + "\"; a hash is written as " + (digits > 0 ? digits + " " : "") + "lower-case hex digits (0-9, a-f)"
                        + "; the repository must publish the " + e.getKey() + " hexdigest of the file");
            }
        }
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
