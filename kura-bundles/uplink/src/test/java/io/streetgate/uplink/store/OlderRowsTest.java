package io.streetgate.uplink.store;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.uplink.payload.JsonFormat;
import io.streetgate.uplink.payload.Outgoing;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rows an older version stored, before the node's own reports passed the privacy gate, leave through it now:
 * a backlog waiting in the store at an upgrade does not send who asked or what they typed.
 */
class OlderRowsTest {

    private static final Instant T0 = Instant.parse("2026-06-21T22:00:00Z");

    @Test
    void anAuditRowStoredWithItsOriginAndNoteGoesOutWithoutThem() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sourceId", "lamp-2");
        fields.put("at", T0);
        fields.put("action", "override");
        fields.put("origin", "local:cli:anna");
        fields.put("commandId", "c-1");
        fields.put("detail", "police request, Anna at 10.0.0.7");
        byte[] body = FieldCodec.encode(fields);
        StoredMessage row = StoredMessage.durable(1, new StreamKey("audit", "lamp-2", null), 1, "9f3a1c22", 0, T0,
                body.length + SqliteStore.ROW_OVERHEAD, body);

        Outgoing out = new JsonFormat("streetgate", "pole-0042").encode(row, true, T0).get(0);
        Map<String, Object> sent = JSON.std.mapFrom(out.payload());
        assertFalse(sent.containsKey("origin"), sent.toString());
        assertFalse(sent.containsKey("detail"), sent.toString());
        assertEquals("override", sent.get("action"));
        assertEquals("c-1", sent.get("commandId"));
        assertTrue(row.message().fields().keySet().stream().noneMatch(k -> k.equals("origin") || k.equals("detail")),
                "Sparkplug B reads the same message");
    }
}
