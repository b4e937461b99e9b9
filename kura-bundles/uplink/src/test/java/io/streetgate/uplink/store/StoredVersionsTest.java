package io.streetgate.uplink.store;

import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.uplink.payload.JsonFormat;
import io.streetgate.uplink.testing.StreetRecords;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Rows written by the versions before 3 wait in the store across an upgrade: they read back to the same fields,
 * in the same order and types, as the same message stored today, and go out as the same JSON.
 * {@code rows-v2.txt} holds the bodies that the store of 7 Dec 2026 (0218139, stored form version 2) wrote for
 * {@link StreetRecords#all()}; version 1 bodies are written here, by its documented layout.
 */
class StoredVersionsTest {

    @Test
    void aVersion2RowWrittenBeforeTheUpgradeReadsBackToTheSameFields() throws IOException {
        List<UplinkMessage> records = StreetRecords.all();
        List<String> rows = lines("rows-v2.txt");
        assertEquals(records.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            byte[] v2 = body(rows.get(i));
            assertEquals(2, v2[0]);
            Map<String, Object> today = FieldCodec.decode(FieldCodec.encode(records.get(i).fields()));

            Map<String, Object> back = FieldCodec.decode(v2);

            assertEquals(today, back, rows.get(i));
            assertEquals(List.copyOf(today.keySet()), List.copyOf(back.keySet()), rows.get(i));
            back.forEach((name, value) -> assertEquals(today.get(name).getClass(), value.getClass(), name));
        }
    }

    @Test
    void aVersion2RowGoesOutAsTheSameJsonAsBefore() throws IOException {
        List<UplinkMessage> records = StreetRecords.all();
        List<String> rows = lines("rows-v2.txt");
        List<String> before = lines("../payload/stored-json.txt");
        JsonFormat format = new JsonFormat("streetgate", "pole-0042");
        for (int i = 0; i < rows.size(); i++) {
            byte[] v2 = body(rows.get(i));
            StoredMessage row = StoredMessage.durable(i + 1, StreamKey.of(records.get(i)), 1, "9f3a1c22", 1,
                    StreetRecords.T0, v2.length + SqliteStore.ROW_OVERHEAD, v2);

            String sent = new String(format.encode(row, true, StreetRecords.T0).get(0).payload(),
                    StandardCharsets.UTF_8);

            assertEquals(before.get(i), records.get(i).kind() + "\t" + sent);
        }
    }

    @Test
    void aVersion1RowReadsBackToTheSameFields() throws IOException {
        for (UplinkMessage m : StreetRecords.all()) {
            Map<String, Object> today = FieldCodec.decode(FieldCodec.encode(m.fields()));

            Map<String, Object> back = FieldCodec.decode(version1(today));

            assertEquals(today, back, m.kind());
            assertEquals(List.copyOf(today.keySet()), List.copyOf(back.keySet()), m.kind());
        }
    }

    /** Version 1's layout: a short count, then per field writeUTF name, type byte and binary value. */
    private static byte[] version1(Map<String, Object> fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeShort(fields.size());
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                out.writeUTF(e.getKey());
                Object v = e.getValue();
                if (v instanceof Double d) {
                    out.writeByte('D');
                    out.writeDouble(d);
                } else if (v instanceof Float f) {
                    out.writeByte('F');
                    out.writeFloat(f);
                } else if (v instanceof Long l) {
                    out.writeByte('L');
                    out.writeLong(l);
                } else if (v instanceof Boolean b) {
                    out.writeByte('B');
                    out.writeBoolean(b);
                } else if (v instanceof Instant t) {
                    out.writeByte('I');
                    out.writeLong(t.getEpochSecond());
                    out.writeInt(t.getNano());
                } else if (v instanceof LocalDate d) {
                    out.writeByte('T');
                    out.writeLong(d.toEpochDay());
                } else {
                    out.writeByte('S');
                    out.writeUTF((String) v);
                }
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] body(String row) {
        return Base64.getDecoder().decode(row.substring(row.indexOf('\t') + 1));
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = StoredVersionsTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
