package io.streetgate.uplink.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void theFieldsAreKeptAsTypedBinaryValuesWithoutAnyWireFormat() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("mean", 18.4);
        f.put("unit", "µg");
        byte[] body = FieldCodec.encode(f);

        java.nio.ByteBuffer expected = java.nio.ByteBuffer.allocate(body.length);
        expected.put((byte) 3).putInt(0).putShort((short) 2);
        expected.putShort((short) 4).put("mean".getBytes(StandardCharsets.UTF_8)).put((byte) 'D').putDouble(18.4);
        expected.putShort((short) 4).put("unit".getBytes(StandardCharsets.UTF_8)).put((byte) 'S').putInt(3)
                .put("µg".getBytes(StandardCharsets.UTF_8));
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(expected.array(), 0, 1); // the whole body but the CRC's own four bytes
        crc.update(expected.array(), 5, body.length - 5);
        expected.putInt(1, (int) crc.getValue());
        assertEquals(java.util.HexFormat.of().formatHex(expected.array()), java.util.HexFormat.of().formatHex(body));
    }

    @Test
    void numbersThatJsonCannotCarryAreKeptInTheirPlaceForSparkplug() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("first", Double.NaN);
        f.put("mean", 18.4);
        f.put("max", Double.POSITIVE_INFINITY);
        f.put("min", Float.NEGATIVE_INFINITY);
        f.put("count", 6L);
        f.put("last", Float.NaN);
        byte[] body = FieldCodec.encode(f);

        assertEquals(f, FieldCodec.decode(body));
        assertEquals(List.copyOf(f.keySet()), List.copyOf(FieldCodec.decode(body).keySet()));
    }

    @Test
    void everyDoubleFloatAndInstantReadsBackToTheSameValue() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("d", Double.longBitsToDouble(random.nextLong()));
            f.put("m", random.nextLong(-10_000_000, 10_000_000) / 100.0);
            f.put("q", random.nextLong(-1_000_000_000_000_000L, 1_000_000_000_000_000L)
                    / Math.pow(10, random.nextInt(19)));
            f.put("f", Float.intBitsToFloat(random.nextInt()));
            f.put("l", random.nextLong());
            f.put("t", Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 400_000_000_000L),
                    random.nextInt(1_000_000_000)));
            assertEquals(f, FieldCodec.decode(FieldCodec.encode(f)), f.toString());
        }
    }

    @Test
    void aRowStoredByVersionOneIsStillRead() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeShort(4);
            out.writeUTF("sourceId");
            out.writeByte('S');
            out.writeUTF("env-1");
            out.writeUTF("mean");
            out.writeByte('D');
            out.writeDouble(18.4);
            out.writeUTF("end");
            out.writeByte('I');
            out.writeLong(1_782_070_260L);
            out.writeInt(5);
            out.writeUTF("day");
            out.writeByte('T');
            out.writeLong(LocalDate.of(2026, 6, 21).toEpochDay());
        }
        byte[] v1 = bytes.toByteArray();

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("sourceId", "env-1");
        expected.put("mean", 18.4);
        expected.put("end", Instant.ofEpochSecond(1_782_070_260L, 5));
        expected.put("day", LocalDate.of(2026, 6, 21));
        assertEquals(expected, FieldCodec.decode(v1));

        byte[] outOfRange = v1.clone();
        int seconds = 1 + 2 + 10 + 1 + 7 + 6 + 1 + 8 + 5 + 1; // version, count, sourceId, mean, end: its seconds
        java.nio.ByteBuffer.wrap(outOfRange).putLong(seconds, Long.MAX_VALUE);
        assertEquals(true, assertThrows(IllegalArgumentException.class, () -> FieldCodec.decode(outOfRange))
                .getMessage().startsWith("stored message has a damaged time"));
    }

    @Test
    void aDamagedRowIsReportedNotMisread() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("mean", 1.0);
        f.put("unit", "Cel");
        byte[] body = FieldCodec.encode(f);
        for (int cut = 1; cut < body.length; cut++) {
            byte[] shorter = Arrays.copyOf(body, body.length - cut);
            assertThrows(IllegalArgumentException.class, () -> FieldCodec.decode(shorter), "cut " + cut);
        }
        for (int at = 0; at < body.length; at++) { // the header too: it says how to read the fields
            byte[] flipped = body.clone();
            flipped[at] ^= 0x04;
            String where = "flipped at " + at;
            assertTrue(assertThrows(IllegalArgumentException.class, () -> FieldCodec.decode(flipped), where)
                    .getMessage().startsWith("stored message"), where);
        }
        byte[] typeChanged = body.clone();
        int type = 1 + 4 + 2 + 2 + 4; // after version, CRC, count and the first name: 'D' read as 'F' would pass
        assertEquals('D', typeChanged[type]);
        typeChanged[type] = 'F';
        assertEquals("stored message fails its CRC (a damaged row)",
                assertThrows(IllegalArgumentException.class, () -> FieldCodec.decode(typeChanged)).getMessage());
        body[0] = 9;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FieldCodec.decode(body));
        assertEquals("stored message of unknown version 9", e.getMessage());
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
    void quotesBackslashesAndControlCharactersInNamesAndValuesComeBackUnchanged() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("say \"hi\"", "back\\slash / and \b\t\n\f\r\u0001\u001f\u007f end");
        f.put("\u0000", "\\u0041 is not an escape here");
        f.put("tab\tname", "");

        assertEquals(f, FieldCodec.decode(FieldCodec.encode(f)));
    }

    @Test
    void aLoneSurrogateIsStoredAsTheQuestionMarkThatUtf8AndJsonCarry() {
        assertEquals(Map.of("note", "a?b"), FieldCodec.decode(FieldCodec.encode(Map.of("note", "a\uD800b"))));
    }
}
