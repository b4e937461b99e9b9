package io.streetgate.uplink.store;

import io.streetgate.gateway.format.FieldWriter;

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

/**
 * The stored form of a message's fields: names in order, each value with its type, so that the payload
 * formats (JSON, Sparkplug B) see the same Double, Long, Boolean, String, Instant and LocalDate values that
 * the pipeline handed over, whichever format is configured when the message is finally sent.
 */
public final class FieldCodec {

    private static final int VERSION = 1;
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
    private static final Text[] RECENT = new Text[32];

    private record Text(byte[] bytes, String string) {
    }

    private FieldCodec() {
    }

    public static byte[] encode(Map<String, Object> fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + fields.size() * 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            int n = 0;
            for (Object v : fields.values()) {
                n += v == null ? 0 : 1;
            }
            out.writeShort(n);
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                Object v = e.getValue();
                if (v == null) {
                    continue;
                }
                out.writeUTF(e.getKey());
                if (v instanceof Double d) {
                    out.writeByte(DOUBLE);
                    out.writeDouble(d);
                } else if (v instanceof Float f) {
                    out.writeByte(FLOAT);
                    out.writeFloat(f);
                } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                    out.writeByte(LONG);
                    out.writeLong(((Number) v).longValue());
                } else if (v instanceof Number num) {
                    out.writeByte(DOUBLE);
                    out.writeDouble(num.doubleValue());
                } else if (v instanceof Boolean b) {
                    out.writeByte(BOOLEAN);
                    out.writeBoolean(b);
                } else if (v instanceof Instant t) {
                    out.writeByte(INSTANT);
                    out.writeLong(t.getEpochSecond());
                    out.writeInt(t.getNano());
                } else if (v instanceof LocalDate d) {
                    out.writeByte(DATE);
                    out.writeLong(d.toEpochDay());
                } else {
                    out.writeByte(STRING);
                    out.writeUTF(v.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IllegalArgumentException when the bytes are not a stored message (a damaged row)
     */
    public static Map<String, Object> decode(byte[] body) {
        Map<String, Object> fields = new LinkedHashMap<>(fieldCount(body) * 4 / 3 + 1); // sized: no rehash
        read(body, fields::put);
        return fields;
    }

    /**
     * Hands the stored fields to {@code out} in their order, each with its stored type (a date through
     * {@link FieldWriter#field}), without building a map: the JSON format writes them straight on.
     *
     * @throws IllegalArgumentException when the bytes are not a stored message (a damaged row); {@code out} may
     *                                  have been given some of the fields
     */
    public static void read(byte[] body, FieldWriter out) {
        // read in place rather than through DataInputStream: the sender reads every message it sends
        ByteBuffer in = ByteBuffer.wrap(body); // big-endian, as DataOutputStream wrote it
        try {
            int n = header(in);
            int strings = 0;
            for (int i = 0; i < n; i++) {
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
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("stored message is truncated: " + e, e);
        }
    }

    /**
     * Whether the stored fields include {@code name} (an ASCII name, as every field name the pipeline uses is),
     * read without decoding the values.
     *
     * @throws IllegalArgumentException when the bytes are not a stored message (a damaged row)
     */
    public static boolean has(byte[] body, String name) {
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            int n = header(in);
            for (int i = 0; i < n; i++) {
                int length = in.getShort() & 0xffff;
                int at = in.position();
                skip(in, length);
                if (length == name.length() && sameAscii(body, at, name)) {
                    return true;
                }
                byte tag = in.get();
                switch (tag) {
                    case DOUBLE, LONG, DATE -> skip(in, 8);
                    case FLOAT -> skip(in, 4);
                    case BOOLEAN -> skip(in, 1);
                    case INSTANT -> skip(in, 12);
                    case STRING -> skip(in, in.getShort() & 0xffff);
                    default -> throw new IllegalArgumentException("stored field " + i + " has unknown type " + tag);
                }
            }
            return false;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("stored message is truncated: " + e, e);
        }
    }

    private static int fieldCount(byte[] body) {
        return body.length < 3 ? 0 : ((body[1] & 0xff) << 8) | (body[2] & 0xff);
    }

    /** Checks the version; returns the number of fields. */
    private static int header(ByteBuffer in) {
        int version = in.get() & 0xff;
        if (version != VERSION) {
            throw new IllegalArgumentException("stored message of unknown version " + version);
        }
        return in.getShort() & 0xffff;
    }

    private static void skip(ByteBuffer in, int length) {
        if (length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        in.position(in.position() + length);
    }

    private static boolean sameAscii(byte[] bytes, int from, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (bytes[from + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
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
