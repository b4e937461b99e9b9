package io.streetgate.gateway.api.format;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandSignatureTest {

    static final Instant NOW = Instant.parse("2026-06-21T19:45:00Z");

    static Map<String, Object> override() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "c-17");
        m.put("name", "actuator.override");
        m.put("target", "lamp-1");
        m.put("arguments", Map.of("level", 0.8, "for", "30m"));
        m.put("issued", "2026-06-21T19:44:00Z");
        m.put("expires", "2026-06-21T19:54:00Z");
        m.put("key", "ops-console");
        return m;
    }

    static CommandJson.Parsed parse(Map<String, Object> members, String node) {
        return CommandJson.parse(UplinkJson.object(members), node, "mqtt", NOW);
    }

    @Test
    void aCommandSignedWithTheKeyVerifiesWithItsPublicKeyAndNothingElseDoes() throws Exception {
        KeyPair ops = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Map<String, Object> m = override();
        m.put("signature", CommandSignature.sign(ops.getPrivate(), "pole-0042", m));

        assertTrue(CommandSignature.verify(ops.getPublic(), parse(m, "pole-0042").signed()));
        assertFalse(CommandSignature.verify(other.getPublic(), parse(m, "pole-0042").signed()), "another key");
        assertFalse(CommandSignature.verify(ops.getPublic(), parse(m, "pole-0043").signed()),
                "the same command sent to another node");
        Map<String, Object> changed = new LinkedHashMap<>(m);
        changed.put("arguments", Map.of("level", 1.0, "for", "30m"));
        assertFalse(CommandSignature.verify(ops.getPublic(), parse(changed, "pole-0042").signed()), "a changed level");
        Map<String, Object> later = new LinkedHashMap<>(m);
        later.put("expires", "2026-06-22T19:54:00Z");
        assertFalse(CommandSignature.verify(ops.getPublic(), parse(later, "pole-0042").signed()), "a later expiry");
        Map<String, Object> truncated = new LinkedHashMap<>(m);
        truncated.put("signature", Base64.getEncoder().encodeToString(new byte[10]));
        assertFalse(CommandSignature.verify(ops.getPublic(), parse(truncated, "pole-0042").signed()),
                "a signature of the wrong length is not valid, and does not throw");
    }

    @Test
    void theCanonicalFormDoesNotDependOnOrderSpacesOrHowANumberWasWritten() {
        String a = "{\"name\":\"x\",\"arguments\":{\"b\":1.50,\"a\":\"\\u00e9\\n\"},\"id\":7,\"key\":\"k\",\"signature\":\"AA==\"}";
        String b = "{ \"key\":\"k\", \"id\" : 7 , \"arguments\" : { \"a\" : \"é\\n\" , \"b\" : 1.5 } , \"name\" : \"x\","
                + " \"signature\":\"AA==\" }";
        String expected = "{\"arguments\":{\"a\":\"é\\n\",\"b\":1.5},\"id\":7,\"key\":\"k\",\"name\":\"x\",\"node\":\"n\"}";

        assertEquals(expected, canonical(a));
        assertEquals(expected, canonical(b));
        assertEquals("80", CommandSignature.number(80.0));
        assertEquals("0.0000001", CommandSignature.number(1e-7));
        assertEquals("{\"node\":\"n\",\"s\":\"\\u0001\\\"\"}", new String(CommandSignature.canonical("n",
                Map.of("s", "\u0001\"")), StandardCharsets.UTF_8));
    }

    private static String canonical(String json) {
        return new String(CommandJson.parse(json.getBytes(StandardCharsets.UTF_8), "n", "mqtt", NOW).signed().canonical(),
                StandardCharsets.UTF_8);
    }

    @Test
    void theCanonicalFormOnTheUplinkPageIsWhatANodeVerifies() throws Exception {
        String page = Files.readString(Path.of("../../docs/uplink.md"));
        Matcher command = Pattern.compile("A command:\n\n```json\n(.*?)```", Pattern.DOTALL).matcher(page);
        Matcher canonical = Pattern.compile("that is\n\n```\n(.*?)\n```", Pattern.DOTALL).matcher(page);
        assertTrue(command.find() && canonical.find(), "docs/uplink.md shows a command and its canonical form");
        String signed = command.group(1).replace("\n", "").trim()
                .replaceFirst("}$", ",\"key\":\"ops-console\",\"signature\":\"AA==\"}");
        byte[] onTheNode = CommandJson.parse(signed.getBytes(StandardCharsets.UTF_8), "pole-0042", "mqtt", NOW)
                .signed().canonical();
        assertEquals(canonical.group(1), new String(onTheNode, StandardCharsets.UTF_8));
    }
}
