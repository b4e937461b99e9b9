package io.streetgate.uplink.store;

import io.streetgate.gateway.api.format.FieldWriter;
import io.streetgate.gateway.api.format.JsonMembers;
import io.streetgate.gateway.api.format.UplinkJson;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The stored form of a message's fields: names in order, each value with its type, so that the payload
 * formats (JSON, Sparkplug B) see the same Double, Long, Boolean, String, Instant and LocalDate values that
 * the pipeline handed over, whichever format is configured when the message is finally sent.
 * <p>
 * The values are kept as the JSON format sends them ({@link JsonMembers}, the members of the uplink's JSON
 * object) with a type tag per field, so that sending a stored message as JSON is a copy, as Kura's data service
 * stores payloads ready to send, while Sparkplug B still reads typed values back: numbers are written in their
 * shortest exact decimal form ({@link Double#toString}) and read back to the same value; times in ISO-8601 to the
 * nanosecond. Version 2, all big-endian:
 * <pre>
 *   byte    2
 *   byte    flags: 1 when the fields name their own source (UplinkJson#fieldsNameTheirSource)
 *   int     CRC-32C of the whole body but these four bytes
 *   short   m, the number of members; then m bytes, each member's type
 *   short   k, the number of fields JSON leaves out (non-finite numbers); each: short position among the
 *           fields, then name, type and value as version 1 writes them
 *   rest    the m members: "name":value, joined by commas, UTF-8
 * </pre>
 * Version 1, written before 24 Nov 2026 and still read: a short field count, then per field
 * {@link DataOutputStream#writeUTF} name, type byte and binary value.
 * <p>
 * It stays one class because both stored versions and the JSON members share the type tags and the value
 * forms; a message written by one version must read back through the same rules.
 */
public final class FieldCodec {

    private static final int VERSION_1 = 1;
    private static final int VERSION = 2;
    private static final int OWN_SOURCE = 1;
    /** Where the CRC is, and where the member count begins. */
    private static final int CRC_AT = 2;
    private static final int COUNT_AT = 6;
    private static final byte DOUBLE = 'D';
    private static final byte FLOAT = 'F';
    private static final byte LONG = 'L';
    private static final byte BOOLEAN = 'B';
    private static final byte STRING = 'S';
    private static final byte INSTANT = 'I';
    private static final byte DATE = 'T';

    /**
     * The strings of recently read messages by position: equal bytes are an equal string. Shared by the threads
     * that decode, without a lock: an entry is immutable, so a racing reader sees a whole entry or another.
     */
    private static final Text[] RECENT = new Text[64];
    /** 10^0 to 10^15, each an exact double. */
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15};

    private record Text(byte[] bytes, String string) {
    }

    private FieldCodec() {
    }

    /**
     * The stored form of {@code fields}: a null value is left out; a whole number of any width is a Long, any
     * other number a Double unless it is a Float; a map, list or any other object is stored as its text.
     */
    public static byte[] encode(Map<String, Object> fields) {
        byte[] tags = new byte[fields.size()];
        int members = 0;
        int position = 0;
        ByteArrayOutputStream leftOut = null;
        int leftOutCount = 0;
        try {
            DataOutputStream skipped = null;
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                String name = e.getKey();
                Object v = e.getValue();
                if (v == null) {
                    continue;
                }
                byte tag = tagOf(v);
                if (isFinite(v)) {
                    tags[members++] = tag;
                } else {
                    if (skipped == null) {
                        leftOut = new ByteArrayOutputStream(32);
                        skipped = new DataOutputStream(leftOut);
                    }
                    skipped.writeShort(position);
                    skipped.writeUTF(name);
                    skipped.writeByte(tag);
                    if (tag == DOUBLE) {
                        skipped.writeDouble(((Number) v).doubleValue());
                    } else {
                        skipped.writeFloat((Float) v);
                    }
                    leftOutCount++;
                }
                position++;
            }
            ByteArrayOutputStream head = new ByteArrayOutputStream(16 + members);
            DataOutputStream out = new DataOutputStream(head);
            out.writeByte(VERSION);
            out.writeByte(UplinkJson.fieldsNameTheirSource(fields) ? OWN_SOURCE : 0);
            out.writeInt(0); // the CRC, once the members are written
            out.writeShort(members);
            out.write(tags, 0, members);
            out.writeShort(leftOutCount);
            if (leftOut != null) {
                leftOut.writeTo(out);
            }
            out.flush();
            int from = head.size();
            JsonMembers json = new JsonMembers(head.toByteArray(), from + 24 * members);
            int i = 0;
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                Object v = e.getValue();
                if (v != null && isFinite(v)) {
                    write(json, e.getKey(), tags[i++], v);
                }
            }
            byte[] body = json.bytes();
            ByteBuffer.wrap(body).putInt(CRC_AT, crc(body));
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte tagOf(Object v) {
        if (v instanceof Double) {
            return DOUBLE;
        } else if (v instanceof Float) {
            return FLOAT;
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return LONG;
        } else if (v instanceof Number) {
            return DOUBLE;
        } else if (v instanceof Boolean) {
            return BOOLEAN;
        } else if (v instanceof Instant) {
            return INSTANT;
        } else if (v instanceof LocalDate) {
            return DATE;
        }
        return STRING;
    }

    private static boolean isFinite(Object v) {
        if (v instanceof Float f) {
            return Float.isFinite(f);
        }
        return !(v instanceof Number n) || v instanceof Long || v instanceof Integer || v instanceof Short
                || v instanceof Byte || Double.isFinite(n.doubleValue());
    }

    private static void write(JsonMembers json, String name, byte tag, Object v) {
        switch (tag) {
            case DOUBLE -> json.number(name, ((Number) v).doubleValue());
            case FLOAT -> json.number(name, (float) (Float) v);
            case LONG -> json.number(name, ((Number) v).longValue());
            case BOOLEAN -> json.bool(name, (Boolean) v);
            case INSTANT -> json.time(name, (Instant) v);
            default -> json.text(name, v.toString()); // a date as ISO-8601, as UplinkJson writes it
        }
    }

    /** Over the whole body but the CRC itself: the header says how to read the members. */
    private static int crc(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body, 0, CRC_AT);
        crc.update(body, COUNT_AT, body.length - COUNT_AT);
        return (int) crc.getValue();
    }

    /**
     * Where the JSON members begin in {@code body}, checked against their CRC; -1 for a body of version 1,
     * which has none.
     *
     * @throws IllegalArgumentException when the bytes are not a stored message or fail their CRC (a damaged row)
     */
    public static int membersFrom(byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            int version = in.get() & 0xff;
            if (version == VERSION_1) {
                return -1;
            }
            int from = skipToMembers(in, version);
            if (crc(body) != in.getInt(CRC_AT)) {
                throw new IllegalArgumentException("stored message fails its CRC (a damaged row)");
            }
            return from;
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("stored message is truncated: " + e, e);
        }
    }

    /** Whether the fields of a body of version 2 name their own source ({@link UplinkJson#fieldsNameTheirSource}). */
    public static boolean namesItsSource(byte[] body) {
        return body.length > 1 && (body[1] & OWN_SOURCE) != 0;
    }

    /** Positions {@code in} after the version byte; returns where the members begin. */
    private static int skipToMembers(ByteBuffer in, int version) {
        if (version != VERSION) {
            throw new IllegalArgumentException("stored message of unknown version " + version);
        }
        in.position(COUNT_AT);
        int members = in.getShort() & 0xffff;
        skip(in, members);
        int leftOut = in.getShort() & 0xffff;
        for (int i = 0; i < leftOut; i++) {
            skip(in, 2);
            skip(in, in.getShort() & 0xffff);
            skip(in, in.get() == DOUBLE ? 8 : 4);
        }
        return in.position();
    }

    /**
     * @throws IllegalArgumentException when the bytes are not a stored message (a damaged row)
     */
    public static Map<String, Object> decode(byte[] body) {
        int at = body.length > 0 && body[0] == VERSION_1 ? 1 : COUNT_AT; // where the count is
        int count = body.length > at + 1 ? ((body[at] & 0xff) << 8) | (body[at + 1] & 0xff) : 0;
        Map<String, Object> fields = new LinkedHashMap<>(count * 4 / 3 + 2); // sized: no rehash
        read(body, fields::put);
        return fields;
    }

    /**
     * Hands the stored fields to {@code out} in their order, each with its stored type (a date through
     * {@link FieldWriter#field}).
     *
     * @throws IllegalArgumentException when the bytes are not a stored message (a damaged row); {@code out} may
     *                                  have been given some of the fields
     */
    static void read(byte[] body, FieldWriter out) {
        ByteBuffer in = ByteBuffer.wrap(body); // big-endian, as DataOutputStream wrote it
        try {
            int version = in.get() & 0xff;
            if (version == VERSION_1) {
                readVersion1(in, out);
            } else {
                readMembers(body, membersFrom(body), in, out);
            }
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("stored message is truncated: " + e, e);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            // a time or date out of range or not one (either form): the one place a damaged time is caught
            throw new IllegalArgumentException("stored message has a damaged time: " + e, e);
        }
    }

    private static void readMembers(byte[] body, int from, ByteBuffer in, FieldWriter out) {
        in.position(COUNT_AT);
        int members = in.getShort() & 0xffff;
        int tagsAt = in.position();
        skip(in, members);
        int leftOut = in.getShort() & 0xffff;
        int position = 0;
        int nextLeftOut = leftOut > 0 ? in.getShort() & 0xffff : Integer.MAX_VALUE;
        JsonText text = new JsonText(body, from);
        for (int i = 0; i < members || leftOut > 0; position++) {
            if (position == nextLeftOut) {
                readField(in, 0, out);
                nextLeftOut = --leftOut > 0 ? in.getShort() & 0xffff : Integer.MAX_VALUE;
                continue;
            }
            if (i == members) {
                throw new IllegalArgumentException("stored message has a field out of place at " + nextLeftOut);
            }
            if (i > 0) {
                text.expect(',');
            }
            String name = text.string(2 * i);
            text.expect(':');
            byte tag = body[tagsAt + i];
            switch (tag) {
                case DOUBLE -> out.number(name, text.decimal());
                case FLOAT -> out.number(name, Float.parseFloat(text.token()));
                case LONG -> out.number(name, text.whole());
                case BOOLEAN -> out.bool(name, bool(text.token()));
                case INSTANT -> out.time(name, text.instant());
                case DATE -> out.field(name, LocalDate.parse(text.string(-1)));
                case STRING -> out.text(name, text.string(2 * i + 1));
                default -> throw new IllegalArgumentException("stored field " + name + " has unknown type " + tag);
            }
            i++;
        }
        text.expectEnd();
    }

    private static boolean bool(String token) {
        return switch (token) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("stored message has a damaged boolean " + token);
        };
    }

    private static void readVersion1(ByteBuffer in, FieldWriter out) {
        int n = in.getShort() & 0xffff;
        int strings = 0;
        for (int i = 0; i < n; i++) {
            strings = readField(in, strings, out);
        }
    }

    /** One field as version 1 writes it; returns the next string slot. */
    private static int readField(ByteBuffer in, int strings, FieldWriter out) {
        String name = readUtf(in, strings++);
        byte tag = in.get();
        switch (tag) {
            case DOUBLE -> out.number(name, in.getDouble());
            case FLOAT -> out.number(name, in.getFloat());
            case LONG -> out.number(name, in.getLong());
            case BOOLEAN -> out.bool(name, in.get() != 0);
            case INSTANT -> out.time(name, Instant.ofEpochSecond(in.getLong(), in.getInt()));
            case DATE -> out.field(name, LocalDate.ofEpochDay(in.getLong()));
            case STRING -> out.text(name, readUtf(in, strings++));
            default -> throw new IllegalArgumentException("stored field " + name + " has unknown type " + tag);
        }
        return strings;
    }

    /** Reads the members JsonMembers wrote: quoted strings with its escapes, and bare numbers and booleans. */
    private static final class JsonText {
        private final byte[] b;
        private int p;

        JsonText(byte[] b, int from) {
            this.b = b;
            this.p = from;
        }

        void expect(char c) {
            if (p >= b.length || b[p] != c) {
                throw new IllegalArgumentException("stored message is damaged: '" + c + "' expected at " + p);
            }
            p++;
        }

        void expectEnd() {
            if (p != b.length) {
                throw new IllegalArgumentException("stored message is damaged: " + (b.length - p)
                        + " bytes after the last field");
            }
        }

        /**
         * A double as FlatJsonWriter writes it. A plain decimal of at most 15 digits (a measurement's usual form)
         * is read in place: its digits as a whole number and its power of ten are both exact doubles, so their
         * quotient is the correctly rounded value, the one {@link Double#parseDouble} gives (Clinger's fast
         * path, "How to read floating point numbers accurately", PLDI 1990); anything else goes through it.
         */
        double decimal() {
            int from = p;
            int i = from < b.length && b[from] == '-' ? from + 1 : from;
            long digits = 0;
            int count = 0;
            int places = -1;
            for (; i < b.length && b[i] != ','; i++) {
                int c = b[i];
                if (c >= '0' && c <= '9' && count < 15) {
                    digits = digits * 10 + (c - '0');
                    count++;
                    if (places >= 0) {
                        places++;
                    }
                } else if (c == '.' && places < 0) {
                    places = 0;
                } else {
                    return Double.parseDouble(token()); // an exponent, or more digits than the fast path holds
                }
            }
            if (count == 0 || places == 0) {
                return Double.parseDouble(token()); // not a number FlatJsonWriter writes: let it say why
            }
            p = i;
            double value = places < 0 ? digits : digits / POWERS_OF_TEN[places];
            return b[from] == '-' ? -value : value;
        }

        /** A whole number, read in place. */
        long whole() {
            int from = p;
            int i = from < b.length && b[from] == '-' ? from + 1 : from;
            long value = 0;
            int count = 0;
            for (; i < b.length && b[i] != ','; i++) {
                int c = b[i];
                if (c < '0' || c > '9' || count == 18) {
                    return Long.parseLong(token()); // 19 digits may overflow: let it check
                }
                value = value * 10 + (c - '0');
                count++;
            }
            if (count == 0) {
                return Long.parseLong(token());
            }
            p = i;
            return b[from] == '-' ? -value : value;
        }

        /**
         * A quoted time as IsoInstant writes it, {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, read in place; any
         * other form (a year beyond 9999) through {@link Instant#parse}.
         */
        Instant instant() {
            int at = p;
            expect('"');
            int from = p;
            int to = from;
            while (to < b.length && b[to] != '"') {
                to++;
            }
            int n = to - from;
            if (n >= 20 && n <= 30 && n != 21 && b[from + 4] == '-' && b[from + 7] == '-' && b[from + 10] == 'T'
                    && b[from + 13] == ':' && b[from + 16] == ':' && b[to - 1] == 'Z'
                    && (n == 20 || b[from + 19] == '.')) {
                int year = digits(from, 4);
                int month = digits(from + 5, 2);
                int day = digits(from + 8, 2);
                int hour = digits(from + 11, 2);
                int minute = digits(from + 14, 2);
                int second = digits(from + 17, 2);
                int nanos = 0;
                int fraction = n == 20 ? 0 : n - 21;
                if (fraction > 0) {
                    nanos = digits(from + 20, fraction);
                    for (int k = fraction; k < 9; k++) {
                        nanos *= 10;
                    }
                }
                if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && hour < 24 && minute >= 0 && minute < 60
                        && second >= 0 && second < 60 && nanos >= 0) {
                    long epochDay = LocalDate.of(year, month, day).toEpochDay(); // damage: see read()
                    p = to + 1;
                    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600 + minute * 60 + second, nanos);
                }
            }
            p = at;
            return Instant.parse(string(-1));
        }

        /** {@code count} decimal digits at {@code from} as a number; -1 if one is not a digit. */
        private int digits(int from, int count) {
            int value = 0;
            for (int i = from; i < from + count; i++) {
                int c = b[i] - '0';
                if (c < 0 || c > 9) {
                    return -1;
                }
                value = value * 10 + c;
            }
            return value;
        }

        /** A number or boolean: up to the next comma or the end. */
        String token() {
            int from = p;
            while (p < b.length && b[p] != ',') {
                p++;
            }
            return new String(b, from, p - from, StandardCharsets.ISO_8859_1);
        }

        /**
         * A quoted string; {@code slot} &ge; 0 for one the last message likely had in the same place (a field
         * name, a unit), which is looked up among the recent strings first (see {@link #readUtf}).
         */
        String string(int slot) {
            expect('"');
            int from = p;
            boolean plain = true;
            while (p < b.length && b[p] != '"') {
                if (b[p] == '\\') {
                    plain = false;
                    p++; // the escaped character, which may be a quote
                } else if (b[p] < 0) {
                    plain = false;
                }
                p++;
            }
            int to = p;
            expect('"');
            if (!plain) {
                return unescape(from, to);
            }
            Text known = slot >= 0 && slot < RECENT.length ? RECENT[slot] : null;
            if (known != null && Arrays.equals(b, from, to, known.bytes, 0, known.bytes.length)) {
                return known.string;
            }
            String s = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
            if (slot >= 0 && slot < RECENT.length) {
                RECENT[slot] = new Text(Arrays.copyOfRange(b, from, to), s);
            }
            return s;
        }

        /** RFC 8259 section 7: the escapes FlatJsonWriter writes, and UTF-8. */
        private String unescape(int from, int to) {
            StringBuilder s = new StringBuilder(to - from);
            int run = from;
            for (int i = from; i < to; i++) {
                if (b[i] != '\\') {
                    continue;
                }
                s.append(new String(b, run, i - run, StandardCharsets.UTF_8));
                if (++i >= to) {
                    throw new IllegalArgumentException("stored message has a damaged escape");
                }
                switch (b[i]) {
                    case '"', '\\', '/' -> s.append((char) b[i]);
                    case 'b' -> s.append('\b');
                    case 't' -> s.append('\t');
                    case 'n' -> s.append('\n');
                    case 'f' -> s.append('\f');
                    case 'r' -> s.append('\r');
                    case 'u' -> {
                        if (i + 4 >= to) {
                            throw new IllegalArgumentException("stored message has a damaged escape");
                        }
                        s.append((char) Integer.parseInt(new String(b, i + 1, 4, StandardCharsets.ISO_8859_1), 16));
                        i += 4;
                    }
                    default -> throw new IllegalArgumentException("stored message has an unknown escape \\"
                            + (char) b[i]);
                }
                run = i + 1;
            }
            s.append(new String(b, run, to - run, StandardCharsets.UTF_8));
            return s.toString();
        }
    }

    private static void skip(ByteBuffer in, int length) {
        if (length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        in.position(in.position() + length);
    }

    /**
     * A string as {@link DataOutputStream#writeUTF} wrote it: a length, then modified UTF-8, which for ASCII is
     * the characters' own bytes (the usual case: field names, units, source ids) and is read as such.
     *
     * @param slot the string's position in its message: where the last message had the same bytes, its string
     *             is returned again, so the payload encoders' lookups by field name find a string whose hash is
     *             already known
     */
    private static String readUtf(ByteBuffer in, int slot) {
        int length = in.getShort() & 0xffff;
        if (length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] bytes = in.array();
        int from = in.arrayOffset() + in.position();
        in.position(in.position() + length);
        Text known = slot < RECENT.length ? RECENT[slot] : null;
        if (known != null && Arrays.equals(bytes, from, from + length, known.bytes, 0, known.bytes.length)) {
            return known.string;
        }
        String string = decodeUtf(bytes, from, length);
        if (slot < RECENT.length) {
            RECENT[slot] = new Text(Arrays.copyOfRange(bytes, from, from + length), string);
        }
        return string;
    }

    private static String decodeUtf(byte[] bytes, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (bytes[i] < 0) {
                return readModifiedUtf8(bytes, from - 2, length + 2);
            }
        }
        return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    }

    private static String readModifiedUtf8(byte[] bytes, int from, int length) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, from, length))) {
            return in.readUTF();
        } catch (IOException e) {
            throw new IllegalArgumentException("stored message has a damaged string: " + e, e);
        }
    }
}
