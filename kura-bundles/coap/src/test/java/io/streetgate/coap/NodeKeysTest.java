package io.streetgate.coap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeKeysTest {

    @TempDir
    Path dir;

    @Test
    void eachLineGivesANodeAKindOfCredential() throws Exception {
        var pair = KeyPairGenerator.getInstance("EC").generateKeyPair();
        String spki = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        NodeKeys keys = NodeKeys.parse("""
                # comment
                soil-17  psk soil-17      text:soil-17-secret   # trailing comment
                pump-3   psk pump3@street hex:00112233445566778899aabbccddeeff
                pump-3   psk pump3-spare  base64:AAECAwQFBgcICQoLDA0ODw==
                lamp-9   rpk %s
                meter-2  plain
                """.formatted(spki), "keys");

        assertEquals(List.of("soil-17", "pump-3", "lamp-9", "meter-2"), List.copyOf(keys.nodes().keySet()));
        assertArrayEquals("soil-17-secret".getBytes(StandardCharsets.UTF_8),
                keys.credentials(NodeKeys.Psk.class).get(0).key());
        assertEquals(16, keys.credentials(NodeKeys.Psk.class).get(1).key().length);
        assertEquals(Optional.of("pump-3"), keys.nodeOfPskIdentity("pump3-spare"));
        assertEquals(Optional.empty(), keys.nodeOfPskIdentity("stranger"));
        assertEquals(Optional.of("lamp-9"), keys.nodeOfPublicKey(pair.getPublic()));
        assertTrue(keys.isPlain("meter-2"));
        assertFalse(keys.isPlain("soil-17"), "a PSK node may not post over plain CoAP");
    }

    @Test
    void mistakesNameTheLineButNeverTheKey() {
        assertEquals("keys line 2: the key has 4 bytes; use 8 to 64 (16 random bytes: streetgate provision coap-node add makes them)",
                refused("\nn1 psk id1 text:abcd"));
        assertEquals("keys line 1: the key is not valid hex (the key itself is not shown)",
                refused("n1 psk id1 hex:zz11223344556677"));
        assertEquals("keys line 1: the key must start with text:, hex: or base64:", refused("n1 psk id1 s3cr3t-key-here"));
        assertEquals("keys line 2: the PSK identity 'id1' is already given on line 1; each identity names one node",
                refused("n1 psk id1 text:12345678\nn2 psk id1 text:87654321"));
        assertEquals("keys line 1: the kind 'pks' is not one of psk, rpk, plain", refused("n1 pks id1 text:12345678"));
        assertEquals("keys line 1: node id 'a/b' is not valid: use up to 64 letters, digits, '-', '_', '.' or ':', "
                + "starting with a letter or digit and not ending in ':' (e.g. soil-17 or "
                + "urn:dev:ow:10e2073a01080063)", refused("a/b plain"));
        assertTrue(refused("urn:dev: plain").startsWith("keys line 1: node id 'urn:dev:' is not valid"));
        assertTrue(refused("n1 rpk AAAA").startsWith("keys line 1: the public key is not an EC or Ed25519"));
        for (String message : List.of(refused("\nn1 psk id1 text:abcd"), refused("n1 psk id1 hex:zz11223344556677"))) {
            assertFalse(message.contains("abcd") || message.contains("zz11"), message);
        }
    }

    @Test
    void rfc8428UrnsAreNodeIdsOfTheirOwnAndANameBelongsToTheLongestIdItStartsWith() {
        NodeKeys keys = NodeKeys.parse("""
                urn:dev:ow:10e2073a01080063      psk  ow-63   text:one-wire-63-key
                urn:dev:ow:10e2073a01080064      psk  ow-64   text:one-wire-64-key
                urn:dev:mac:0024befffe804ff1     plain
                urn:dev:mac:0024befffe804ff1:2   plain
                urn                              plain
                """, "keys");

        assertEquals(Optional.of("urn:dev:ow:10e2073a01080063"), keys.nodeOfPskIdentity("ow-63"));
        assertEquals(Optional.of("urn:dev:ow:10e2073a01080063"), keys.ownerOf("urn:dev:ow:10e2073a01080063"));
        assertEquals(Optional.of("urn:dev:ow:10e2073a01080064"), keys.ownerOf("urn:dev:ow:10e2073a01080064:voltage"));
        assertEquals(Optional.of("urn:dev:mac:0024befffe804ff1"), keys.ownerOf("urn:dev:mac:0024befffe804ff1/temperature"));
        assertEquals(Optional.of("urn:dev:mac:0024befffe804ff1:2"),
                keys.ownerOf("urn:dev:mac:0024befffe804ff1:2/temperature"), "the longest id owns the name");
        assertEquals(Optional.of("urn"), keys.ownerOf("urn:dev:ow:10e2073a01080065"), "no longer id: 'urn' owns it");
        assertEquals(Optional.of("urn"), keys.ownerOf("urn:dev:ow:10e2073a0108006:temperature"),
                "an id is only a prefix at a separator: not node ...063's nor ...064's");
        assertEquals(Optional.empty(), NodeKeys.parse("urn:dev:ow:10e2073a01080063 plain", "keys")
                .ownerOf("urn:dev:ow:10e2073a010800634/temperature"));
        assertEquals(Optional.empty(), keys.ownerOf("temperature"));
    }

    private static String refused(String text) {
        return assertThrows(IllegalArgumentException.class, () -> NodeKeys.parse(text, "keys")).getMessage();
    }

    @Test
    void toStringNeverShowsAKey() {
        NodeKeys keys = NodeKeys.parse("n1 psk id1 text:very-secret-key", "keys");
        assertFalse(keys.toString().contains("very-secret"), keys.toString());
        assertFalse(keys.credentials(NodeKeys.Psk.class).get(0).toString().contains("very-secret"));
    }

    @Test
    void aMissingFileIsCreatedOwnerOnlyWithTheFormatAsComments() throws Exception {
        Path file = dir.resolve("coap/node-keys");

        NodeKeys.Loaded loaded = NodeKeys.load(file);

        assertEquals(NodeKeys.empty(), loaded.keys());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).contains("<node-id> psk <identity>"));
    }

    @Test
    void aFileOthersCanReadIsTightenedTo0600() throws Exception {
        Path file = Files.writeString(dir.resolve("node-keys"), "n1 psk id1 text:12345678\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        NodeKeys.Loaded loaded = NodeKeys.load(file);

        assertTrue(loaded.permissionsTightened());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(Optional.of("n1"), loaded.keys().nodeOfPskIdentity("id1"));
    }
}
