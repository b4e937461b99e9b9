package io.streetgate.distribution;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.gateway.api.format.CommandJson;
import io.streetgate.gateway.api.format.CommandSignature;
import io.streetgate.site.CommandKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code streetgate command-key} and {@code streetgate command --node ... --sign-with}: a key made on the
 * operator's machine signs command messages that the node, given the printed public key, verifies.
 */
class SignedCommandTest {

    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cli = Streetgate.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aKeyMadeHereSignsCommandsThatTheNodeVerifiesWithThePrintedPublicKey() throws Exception {
        Path key = dir.resolve("ops.key");
        assertEquals(0, run("command-key", key.toString(), "--name", "night-shift"), err.toString());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(key));
        String line = out.toString().lines().filter(l -> l.trim().startsWith("night-shift: ")).findFirst().orElseThrow();
        PublicKey publicKey = CommandKeys.publicKey(line.trim().substring("night-shift: ".length()));
        out.getBuffer().setLength(0);

        Instant before = Instant.now().minusSeconds(1);
        assertEquals(0, run("command", "actuator.override", "--target", "lamp-1", "level=0.8", "for=30m",
                "--node", "pole-0042", "--valid", "10m", "--sign-with", key.toString(), "--key-name", "night-shift"),
                err.toString());
        byte[] message = out.toString().trim().getBytes(StandardCharsets.UTF_8);
        Map<String, Object> m = JSON.std.mapFrom(message);
        Instant issued = Instant.parse((String) m.get("issued"));
        assertTrue(!issued.isBefore(before.minusSeconds(1)), "issued now: " + m);
        assertEquals(issued.plus(Duration.ofMinutes(10)), Instant.parse((String) m.get("expires")));
        assertEquals(Map.of("level", 0.8, "for", "30m"), m.get("arguments"));

        CommandJson.Parsed onTheNode = CommandJson.parse(message, "pole-0042", "mqtt", Instant.now());
        assertTrue(onTheNode.isValid(), onTheNode.refusal());
        assertEquals("night-shift", onTheNode.signed().key());
        assertTrue(CommandSignature.verify(publicKey, onTheNode.signed()), "the node verifies it");
        assertFalse(CommandSignature.verify(publicKey, CommandJson.parse(message, "pole-0043", "mqtt", Instant.now())
                .signed()), "a node it was not signed for does not");
    }

    @Test
    void aKeyIsNeverOverwrittenAndSigningNeedsANode() throws Exception {
        Path key = dir.resolve("ops.key");
        assertEquals(0, run("command-key", key.toString()));
        String first = Files.readString(key);
        assertEquals(2, run("command-key", key.toString()));
        assertTrue(err.toString().contains("exists; a key is never overwritten"), err.toString());
        assertEquals(first, Files.readString(key));
        assertEquals(2, run("command", "ping", "--sign-with", key.toString()));
        assertTrue(err.toString().contains("give --node <node id> too"), err.toString());
    }
}
