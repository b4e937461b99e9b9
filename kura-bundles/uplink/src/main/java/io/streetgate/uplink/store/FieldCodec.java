package io.streetgate.uplink.store;

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
        // read in place rather than through DataInputStream: the sender decodes every message it sends
        ByteBuffer in = ByteBuffer.wrap(body); // big-endian, as DataOutputStream wrote it
        try {
            int version = in.get() & 0xff;
            if (version != VERSION) {
                throw new IllegalArgumentException("stored message of unknown version " + version);
            }
            int n = in.getShort() & 0xffff;
            Map<String, Object> fields = new LinkedHashMap<>(n * 4 / 3 + 1); // sized: no rehash while filling
            int strings = 0;
            for (int i = 0; i < n; i++) {
                String name = readUtf(in, strings++);
                byte tag = in.get();
                Object value = switch (tag) {
                    case DOUBLE -> in.getDouble();
                    case FLOAT -> in.getFloat();
                    case LONG -> in.getLong();
                    case BOOLEAN -> in.get() != 0;
                    case INSTANT -> Instant.ofEpochSecond(in.getLong(), in.getInt());
                    case DATE -> LocalDate.ofEpochDay(in.getLong());
                    case STRING -> readUtf(in, strings++);
                    default -> throw new IllegalArgumentException("stored field " + name + " has unknown type " + tag);
                };
                fields.put(name, value);
            }
            return fields;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("stored message is truncated: " + e, e);
        }
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
