package io.streetgate.console;

import com.sun.net.httpserver.HttpExchange;
import io.streetgate.provision.ConstrainedNodes;
import io.streetgate.provision.Outcome;
import io.streetgate.provision.ProvisionRequest;
import io.streetgate.provision.Provisioning;
import io.streetgate.site.CoapConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Provisioning page: the node's identity, its certificate request, its DTLS pre-shared key and the broker,
 * done by {@link Provisioning}, the code of {@code streetgate provision} (docs/provisioning.md), so the page and
 * the command check and write the same files in the same way. The key is made on the node and never leaves it;
 * the page shows fingerprints, never a secret. The constrained nodes the CoAP ingest accepts (its node-keys
 * file) are listed, added and removed through {@link ConstrainedNodes}, the code of
 * {@code streetgate provision coap-node}: a node's pre-shared key is made here and shown once, in the answer to
 * the request that made it.
 */
public final class ProvisioningPage {
    /** The fields a POST may carry: {@code streetgate provision}'s options of the same names. */
    static final Set<String> FIELDS = Set.of("node", "org", "country", "broker", "insecure_broker", "rotate_key",
            "psk", "rotate_psk", "certificate", "ca");

    /** The fields of a node to add: {@code streetgate provision coap-node add}'s argument and options. */
    static final Set<String> NODE_FIELDS = Set.of("node", "identity", "rpk");

    private final Provisioning provisioning;
    private final Path uploads;
    private final ConsoleAudit audit;
    private final Path stateDir;
    private final Supplier<Optional<CoapConfig>> coap;
    private final SecureRandom random;

    /**
     * @param uploads  an owner-only folder where a pasted certificate waits while it is checked
     * @param stateDir the gateway's state folder, where the node-keys file is unless the site file names one
     * @param coap     the site file's {@code coap:} section as the gateway runs it now
     */
    public ProvisioningPage(Provisioning provisioning, Path uploads, ConsoleAudit audit, Path stateDir,
                            Supplier<Optional<CoapConfig>> coap, SecureRandom random) {
        this.provisioning = provisioning;
        this.uploads = uploads;
        this.audit = audit;
        this.stateDir = stateDir;
        this.coap = coap;
        this.random = random;
    }

    /** GET /api/provision: what {@code streetgate provision --check} says, and whether there is a CSR. */
    void state(HttpExchange exchange, Sessions.Session session) throws IOException {
        Map<String, Object> body = answer(provisioning.check(Optional.empty()));
        body.put("csr", provisioning.certificateRequest().isPresent());
        Http.json(exchange, 200, body);
    }

    /** POST /api/provision: one run of {@code streetgate provision} with the fields given. */
    void apply(HttpExchange exchange, Sessions.Session session) throws IOException {
        Map<String, Object> fields = Http.jsonBody(exchange);
        for (String key : fields.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new Http.Refusal(400, "'" + key + "' is not a provisioning field; send any of "
                        + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        Path certificate = upload(fields, "certificate");
        Path ca = upload(fields, "ca");
        Outcome outcome;
        try {
            outcome = provisioning.provision(new ProvisionRequest(text(fields, "node"), null, text(fields, "broker"),
                    flag(fields, "insecure_broker"), ca, certificate, text(fields, "org"), text(fields, "country"),
                    flag(fields, "rotate_key"), flag(fields, "psk"), flag(fields, "rotate_psk"), null));
        } finally {
            if (certificate != null) {
                Files.deleteIfExists(certificate);
            }
            if (ca != null) {
                Files.deleteIfExists(ca);
            }
        }
        // a message about a pasted file names what was pasted, not the moment's file that held it
        Map<Path, String> pasted = new LinkedHashMap<>();
        if (certificate != null) {
            pasted.put(certificate, "the pasted certificate");
        }
        if (ca != null) {
            pasted.put(ca, "the pasted CA certificates");
        }
        outcome = outcome.naming(pasted);
        String account = session.account();
        if (outcome.error() != null) {
            audit.record(account, "provision", "node", "refused", outcome.error());
        } else {
            audit.record(account, "provision", "node", outcome.ok() ? "done" : "failed", outcome.footer());
        }
        // 400: fix the request; 409: refused on the merits (a certificate for another key)
        int status = outcome.ok() ? 200 : outcome.exit() == Provisioning.USAGE ? 400 : 409;
        Http.json(exchange, status, answer(outcome));
    }

    /** GET /api/provision/csr: the certificate request for the city's CA (public: the key stays). */
    void csr(HttpExchange exchange, Sessions.Session session) throws IOException {
        byte[] csr = provisioning.certificateRequest().orElseThrow(() -> new Http.Refusal(404,
                "this node has no certificate request yet; give it its node id first"));
        Http.download(exchange, "node.csr", "application/pkcs10", csr);
    }

    /** GET /api/provision/nodes: the constrained nodes accepted, by identity and kind; never a key. */
    void nodes(HttpExchange exchange, Sessions.Session session) throws IOException {
        Optional<CoapConfig> section = coap.get();
        ConstrainedNodes nodes = constrainedNodes(section);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file", nodes.file().toString());
        body.put("nodes", nodes.list().stream().map(ProvisioningPage::node).toList());
        boolean listening = section.filter(CoapConfig::dtlsEnabled).isPresent();
        body.put("listening", listening);
        body.put("note", listening
                ? "The CoAP ingest (DTLS, UDP port " + section.get().dtlsPort() + ") reads this file again within "
                + "10 s of a change."
                : "The site file has no coap: section with DTLS on, so nothing listens for these nodes: add one "
                + "(docs/coap.md) on the Site file page.");
        Http.json(exchange, 200, body);
    }

    /** POST /api/provision/nodes: accepts a node; a pre-shared key made here is in this answer only. */
    void addNode(HttpExchange exchange, Sessions.Session session) throws IOException {
        Map<String, Object> fields = Http.jsonBody(exchange);
        for (String key : fields.keySet()) {
            if (!NODE_FIELDS.contains(key)) {
                throw new Http.Refusal(400, "'" + key + "' is not a field of a node; send node, and identity (for "
                        + "a pre-shared key) or rpk (a raw public key)");
            }
        }
        String node = text(fields, "node");
        String rpk = text(fields, "rpk");
        String identity = text(fields, "identity");
        ConstrainedNodes nodes = constrainedNodes(coap.get());
        ConstrainedNodes.Added added;
        try {
            if (rpk != null && identity != null) {
                throw new IllegalArgumentException("'identity' is for a pre-shared key; a node with 'rpk' is known by "
                        + "its public key: leave one of them out");
            }
            added = rpk != null ? nodes.addRpk(node, rpk) : nodes.addPsk(node, identity, random);
        } catch (IllegalArgumentException e) {
            audit.record(session.account(), "coap-node.add", String.valueOf(node), "refused", e.getMessage());
            throw new Http.Refusal(400, e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", node(added.node()));
        if (added.key() != null) {
            body.put("key", added.key());
            body.put("line", added.line());
        }
        body.put("file", nodes.file().toString());
        audit.record(session.account(), "coap-node.add", added.node().id(), "done", added.node().kind() + " "
                + added.node().identity());
        Http.json(exchange, 200, body);
    }

    /** POST /api/provision/nodes/remove: takes a node's lines out of the file. */
    void removeNode(HttpExchange exchange, Sessions.Session session) throws IOException {
        Map<String, Object> fields = Http.jsonBody(exchange);
        String node = text(fields, "node");
        if (node == null || fields.size() != 1) {
            throw new Http.Refusal(400, "send {\"node\": \"<node id>\"} and nothing else");
        }
        List<ConstrainedNodes.Node> removed;
        try {
            removed = constrainedNodes(coap.get()).remove(node);
        } catch (IllegalArgumentException e) {
            audit.record(session.account(), "coap-node.remove", node, "refused", e.getMessage());
            throw new Http.Refusal(404, e.getMessage());
        }
        audit.record(session.account(), "coap-node.remove", node, "done", removed.size() + " line(s)");
        Http.json(exchange, 200, Map.of("removed", removed.stream().map(ProvisioningPage::node).toList()));
    }

    private ConstrainedNodes constrainedNodes(Optional<CoapConfig> section) {
        // in the gateway the console runs as the service itself: the file stays its own
        return new ConstrainedNodes(ConstrainedNodes.file(stateDir, section.map(CoapConfig::keyFile).orElse(null)),
                null);
    }

    private static Map<String, Object> node(ConstrainedNodes.Node n) {
        return Map.of("id", n.id(), "kind", n.kind(), "identity", n.identity());
    }

    private static Map<String, Object> answer(Outcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>(outcome.json());
        body.put("text", outcome.text());
        return body;
    }

    /** A pasted PEM file, owner-only for the moment it is checked; null when the field is absent. */
    private Path upload(Map<String, Object> fields, String field) throws IOException {
        String pem = text(fields, field);
        if (pem == null) {
            return null;
        }
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new Http.Refusal(400, "'" + field + "' is not a PEM certificate; paste the file's text, from "
                    + "-----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----");
        }
        Files.createDirectories(uploads);
        Path file = Files.createTempFile(uploads, field, ".pem", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        return file;
    }

    private static String text(Map<String, Object> fields, String key) {
        Object v = fields.get(key);
        if (v == null || v instanceof String s && s.isBlank()) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new Http.Refusal(400, "'" + key + "' is " + v + "; send it as a JSON string");
        }
        return s.strip();
    }

    private static boolean flag(Map<String, Object> fields, String key) {
        Object v = fields.get(key);
        if (v == null) {
            return false;
        }
        if (!(v instanceof Boolean b)) {
            throw new Http.Refusal(400, "'" + key + "' is " + v + "; send true or false");
        }
        return b;
    }
}
