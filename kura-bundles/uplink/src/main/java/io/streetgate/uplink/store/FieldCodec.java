package io.streetgate.uplink.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
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
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("stored message of unknown version " + version);
            }
            int n = in.readUnsignedShort();
            Map<String, Object> fields = new LinkedHashMap<>(n * 4 / 3 + 1); // sized: no rehash while filling
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                byte tag = in.readByte();
                Object value = switch (tag) {
                    case DOUBLE -> in.readDouble();
                    case FLOAT -> in.readFloat();
                    case LONG -> in.readLong();
                    case BOOLEAN -> in.readBoolean();
                    case INSTANT -> Instant.ofEpochSecond(in.readLong(), in.readInt());
                    case DATE -> LocalDate.ofEpochDay(in.readLong());
                    case STRING -> in.readUTF();
                    default -> throw new IllegalArgumentException("stored field " + name + " has unknown type " + tag);
                };
                fields.put(name, value);
            }
            return fields;
        } catch (IOException e) {
            throw new IllegalArgumentException("stored message is truncated: " + e, e);
        }
    }
}
