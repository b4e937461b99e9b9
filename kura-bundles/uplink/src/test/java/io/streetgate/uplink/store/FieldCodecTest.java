package io.streetgate.uplink.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FieldCodecTest {

    @Test
    void everyFieldComesBackWithItsTypeAndInItsOrder() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sourceId", "env-1");
        f.put("start", Instant.parse("2026-06-21T19:30:00.123456789Z"));
        f.put("date", LocalDate.of(2026, 6, 21));
        f.put("count", 6L);
        f.put("small", 3);
        f.put("mean", 18.25);
        f.put("ratio", 0.5f);
        f.put("leak", true);
        f.put("nothing", null);

        Map<String, Object> back = FieldCodec.decode(FieldCodec.encode(f));

        assertEquals(List.of("sourceId", "start", "date", "count", "small", "mean", "ratio", "leak"),
                List.copyOf(back.keySet()), "null values are left out");
        assertEquals(Instant.parse("2026-06-21T19:30:00.123456789Z"), back.get("start"));
        assertEquals(LocalDate.of(2026, 6, 21), back.get("date"));
        assertEquals(6L, back.get("count"));
        assertEquals(3L, back.get("small"), "whole numbers are Longs");
        assertEquals(18.25, back.get("mean"));
        assertEquals(0.5f, back.get("ratio"));
        assertEquals(true, back.get("leak"));
    }

    @Test
    void aFieldIsFoundByItsNameWithoutReadingTheValues() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("unit", "zone"); // a value that reads like a field name is not one
        f.put("start", Instant.parse("2026-06-21T19:30:00Z"));
        f.put("date", LocalDate.of(2026, 6, 21));
        f.put("count", 6L);
        f.put("ratio", 0.5f);
        f.put("leak", true);
        f.put("Straße", "µg/m³");
        f.put("sourceId", "env-1");
        byte[] body = FieldCodec.encode(f);

        for (String name : List.of("unit", "start", "date", "count", "ratio", "leak", "sourceId")) {
            assertEquals(true, FieldCodec.has(body, name), name);
        }
        for (String name : List.of("zone", "source", "sourceIds", "Cel", "")) {
            assertEquals(false, FieldCodec.has(body, name), name);
        }
        byte[] cut = java.util.Arrays.copyOf(body, body.length - 12);
        assertThrows(IllegalArgumentException.class, () -> FieldCodec.has(cut, "sourceId"));
    }

    @Test
    void aDamagedRowIsReportedNotMisread() {
        byte[] body = FieldCodec.encode(Map.of("mean", 1.0));
        byte[] cut = java.util.Arrays.copyOf(body, body.length - 3);
        assertThrows(IllegalArgumentException.class, () -> FieldCodec.decode(cut));
        body[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> FieldCodec.decode(body));
    }

    @Test
    void textOutsideAsciiComesBackUnchanged() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sourceId", "Straße-7");
        f.put("unit", "µg/m³");
        f.put("note", "nul\u0000 and 🚦 and 日本");
        f.put("température", 21.5);
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            StringBuilder any = new StringBuilder();
            for (int c = random.nextInt(40); c > 0; c--) {
                any.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x20000) : random.nextInt(0x80));
            }
            String text = any.toString().replaceAll("[\\x{D800}-\\x{DFFF}]", "?"); // no lone surrogates
            f.put("any-" + i, text);
        }

        assertEquals(f, FieldCodec.decode(FieldCodec.encode(f)));
    }

    @Test
    void aStringLongerThanItsRowIsReportedAsTruncated() {
        byte[] body = FieldCodec.encode(Map.of("unit", "Cel"));
        byte[] cut = java.util.Arrays.copyOf(body, body.length - 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FieldCodec.decode(cut));
        assertEquals(true, e.getMessage().startsWith("stored message is truncated"), e.getMessage());
    }
}
