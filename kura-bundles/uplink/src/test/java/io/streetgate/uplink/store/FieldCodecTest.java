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
    void aDamagedRowIsReportedNotMisread() {
        byte[] body = FieldCodec.encode(Map.of("mean", 1.0));
        byte[] cut = java.util.Arrays.copyOf(body, body.length - 3);
        assertThrows(IllegalArgumentException.class, () -> FieldCodec.decode(cut));
        body[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> FieldCodec.decode(body));
    }
}
