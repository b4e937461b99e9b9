package io.streetgate.gateway.api.format;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * End-to-end signatures of commands (docs/uplink.md, "Signed commands"): Ed25519 (RFC 8032; in the JDK since
 * Java 15, JEP 339) over the command's canonical form. The canonical form is the command message's members
 * without {@code signature}, plus {@code "node"} (the node it is for, so that a signed command cannot be
 * replayed to another node), written as compact JSON with the keys of every object sorted, strings escaped
 * only where JSON requires it (RFC 8785 section 3.2.2.2: {@code \"}, {@code \\}, {@code \b \f \n \r \t} and
 * {@code \}{@code u00xx} for other control characters), integral numbers without a fraction, other numbers as
 * a plain decimal without an exponent. A sender of any language can make it; {@code streetgate command sign}
 * does it with this class.
 */
public final class CommandSignature {

    /** The JDK's name of the algorithm (RFC 8032 section 5.1, the pure variant). */
    public static final String ALGORITHM = "Ed25519";

    /**
     * A signature as it came with a command.
     *
     * @param key       the name the sender gave its key (looked up in the site file's allowed keys)
     * @param canonical the canonical form the signature must cover
     * @param signature the signature's bytes (64 for Ed25519)
     */
    public record Signed(String key, byte[] canonical, byte[] signature) {
        public Signed {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(canonical, "canonical");
            Objects.requireNonNull(signature, "signature");
        }
    }

    /** How a control character is written (RFC 8785 section 3.2.2.2): five short forms, the rest as u00xx. */
    private static final String[] CONTROL = new String[0x20];

    static {
        for (int c = 0; c < CONTROL.length; c++) {
            CONTROL[c] = String.format("\\u%04x", c);
        }
        CONTROL['\b'] = "\\b";
        CONTROL['\f'] = "\\f";
        CONTROL['\n'] = "\\n";
        CONTROL['\r'] = "\\r";
        CONTROL['\t'] = "\\t";
    }

    private CommandSignature() {
    }

    /** The canonical form of a command message's members (without {@code signature}) for one node. */
    public static byte[] canonical(String node, Map<String, ?> members) {
        TreeMap<String, Object> sorted = new TreeMap<>(members);
        sorted.remove("signature");
        sorted.put("node", node);
        StringBuilder out = new StringBuilder(256);
        write(out, sorted);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Signs a command message's members for a node: the value of its {@code signature}, base64. */
    public static String sign(PrivateKey key, String node, Map<String, ?> members) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(canonical(node, members));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key (an Ed25519 key is needed): " + e.getMessage(), e);
        }
    }

    /** Whether the signature is the key's over the canonical form. */
    public static boolean verify(PublicKey key, Signed signed) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(signed.canonical());
            return s.verify(signed.signature());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a key of another algorithm, or a signature of the wrong length: not a valid signature
        }
    }

    private static void write(StringBuilder out, Object value) {
        if (value instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b);
        } else if (value instanceof Number n) {
            out.append(number(n));
        } else if (value == null) {
            out.append("null");
        } else {
            string(out, value.toString());
        }
    }

    /** Integral numbers as integers (80, not 80.0), others as plain decimals (0.8, 0.0000001). */
    static String number(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof java.math.BigInteger) {
            return n.toString();
        }
        BigDecimal d = n instanceof BigDecimal b ? b : BigDecimal.valueOf(n.doubleValue());
        d = d.stripTrailingZeros();
        return d.scale() <= 0 ? d.toBigIntegerExact().toString() : d.toPlainString();
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(CONTROL[c]);
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
