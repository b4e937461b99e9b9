package io.streetgate.provision;

import io.streetgate.coap.NodeKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node-keys file as ConstrainedNodes edits it, each result read back by the ingest's own NodeKeys. */
class ConstrainedNodesTest {
    /** A file a technician wrote by hand: its comments and lines must come through every change. */
    static final String HAND_WRITTEN = """
            # our street's probes (kept by hand)
            meter-2   plain
            pump-3    psk   pump3@street  base64:jzHqv0b3LrLs2rVnq8rN1Q==   # the old pump
            """;

    @TempDir
    Path tmp;
    final SecureRandom random = new SecureRandom();

    Path keyFile() {
        return tmp.resolve("state/coap/node-keys");
    }

    NodeKeys readBack() throws Exception {
        return NodeKeys.parse(Files.readString(keyFile()), "node-keys");
    }

    @Test
    void aPreSharedKeyIsMadeHereShownOnceAndTheIngestReadsItsLine() throws Exception {
        ConstrainedNodes nodes = new ConstrainedNodes(keyFile(), null);
        ConstrainedNodes.Added added = nodes.addPsk("soil-17", null, random);

        assertEquals(new ConstrainedNodes.Node("soil-17", "psk", "soil-17", 2), added.node());
        assertEquals(22, added.key().length(), "16 random bytes as base64url text: " + added.key());
        assertEquals("soil-17 psk soil-17 text:" + added.key(), added.line());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile())));
        NodeKeys.Psk psk = readBack().credentials(NodeKeys.Psk.class).get(0);
        assertEquals("soil-17", psk.nodeId());
        assertArrayEquals(added.key().getBytes(StandardCharsets.US_ASCII), psk.key());
        assertFalse(added.toString().contains(added.key()));
        assertFalse(nodes.list().toString().contains(added.key()), "a listing never shows a key");
        assertFalse(Files.exists(tmp.resolve("state/coap/node-keys.previous")), "nothing was there to keep");

        ConstrainedNodes.Added other = nodes.addPsk("urn:dev:ow:10e2073a01080063", "ow-63", random);
        assertFalse(other.key().equals(added.key()));
        assertEquals(List.of("soil-17", "urn:dev:ow:10e2073a01080063"),
                List.copyOf(readBack().nodes().keySet()));
        assertEquals(Optional.of("urn:dev:ow:10e2073a01080063"), readBack().nodeOfPskIdentity("ow-63"));
    }

    @Test
    void aHandWrittenFileKeepsEveryLineAndThePreviousVersionIsKeptBesideIt() throws Exception {
        Files.createDirectories(keyFile().getParent());
        Files.writeString(keyFile(), HAND_WRITTEN);
        ConstrainedNodes nodes = new ConstrainedNodes(keyFile(), null);

        ConstrainedNodes.Added added = nodes.addPsk("soil-17", null, random);
        Path previous = tmp.resolve("state/coap/node-keys.previous");
        assertEquals(HAND_WRITTEN, Files.readString(previous));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(previous)));
        assertEquals(HAND_WRITTEN + added.line() + "\n", Files.readString(keyFile()));
        assertEquals(List.of(new ConstrainedNodes.Node("meter-2", "plain", "", 2),
                new ConstrainedNodes.Node("pump-3", "psk", "pump3@street", 3),
                new ConstrainedNodes.Node("soil-17", "psk", "soil-17", 4)), nodes.list());

        String withSoil = Files.readString(keyFile());
        assertEquals(List.of(new ConstrainedNodes.Node("pump-3", "psk", "pump3@street", 3)), nodes.remove("pump-3"));
        assertEquals(withSoil, Files.readString(previous));
        assertEquals("""
                # our street's probes (kept by hand)
                meter-2   plain
                """ + added.line() + "\n", Files.readString(keyFile()));
        assertEquals(List.of("meter-2", "soil-17"), List.copyOf(readBack().nodes().keySet()));
    }

    @Test
    void aRawPublicKeyPastedAsPemIsCheckedAndTheIngestTrustsIt() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        var pair = ec.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        ConstrainedNodes nodes = new ConstrainedNodes(keyFile(), null);

        ConstrainedNodes.Added added = nodes.addRpk("lamp-9", pem);
        assertEquals(null, added.key());
        assertEquals("rpk", added.node().kind());
        assertEquals("SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(
                Crypto.sha256(pair.getPublic().getEncoded())), added.node().identity());
        assertEquals(Optional.of("lamp-9"), readBack().nodeOfPublicKey(pair.getPublic()));

        String before = Files.readString(keyFile());
        String again = assertThrows(IllegalArgumentException.class, () -> nodes.addRpk("lamp-10", pem)).getMessage();
        assertTrue(again.contains("node 'lamp-9''s already"), again);
        String privateKey = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n"
                + "-----END PRIVATE KEY-----";
        String refused = assertThrows(IllegalArgumentException.class, () -> nodes.addRpk("lamp-10", privateKey))
                .getMessage();
        assertTrue(refused.contains("holds a private key") && !refused.contains("MIGHAgEA"), refused);
        String garbage = assertThrows(IllegalArgumentException.class, () -> nodes.addRpk("lamp-10", "hello world"))
                .getMessage();
        assertTrue(garbage.startsWith("the rpk field is not") && garbage.contains("openssl pkey"), garbage);
        assertEquals(before, Files.readString(keyFile()), "a refusal changes nothing");
    }

    @Test
    void badInputIsRefusedNamingTheValueAndTheFixAndChangesNothing() throws Exception {
        Files.createDirectories(keyFile().getParent());
        Files.writeString(keyFile(), HAND_WRITTEN);
        ConstrainedNodes nodes = new ConstrainedNodes(keyFile(), null);

        assertRefused(() -> nodes.addPsk("soil 17", null, random), "node id 'soil 17' is not valid: use up to 64");
        assertRefused(() -> nodes.addPsk("pump-3", null, random), "node 'pump-3' is in " + keyFile()
                + " already (line 3, psk); remove it first");
        assertRefused(() -> nodes.addPsk("pump-4", "pump3@street", random),
                "identity 'pump3@street' is node 'pump-3''s already");
        assertRefused(() -> nodes.addPsk("pump-4", "a#b", random), "identity 'a#b' has a blank or '#'");
        assertRefused(() -> nodes.addPsk("pump-4", "x".repeat(129), random), "longer than 128 bytes");
        assertRefused(() -> nodes.remove("soil-99"), "node 'soil-99' is not in " + keyFile()
                + "; the nodes are: meter-2, pump-3");
        assertEquals(HAND_WRITTEN, Files.readString(keyFile()));
        assertFalse(Files.exists(tmp.resolve("state/coap/node-keys.previous")));
    }

    /** The two sides of the file agree on which node ids are valid. */
    @Test
    void theNodeIdRuleIsTheIngestsRule() {
        for (String id : List.of("soil-17", "a", "urn:dev:ow:10e2073a01080063", "Pump_3.b", "x".repeat(64),
                "x".repeat(65), "urn:", "-a", "a/b", "a b", ":a", "a.", "é")) {
            boolean ingest;
            try {
                NodeKeys.parse(id + " plain", "t");
                ingest = true;
            } catch (IllegalArgumentException e) {
                ingest = false;
            }
            assertEquals(ingest, ConstrainedNodes.NODE_ID.matcher(id).matches(), id);
        }
    }

    @Test
    void theKeyFileIsTheSiteFilesOrTheStateFoldersDefault() {
        assertEquals(tmp.resolve("coap/node-keys"), ConstrainedNodes.file(tmp, null));
        assertEquals(tmp.resolve("coap/node-keys"), ConstrainedNodes.file(tmp, ""));
        assertEquals(Path.of("/srv/keys"), ConstrainedNodes.file(tmp, "/srv/keys"));
    }

    @Test
    void theCommandAddsListsAndRemovesAndPrintsTheKeyOnlyWhenItIsMade() throws Exception {
        Path state = tmp.resolve("state");
        Path etc = tmp.resolve("etc");
        String added = run(0, "coap-node", "add", "soil-17", "--state-dir", state.toString(), "--config-dir",
                etc.toString());
        String key = NodeKeys.parse(Files.readString(keyFile()), "k").credentials(NodeKeys.Psk.class).get(0)
                .nodeId().equals("soil-17") ? new String(readBack().credentials(NodeKeys.Psk.class).get(0).key(),
                StandardCharsets.US_ASCII) : null;
        assertTrue(added.contains("added soil-17 (psk, identity soil-17) to " + keyFile()), added);
        assertTrue(added.contains("  key      " + key + "\n"), added);
        assertTrue(added.contains("-u soil-17 -k " + key + " coaps://<gateway>:5684/readings"), added);

        String listed = run(0, "coap-node", "list", "--state-dir", state.toString(), "--config-dir", etc.toString());
        assertTrue(listed.contains("1 node line(s) in " + keyFile()) && listed.contains("soil-17"), listed);
        assertFalse(listed.contains(key), listed);

        String refused = runErr(2, "coap-node", "add", "soil-17", "--state-dir", state.toString());
        assertTrue(refused.contains("coap-node: node 'soil-17' is in " + keyFile() + " already"), refused);

        String removed = run(0, "coap-node", "remove", "soil-17", "--state-dir", state.toString(), "--config-dir",
                etc.toString());
        assertTrue(removed.contains("removed soil-17 (psk soil-17)"), removed);
        assertTrue(readBack().nodes().isEmpty());
    }

    @Test
    void theCommandWritesTheFileTheSiteFileNamesAndSaysWhenNothingListens() throws Exception {
        Path etc = Files.createDirectories(tmp.resolve("etc"));
        Path named = tmp.resolve("keys/street-nodes");
        Files.writeString(etc.resolve("site.yaml"), "node:\n  id: pole-0042\n  site: harbour-street\nsensors: {}\n"
                + "coap:\n  dtls: { enabled: true, port: 5699 }\n  key-file: " + named + "\n");
        String added = run(0, "coap-node", "add", "soil-17", "--state-dir", tmp.resolve("state").toString(),
                "--config-dir", etc.toString());
        assertTrue(added.contains("to " + named + "\n") && added.contains("coaps://<gateway>:5699/readings"), added);
        assertFalse(added.contains("note:"), added);
        assertEquals("soil-17", NodeKeys.parse(Files.readString(named), "k").nodes().keySet().iterator().next());
        assertFalse(Files.exists(keyFile()), "not the state folder's default");

        Files.writeString(etc.resolve("site.yaml"), "node:\n  id: pole-0042\n  site: harbour-street\nsensors: {}\n");
        String unheard = run(0, "coap-node", "list", "--state-dir", tmp.resolve("state").toString(), "--config-dir",
                etc.toString());
        assertTrue(unheard.contains("note: " + etc.resolve("site.yaml") + " has no coap: section with DTLS on, so "
                + "nothing listens for these nodes; add one (docs/coap.md)"), unheard);
    }

    private String run(int exit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ProvisionCommand(Clock.systemUTC(), random, Map.of()));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertEquals(exit, cli.execute(args), out + "\n" + err);
        return exit == 0 ? out.toString() : err.toString();
    }

    private String runErr(int exit, String... args) {
        return run(exit, args);
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable action, String part) {
        String message = assertThrows(IllegalArgumentException.class, action).getMessage();
        assertTrue(message.contains(part), message);
    }
}
