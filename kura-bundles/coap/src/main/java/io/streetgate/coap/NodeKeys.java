package io.streetgate.coap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The nodes allowed to post readings and how each proves who it is, read from the node key file. One node per
 * line, fields separated by blanks, {@code #} starts a comment:
 *
 * <pre>
 * # node-id   kind   identity   key
 * soil-17     psk    soil-17    hex:8f2a61c4d7e90b3355a1f07c2e4d9b16
 * pump-3      psk    pump3@street  base64:jzHqv0b3LrLs2rVnq8rN1Q==
 * lamp-9      rpk    MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE...   (SubjectPublicKeyInfo, base64)
 * meter-2     plain
 * </pre>
 *
 * {@code psk}: a DTLS pre-shared key for a PSK identity ({@code text:}, {@code hex:} or {@code base64:}
 * encoded; RFC 4279 section 5.3: identities up to 128 bytes and keys up to 64 bytes must be supported).
 * {@code rpk}: a DTLS raw public key (RFC 7250), trusted for this node. {@code plain}: the node may post over
 * plain CoAP (only where the plain port is switched on, for nodes on a trusted link). A node may have several
 * lines. Keys are never put in messages or logs; the file must be readable by the service alone. Nodes are added
 * and removed by {@code streetgate provision coap-node} and the console (provision's {@code ConstrainedNodes}),
 * whose tests read every file they write with {@link #parse}.
 *
 * @param nodes the credentials by node id, in file order
 */
public record NodeKeys(Map<String, List<Credential>> nodes) {

    /**
     * Node ids: a letter or digit, then letters, digits, '-', '_', '.' and ':', not ending in ':'; so an RFC 8428
     * URN ({@code urn:dev:ow:10e2073a01080063}, {@code urn:dev:mac:0024befffe804ff1}, RFC 9039) is a node id of
     * its own. No '/': it separates a node's names from its id.
     */
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_.:\\-]{0,62}[A-Za-z0-9_.\\-])?");
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    /** RFC 4279 section 5.3. */
    static final int MAX_IDENTITY_BYTES = 128;
    static final int MAX_KEY_BYTES = 64;
    /** Shorter keys are guessable; coap-client takes the key as text, so 8 characters is the floor. */
    static final int MIN_KEY_BYTES = 8;

    public static final String HEADER = """
            # streetgate CoAP node keys: keep this file private (0600). One node per line:
            #   <node-id> psk <identity> <text:KEY | hex:KEY | base64:KEY>
            #   <node-id> rpk <SubjectPublicKeyInfo in base64>
            #   <node-id> plain
            """;

    /** How a node proves who it is. */
    public sealed interface Credential {
        String nodeId();
    }

    /** A DTLS pre-shared key. */
    public record Psk(String nodeId, String identity, byte[] key) implements Credential {
        public Psk {
            key = key.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Psk p && p.nodeId.equals(nodeId) && p.identity.equals(identity)
                    && Arrays.equals(p.key, key);
        }

        @Override
        public int hashCode() {
            return nodeId.hashCode() * 31 + identity.hashCode();
        }

        /** Never shows the key. */
        @Override
        public String toString() {
            return "Psk[" + nodeId + ", identity=" + identity + "]";
        }
    }

    /** A DTLS raw public key. */
    public record Rpk(String nodeId, PublicKey publicKey) implements Credential {
    }

    /** Plain CoAP on a trusted link. */
    public record Plain(String nodeId) implements Credential {
    }

    public NodeKeys {
        Map<String, List<Credential>> copy = new LinkedHashMap<>();
        nodes.forEach((id, list) -> copy.put(id, List.copyOf(list)));
        nodes = java.util.Collections.unmodifiableMap(copy);
    }

    public static NodeKeys empty() {
        return new NodeKeys(Map.of());
    }

    /**
     * Reads the key file. A missing file is created empty (with the format as comments) and owner-only; an
     * existing file that others may read is tightened to 0600.
     *
     * @return the keys, and whether the file's permissions had to be tightened
     * @throws IOException              when the file cannot be read or created
     * @throws IllegalArgumentException naming the line and what is wrong with it (never the key)
     */
    public static Loaded load(Path file) throws IOException {
        if (!Files.exists(file)) {
            io.streetgate.gateway.api.secret.Secrets.writeOwnerOnly(file, HEADER);
            return new Loaded(empty(), false);
        }
        boolean tightened = false;
        try {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
                tightened = true;
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to tighten
        }
        return new Loaded(parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()), tightened);
    }

    /** What {@link #load} read. */
    public record Loaded(NodeKeys keys, boolean permissionsTightened) {
    }

    /** Parses the key file's text; {@code where} names the file in error messages. */
    public static NodeKeys parse(String text, String where) {
        Map<String, List<Credential>> nodes = new LinkedHashMap<>();
        Map<String, Integer> identities = new HashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            String at = where + " line " + (i + 1) + ": ";
            String[] f = line.split("\\s+");
            if (!NODE_ID.matcher(f[0]).matches()) {
                throw new IllegalArgumentException(at + "node id '" + f[0] + "' is not valid: use up to 64 "
                        + "letters, digits, '-', '_', '.' or ':', starting with a letter or digit and not ending in "
                        + "':' (e.g. soil-17 or urn:dev:ow:10e2073a01080063)");
            }
            String kind = f.length > 1 ? f[1] : "";
            Credential credential = switch (kind) {
                case "psk" -> {
                    if (f.length != 4) {
                        throw new IllegalArgumentException(at + "a psk line is '<node-id> psk <identity> <key>', "
                                + "with the key as text:..., hex:... or base64:...");
                    }
                    if (f[2].getBytes(StandardCharsets.UTF_8).length > MAX_IDENTITY_BYTES) {
                        throw new IllegalArgumentException(at + "the PSK identity is longer than "
                                + MAX_IDENTITY_BYTES + " bytes");
                    }
                    Integer before = identities.putIfAbsent(f[2], i + 1);
                    if (before != null) {
                        throw new IllegalArgumentException(at + "the PSK identity '" + f[2]
                                + "' is already given on line " + before + "; each identity names one node");
                    }
                    yield new Psk(f[0], f[2], key(f[3], at));
                }
                case "rpk" -> {
                    if (f.length != 3) {
                        throw new IllegalArgumentException(at + "an rpk line is '<node-id> rpk <public key>', the "
                                + "key as a base64 SubjectPublicKeyInfo");
                    }
                    yield new Rpk(f[0], publicKey(f[2], at));
                }
                case "plain" -> {
                    if (f.length != 2) {
                        throw new IllegalArgumentException(at + "a plain line is '<node-id> plain'");
                    }
                    yield new Plain(f[0]);
                }
                default -> throw new IllegalArgumentException(at + "the kind '" + kind
                        + "' is not one of psk, rpk, plain");
            };
            nodes.computeIfAbsent(f[0], id -> new ArrayList<>()).add(credential);
        }
        return new NodeKeys(nodes);
    }

    private static byte[] key(String encoded, String at) {
        byte[] key;
        try {
            if (encoded.startsWith("text:")) {
                key = encoded.substring(5).getBytes(StandardCharsets.UTF_8);
            } else if (encoded.startsWith("hex:")) {
                key = HexFormat.of().parseHex(encoded.substring(4));
            } else if (encoded.startsWith("base64:")) {
                key = Base64.getDecoder().decode(encoded.substring(7));
            } else {
                throw new IllegalArgumentException(at + "the key must start with text:, hex: or base64:");
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(at)) {
                throw e;
            }
            throw new IllegalArgumentException(at + "the key is not valid " + encoded.substring(0,
                    Math.max(0, encoded.indexOf(':'))) + " (the key itself is not shown)");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException(at + "the key has " + key.length + " bytes; use " + MIN_KEY_BYTES
                    + " to " + MAX_KEY_BYTES + " (16 random bytes: streetgate provision coap-node add makes them)");
        }
        return key;
    }

    private static PublicKey publicKey(String base64, String at) {
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + "the public key is not base64");
        }
        for (String algorithm : List.of("EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (java.security.GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(at + "the public key is not an EC or Ed25519 SubjectPublicKeyInfo "
                + "(openssl pkey -pubout -outform DER | base64 -w0)");
    }

    /** The node a PSK identity belongs to. */
    public Optional<String> nodeOfPskIdentity(String identity) {
        return credentials(Psk.class).stream().filter(p -> p.identity().equals(identity)).map(Psk::nodeId)
                .findFirst();
    }

    /** The node a raw public key belongs to. */
    public Optional<String> nodeOfPublicKey(PublicKey key) {
        return credentials(Rpk.class).stream()
                .filter(r -> Arrays.equals(r.publicKey().getEncoded(), key.getEncoded())).map(Rpk::nodeId)
                .findFirst();
    }

    /**
     * The node a SenML name belongs to: the longest provisioned node id that is the whole name or is followed in
     * it by '/' or ':' ({@code urn:dev:ow:10e2073a01080063:temperature} is node
     * {@code urn:dev:ow:10e2073a01080063}'s even when a node {@code urn} exists); empty when none is.
     */
    public Optional<String> ownerOf(String name) {
        if (nodes.containsKey(name)) {
            return Optional.of(name);
        }
        for (int i = name.length() - 1; i > 0; i--) {
            char c = name.charAt(i);
            if ((c == '/' || c == ':') && nodes.containsKey(name.substring(0, i))) {
                return Optional.of(name.substring(0, i));
            }
        }
        return Optional.empty();
    }

    /** Whether a node may post over plain CoAP. */
    public boolean isPlain(String nodeId) {
        return nodes.getOrDefault(nodeId, List.of()).stream().anyMatch(Plain.class::isInstance);
    }

    public boolean isKnown(String nodeId) {
        return nodes.containsKey(nodeId);
    }

    /** Every credential of one kind. */
    public <T extends Credential> List<T> credentials(Class<T> kind) {
        List<T> list = new ArrayList<>();
        nodes.values().forEach(l -> l.stream().filter(kind::isInstance).map(kind::cast).forEach(list::add));
        return list;
    }

    /** Never shows keys. */
    @Override
    public String toString() {
        return "NodeKeys" + nodes.keySet();
    }
}
