package io.streetgate.uplink.payload;

import io.streetgate.analytics.privacy.PrivacyGate;
import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.gateway.api.format.UplinkJson;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.store.FieldCodec;
import io.streetgate.uplink.store.ForwardStore;
import io.streetgate.uplink.store.StoredMessage;
import io.streetgate.uplink.store.StreamKey;
import io.streetgate.uplink.testing.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JSON format sends a stored message's fields as the store keeps them; what goes out is what the documented
 * form ({@link UplinkJson}) writes for the message as it was stored, whether the store held it in its file or
 * in memory.
 */
class JsonFormatTest {

    static final Instant T0 = Instant.parse("2026-06-21T19:30:00Z");

    @TempDir
    Path dir;

    final JsonFormat format = new JsonFormat("city", "pole-0042");

    static List<UplinkMessage> messages() {
        Map<String, Object> every = new LinkedHashMap<>();
        every.put("sourceId", "Straße-7");
        every.put("quantity", "pm2.5");
        every.put("unit", "µg/m³");
        every.put("start", Instant.parse("2026-06-21T19:30:00.123456789Z"));
        every.put("day", LocalDate.of(2026, 6, 21));
        every.put("count", 6L);
        every.put("small", 3);
        every.put("mean", 18.25);
        every.put("tiny", 1.0e-9);
        every.put("huge", 6.02e23);
        every.put("negative", -0.5);
        every.put("ratio", 0.1f);
        every.put("missing", Double.NaN);
        every.put("leak", true);
        every.put("label", "quote \" backslash \\ tab \t nul \u0000 🚦");
        Map<String, Object> zone = new LinkedHashMap<>();
        zone.put("zone", "crossing-north");
        zone.put("occupied", 3L);
        Map<String, Object> edges = new LinkedHashMap<>();
        edges.put("first", Double.NaN);
        edges.put("sourceId", null);
        edges.put("mean", 1.5);
        edges.put("last", Float.POSITIVE_INFINITY);
        return List.of(Messages.summary("env-1", "temperature", T0, 18.5),
                PrivacyGate.readBack("summary", "env-2", edges),
                Messages.event("door-1", "opened", T0),
                PrivacyGate.readBack("summary", "Straße-7", every),
                PrivacyGate.readBack("occupancy", "crossing-north", zone),
                PrivacyGate.readBack("status", "gateway", Map.of("label", "no source id among the fields")));
    }

    @Test
    void aMessageReadFromTheFileGoesOutAsTheDocumentedFormOfWhatWasStored() {
        try (ForwardStore store = ForwardStore.open(ForwardStore.Settings.of(dir.resolve("store.db"), 1 << 20),
                TimeBase.system())) {
            for (UplinkMessage m : messages()) {
                store.append(m);
            }
            List<StoredMessage> stored = store.cursor().next(100);
            assertEquals(messages().size(), stored.size());
            for (int i = 0; i < stored.size(); i++) {
                StoredMessage m = stored.get(i);
                UplinkMessage original = messages().get(i);
                // as stored: whole numbers come back as Longs, the NaN is kept (and left out of the JSON)
                UplinkMessage asStored = PrivacyGate.readBack(original.kind(), original.sourceId(),
                        FieldCodec.decode(FieldCodec.encode(original.fields())));
                Outgoing out = format.encode(m, false, T0).get(0);

                assertEquals(text(UplinkJson.encode("pole-0042", asStored, m.seq(), m.epoch())), text(out.payload()));
                assertEquals(UplinkJson.topic("city", "pole-0042", original), out.topic());
                assertEquals(m, out.origin());
            }
        }
    }

    @Test
    void aMessageHeldInMemoryGoesOutAsTheDocumentedFormOfWhatWasStored() {
        List<UplinkMessage> all = new ArrayList<>(messages());
        Map<String, Object> withList = new LinkedHashMap<>();
        withList.put("sourceId", "gateway");
        withList.put("parts", List.of("a", "b"));
        all.add(PrivacyGate.readBack("status", "gateway", withList));
        for (UplinkMessage original : all) {
            StoredMessage m = StoredMessage.inMemory(7, StreamKey.of(original), 3, "9f3a1c22", 1, T0, original);
            UplinkMessage asStored = PrivacyGate.readBack(original.kind(), original.sourceId(),
                    FieldCodec.decode(FieldCodec.encode(original.fields())));

            Outgoing out = format.encode(m, false, T0).get(0);

            assertEquals(text(UplinkJson.encode("pole-0042", asStored, 3, "9f3a1c22")), text(out.payload()));
            assertEquals(UplinkJson.topic("city", "pole-0042", original), out.topic());
        }
        assertEquals("{\"node\":\"pole-0042\",\"kind\":\"status\",\"seq\":3,\"epoch\":\"9f3a1c22\","
                + "\"sourceId\":\"gateway\",\"parts\":\"[a, b]\"}", text(format.encode(StoredMessage.inMemory(7,
                        StreamKey.of(all.get(all.size() - 1)), 3, "9f3a1c22", 1, T0, all.get(all.size() - 1)), false, T0)
                .get(0).payload()), "a list is stored, and sent, as its text (the store keeps flat fields)");
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
