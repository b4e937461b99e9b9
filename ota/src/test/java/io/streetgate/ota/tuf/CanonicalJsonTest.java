package io.streetgate.ota.tuf;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CanonicalJsonTest {
    private static String enc(Object o) {
        return new String(CanonicalJson.encode(o), StandardCharsets.UTF_8);
    }

    @Test
    void sortsKeysAndWritesNoWhitespace() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", 1);
        m.put("a", List.of(true, false));
        m.put("C", null);
        assertEquals("{\"C\":null,\"a\":[true,false],\"b\":1}", enc(m));
    }

    @Test
    void escapesOnlyQuoteAndBackslash() {
        assertEquals("\"a\\\"b\\\\c\nd\u00e9\"", enc("a\"b\\c\nd\u00e9"));
        assertEquals("a\"b\\c\nd\u00e9".length() + 4, enc("a\"b\\c\nd\u00e9").length());
    }

    @Test
    void refusesFloatsNamingWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> enc(Map.of("x", Map.of("y", 1.5))));
        assertEquals(true, e.getMessage().contains("$.x.y"), e.getMessage());
    }

    @Test
    void prettyFormParsesBackToTheSameCanonicalBytes() {
        Map<String, Object> m = Map.of("z", "tab\there", "a", Map.of("k", List.of(1, 2L, "\u0001")));
        byte[] pretty = CanonicalJson.pretty(m);
        assertEquals(enc(m), enc(Json.parseObject(pretty, "test")));
    }

    @Test
    void matchesTheSpecificationExampleOfAKeyId() {
        // An Ed25519 key object; its id is the sha256 of exactly these canonical bytes.
        Key k = Key.ed25519(new byte[32]);
        assertEquals("{\"keytype\":\"ed25519\",\"keyval\":{\"public\":\"" + "00".repeat(32) + "\"},\"scheme\":\"ed25519\"}",
                enc(k.toJson()));
        assertEquals(Hashes.sha256Hex(CanonicalJson.encode(k.toJson())), k.keyId());
    }
}
