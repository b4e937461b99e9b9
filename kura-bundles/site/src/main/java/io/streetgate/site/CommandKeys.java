package io.streetgate.site;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The public keys allowed to sign commands ({@code uplink.commands.keys}): each an Ed25519 key (RFC 8032) as
 * the base64 of its X.509 SubjectPublicKeyInfo, the body of a PEM public key: what
 * {@code openssl pkey -pubout} prints between its BEGIN and END lines, and {@code streetgate command keygen}
 * prints, e.g. {@code MCowBQYDK2VwAyEA...} (44 characters).
 */
public final class CommandKeys {

    /** A key's name: it becomes the origin of the commands it signs ({@code key:<name>}). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private CommandKeys() {
    }

    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The public key of its text, or an exception saying what is wrong with it. */
    public static PublicKey publicKey(String text) {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.replace("-----BEGIN PUBLIC KEY-----", "")
                    .replace("-----END PUBLIC KEY-----", "").trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not base64; give the public key as openssl pkey -pubout prints it "
                    + "(without the BEGIN/END lines), e.g. MCowBQYDK2VwAyEA...");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("is not an Ed25519 public key (" + der.length + " bytes); make one with "
                    + "streetgate command keygen or openssl genpkey -algorithm ed25519");
        }
    }
}
