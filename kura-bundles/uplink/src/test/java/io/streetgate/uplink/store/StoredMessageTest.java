package io.streetgate.uplink.store;

import io.streetgate.uplink.payload.JsonFormat;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoredMessageTest {

    static final Instant T0 = Instant.parse("2026-06-21T19:30:00Z");
    static final StreamKey STREAM = new StreamKey("summary", "env-1", "temperature");

    @Test
    void aStoredFormIsDecodedOnceWhenTheMessageIsAskedFor() {
        byte[] body = FieldCodec.encode(Map.of("sourceId", "env-1", "mean", 18.5));
        StoredMessage m = StoredMessage.durable(1, STREAM, 1, "9f3a1c22", 1, T0, body.length + 48, body);

        assertEquals(Map.of("sourceId", "env-1", "mean", 18.5), m.message().fields());
        assertEquals("summary", m.message().kind());
        assertEquals("env-1", m.message().sourceId());
        assertSame(m.message(), m.message());
        assertTrue(m.durable());
    }

    @Test
    void aDamagedStoredFormIsSentWithTheReasonRatherThanHoldingUpTheStream() {
        byte[] body = FieldCodec.encode(Map.of("sourceId", "env-1", "mean", 18.5));
        byte[] cut = Arrays.copyOf(body, body.length - 4);
        StoredMessage m = StoredMessage.durable(1, STREAM, 5, "9f3a1c22", 1, T0, cut.length + 48, cut);

        String json = new String(new JsonFormat("city", "pole-0042").encode(m, false, T0).get(0).payload(),
                StandardCharsets.UTF_8);

        assertTrue(json.startsWith("{\"node\":\"pole-0042\",\"kind\":\"summary\",\"seq\":5,\"epoch\":\"9f3a1c22\","
                + "\"sourceId\":\"env-1\",\"damaged\":\"stored message fails its CRC (a damaged row)\"}"), json);
    }

    @Test
    void aRowStoredByVersionOneGoesOutInTheSameForm() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeByte(1); // FieldCodec version 1: a count, then name, type and binary value per field
            out.writeShort(2);
            out.writeUTF("quantity");
            out.writeByte('S');
            out.writeUTF("temperature");
            out.writeUTF("mean");
            out.writeByte('D');
            out.writeDouble(18.5);
        }
        byte[] v1 = bytes.toByteArray();
        StoredMessage old = StoredMessage.durable(1, STREAM, 5, "9f3a1c22", 1, T0, v1.length + 48, v1);
        byte[] body = FieldCodec.encode(old.message().fields());
        StoredMessage current = StoredMessage.durable(2, STREAM, 5, "9f3a1c22", 1, T0, body.length + 48, body);
        JsonFormat format = new JsonFormat("city", "pole-0042");

        assertEquals("{\"node\":\"pole-0042\",\"kind\":\"summary\",\"seq\":5,\"epoch\":\"9f3a1c22\","
                + "\"sourceId\":\"env-1\",\"quantity\":\"temperature\",\"mean\":18.5}",
                new String(format.encode(old, false, T0).get(0).payload(), StandardCharsets.UTF_8));
        assertEquals(new String(format.encode(current, false, T0).get(0).payload(), StandardCharsets.UTF_8),
                new String(format.encode(old, false, T0).get(0).payload(), StandardCharsets.UTF_8));
    }
}
