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
                + "\"sourceId\":\"env-1\",\"damaged\":\"stored message is truncated"), json);
    }
}
