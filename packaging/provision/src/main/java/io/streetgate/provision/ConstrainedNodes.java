package io.streetgate.provision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The constrained nodes the gateway's CoAP ingest accepts: the lines of its node-keys file (docs/coap.md, read by
 * coap-ingest's {@code NodeKeys}), listed, added and removed. One implementation behind
 * {@code streetgate provision coap-node} and the console's Provisioning page. A pre-shared key is made here, on
 * the gateway, and handed back once; a listing shows identities and fingerprints, never a key. Every change
 * keeps the file as it was in {@value #PREVIOUS_SUFFIX} (the lines a person wrote are never lost), writes the
 * new one atomically and owner-only, and leaves every other line, comments included, as it was. The running
 * ingest reads the file again when it changes (within 10 s).
 */
public final class ConstrainedNodes {
    /** Where the ingest looks without {@code coap: key-file:}, under the state folder. */
    public static final String DEFAULT_FILE = "coap/node-keys";
    public static final String PREVIOUS_SUFFIX = ".previous";
    /** Random bytes of a key made here: 128 bits, as docs/coap.md asks ("16 bytes or more"). */
    static final int KEY_BYTES = 16;

    /**
     * Node ids as coap-ingest's {@code NodeKeys.NODE_ID} takes them (ConstrainedNodesTest holds the two to the
     * same answers): a letter or digit, then letters, digits, '-', '_', '.' and ':', not ending in ':'.
     */
    static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_.:\\-]{0,62}[A-Za-z0-9_.\\-])?");
    static final String NODE_ID_RULE = "use up to 64 letters, digits, '-', '_', '.' or ':', starting with a letter "
            + "or digit and not ending in ':' (e.g. soil-17 or urn:dev:ow:10e2073a01080063)";
    /** RFC 4279 section 5.3: identities up to 128 bytes must be supported. */
    static final int MAX_IDENTITY_BYTES = 128;

    /** The first line of a file made here; the ingest's own header, when it made the file, says the format. */
    static final String HEADER = "# streetgate CoAP node keys (docs/coap.md): keep this file private (0600)";

    private static final Object LOCK = new Object();

    private final Path file;
    private final String serviceUser;

    /**
     * @param file        the node-keys file ({@link #file(Path, String)})
     * @param serviceUser as root, the account the gateway runs as, which must own a file made here; null for none
     */
    public ConstrainedNodes(Path file, String serviceUser) {
        this.file = file;
        this.serviceUser = serviceUser;
    }

    /**
     * The file the ingest reads: the site file's {@code coap: key-file}, else {@value #DEFAULT_FILE} under the state
     * folder. Plain strings, not the site's types: the console's bundle and this library see those from two class
     * loaders.
     *
     * @param keyFile {@code coap: key-file} of the site file; null or blank when it names none
     */
    public static Path file(Path stateDir, String keyFile) {
        return keyFile == null || keyFile.isBlank() ? stateDir.resolve(DEFAULT_FILE) : Path.of(keyFile);
    }

    public Path file() {
        return file;
    }

    /** One accepted node as the listing shows it: for psk its identity, for rpk its key's fingerprint. */
    public record Node(String id, String kind, String identity, int line) {
    }

    /**
     * A node just added.
     *
     * @param line the node-keys line; for psk it holds the key, to be shown once and never stored elsewhere
     * @param key  the pre-shared key as text (what {@code coap-client -k} takes); null for rpk
     */
    public record Added(Node node, String line, String key) {
        /** Never shows the key. */
        @Override
        public String toString() {
            return "Added[" + node + "]";
        }
    }

    /** Every node line of the file in its order; a missing file has none. */
    public List<Node> list() throws IOException {
        synchronized (LOCK) {
            return nodes(read());
        }
    }

    /**
     * Makes a pre-shared key on the gateway for a new node.
     *
     * @param identity the PSK identity the node sends; null or blank for the node id
     * @throws IllegalArgumentException naming the value and the fix; the file is then unchanged
     */
    public Added addPsk(String nodeId, String identity, SecureRandom random) throws IOException {
        String id = checkedId(nodeId);
        String pskIdentity = identity == null || identity.isBlank() ? id : identity.strip();
        if (!pskIdentity.matches("[^\\s#]+")) {
            throw new IllegalArgumentException("identity '" + pskIdentity + "' has a blank or '#'; the file separates "
                    + "fields by blanks and starts comments with '#': use letters, digits and punctuation");
        }
        if (pskIdentity.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTITY_BYTES) {
            throw new IllegalArgumentException("identity '" + pskIdentity + "' is longer than " + MAX_IDENTITY_BYTES
                    + " bytes (RFC 4279); use a shorter one, e.g. the node id");
        }
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        // text the node's firmware and coap-client -k can take as typed; base64url has no blank and no '#'
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String line = id + " psk " + pskIdentity + " text:" + key;
        synchronized (LOCK) {
            List<String> lines = read();
            refuseTaken(lines, id);
            for (Node n : nodes(lines)) {
                if (n.kind().equals("psk") && n.identity().equals(pskIdentity)) {
                    throw new IllegalArgumentException("identity '" + pskIdentity + "' is node '" + n.id()
                            + "''s already (" + file + " line " + n.line() + "); each identity names one node: "
                            + "give another");
                }
            }
            return new Added(append(lines, line), line, key);
        }
    }

    /**
     * Accepts a node by its raw public key (RFC 7250), pasted as PEM ({@code -----BEGIN PUBLIC KEY-----}) or as
     * the base64 SubjectPublicKeyInfo; EC or Ed25519, as the ingest takes them.
     */
    public Added addRpk(String nodeId, String publicKey) throws IOException {
        String id = checkedId(nodeId);
        String spki = spki(publicKey);
        String line = id + " rpk " + spki;
        synchronized (LOCK) {
            List<String> lines = read();
            refuseTaken(lines, id);
            String fingerprint = fingerprint(spki);
            for (Node n : nodes(lines)) {
                if (n.kind().equals("rpk") && n.identity().equals(fingerprint)) {
                    throw new IllegalArgumentException("this public key is node '" + n.id() + "''s already (" + file
                            + " line " + n.line() + "); a key names one node");
                }
            }
            return new Added(append(lines, line), line, null);
        }
    }

    /**
     * Takes every line of a node out; comments and other nodes stay as they are.
     *
     * @return the lines removed, as listed
     * @throws IllegalArgumentException when the file has no such node
     */
    public List<Node> remove(String nodeId) throws IOException {
        synchronized (LOCK) {
            List<String> lines = read();
            List<Node> removed = nodes(lines).stream().filter(n -> n.id().equals(nodeId)).toList();
            if (removed.isEmpty()) {
                throw new IllegalArgumentException("node '" + nodeId + "' is not in " + file + "; the nodes are: "
                        + String.join(", ", nodes(lines).stream().map(Node::id).distinct().toList()));
            }
            List<String> kept = new ArrayList<>(lines);
            for (int i = removed.size() - 1; i >= 0; i--) {
                kept.remove(removed.get(i).line() - 1);
            }
            write(kept);
            return removed;
        }
    }

    private static String checkedId(String nodeId) {
        String id = nodeId == null ? "" : nodeId.strip();
        if (!NODE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("node id '" + id + "' is not valid: " + NODE_ID_RULE);
        }
        return id;
    }

    private void refuseTaken(List<String> lines, String id) {
        for (Node n : nodes(lines)) {
            if (n.id().equals(id)) {
                throw new IllegalArgumentException("node '" + id + "' is in " + file + " already (line " + n.line()
                        + ", " + n.kind() + "); remove it first to give it a new key");
            }
        }
    }

    private Node append(List<String> lines, String line) throws IOException {
        List<String> changed = new ArrayList<>(lines);
        if (changed.isEmpty()) {
            changed.add(HEADER);
        }
        // a file ending in a newline reads as a last empty line: the new node goes in its place
        if (changed.get(changed.size() - 1).isEmpty()) {
            changed.remove(changed.size() - 1);
        }
        changed.add(line);
        changed.add("");
        write(changed);
        List<Node> all = nodes(changed);
        return all.get(all.size() - 1);
    }

    private List<String> read() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Arrays.asList(Files.readString(file, StandardCharsets.UTF_8).split("\r?\n", -1));
    }

    /** The node lines: fields split by blanks, '#' to the end of the line a comment, as the ingest reads them. */
    private static List<Node> nodes(List<String> lines) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String[] f = (hash >= 0 ? line.substring(0, hash) : line).strip().split("\\s+");
            if (f[0].isEmpty()) {
                continue;
            }
            String kind = f.length > 1 ? f[1] : "";
            String identity = switch (kind) {
                case "psk" -> f.length > 2 ? f[2] : "";
                case "rpk" -> f.length > 2 ? fingerprint(f[2]) : "";
                default -> "";
            };
            nodes.add(new Node(f[0], kind, identity, i + 1));
        }
        return nodes;
    }

    /** SHA-256 of the SubjectPublicKeyInfo, written as OpenSSH writes key fingerprints. */
    private static String fingerprint(String spkiBase64) {
        try {
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(
                    Crypto.sha256(Base64.getDecoder().decode(spkiBase64)));
        } catch (IllegalArgumentException e) {
            return "(not base64)";
        }
    }

    private static String spki(String pasted) {
        String text = pasted == null ? "" : pasted.strip();
        if (text.contains("PRIVATE KEY")) {
            // never echoed: it is a secret, and it must not be on the gateway
            throw new IllegalArgumentException("the rpk field holds a private key; paste the node's public key "
                    + "only (openssl pkey -in node.key -pubout), and keep the private key on the node");
        }
        String base64 = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s+", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the rpk field is not a public key: paste the PEM (-----BEGIN PUBLIC "
                    + "KEY-----) or its base64 (openssl pkey -pubin -in node.pub -outform DER | base64 -w0)");
        }
        for (String algorithm : List.of("EC", "Ed25519")) {
            try {
                PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
                return Base64.getEncoder().encodeToString(key.getEncoded());
            } catch (java.security.GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("the rpk field is not an EC or Ed25519 public key (SubjectPublicKeyInfo); "
                + "make it with openssl pkey -in node.key -pubout");
    }

    /** Keeps the file as it was beside it, then replaces it in one step; both owner-only, owned as before. */
    private void write(List<String> lines) throws IOException {
        // the text after the file's last newline reads as a last empty line; the file ends in that one newline
        String text = String.join("\n", lines);
        byte[] content = (text.endsWith("\n") || text.isEmpty() ? text : text + "\n")
                .getBytes(StandardCharsets.UTF_8);
        Optional<PosixFileAttributes> before = Optional.empty();
        if (Files.exists(file)) {
            before = Optional.of(Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
            Path previous = file.resolveSibling(file.getFileName() + PREVIOUS_SUFFIX);
            SecureFiles.writeAtomically(previous, Files.readAllBytes(file), SecureFiles.OWNER_ONLY);
            owned(previous, before);
        }
        SecureFiles.writeAtomically(file, content, SecureFiles.OWNER_ONLY);
        owned(file, before);
    }

    /** The service must go on reading the file: as root, it keeps its owner, or a new one is the service's. */
    private void owned(Path path, Optional<PosixFileAttributes> before) throws IOException {
        if (!ServiceAccount.runningAsRoot()) {
            return;
        }
        if (before.isPresent()) {
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            view.setOwner(before.get().owner());
            view.setGroup(before.get().group());
        } else {
            ServiceAccount.lookup(serviceUser, true).own(path);
        }
    }
}
