package io.streetgate.uplink.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The stored form of a message's fields: names in order, each value with its type, so that the payload formats
 * (JSON, Sparkplug B, SenML) see the same Double, Float, Long, Boolean, String, Instant and LocalDate values that
 * the pipeline handed over, whichever format is configured when the message is finally sent. The store knows no
 * wire format: each format encodes from these fields. Version 3, all big-endian:
 * <pre>
 *   byte    3
 *   int     CRC-32C of the whole body but these four bytes
 *   short   n, the number of fields; then per field:
 *           short name length, name in UTF-8; byte type; value by type:
 *           'D' double (8 bytes), 'F' float (4), 'L' long (8), 'B' boolean (1: 0 or 1),
 *           'I' instant: long epoch seconds, int nanoseconds; 'T' date: long epoch day;
 *           'S' text: int length, UTF-8
 * </pre>
 * Rows written by older versions wait in the store across an upgrade and are still read. Version 1 (before
 * 24 Nov 2026): a short field count, then per field {@link java.io.DataOutputStream#writeUTF} name, type byte and
 * binary value. Version 2 (24 Nov to 7 Dec 2026) kept the values as the JSON format sent them: byte 2, a flags
 * byte, a CRC-32C of the body but its own four bytes, a short count of members and a type byte per member, a short
 * count of fields JSON leaves out (non-finite numbers: each a short position among the fields, then as version 1),
 * then the members {@code "name":value}, joined by commas, in UTF-8.
 */
public final class FieldCodec {

    private static final int VERSION_1 = 1;
    private static final int VERSION_2 = 2;
    private static final int VERSION = 3;
    private static final byte DOUBLE = 'D';
    private static final byte FLOAT = 'F';
    private static final byte LONG = 'L';
    private static final byte BOOLEAN = 'B';
    private static final byte STRING = 'S';
    private static final byte INSTANT = 'I';
    private static final byte DATE = 'T';
    /** Reads the JSON members of version 2. */
    private static final JsonFactory JSON = new JsonFactory();

    private FieldCodec() {
    }

    /**
     * The stored form of {@code fields}: a null value is left out; a whole number of any width is a Long, any
     * other number a Double unless it is a Float; a map, list or any other object is stored as its text.
     *
     * @throws IllegalArgumentException for a field name longer than 65 535 bytes in UTF-8
     */
    public static byte[] encode(Map<String, Object> fields) {
        byte[][] names = new byte[fields.size()][];
        byte[][] texts = new byte[fields.size()][];
        int size = 1 + 4 + 2;
        int i = 0;
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                continue;
            }
            names[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
            if (names[i].length > 0xffff) {
                throw new IllegalArgumentException("field name " + e.getKey().substring(0, 40) + "... is "
                        + names[i].length + " bytes in UTF-8; a stored field name has at most 65535");
            }
            byte tag = tagOf(v);
            if (tag == STRING) {
                texts[i] = v.toString().getBytes(StandardCharsets.UTF_8); // a lone surrogate becomes '?'
            }
            size += 2 + names[i].length + 1 + valueSize(tag, texts[i]);
            i++;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put((byte) VERSION);
        out.putInt(0); // the CRC, once the fields are written
        out.putShort((short) i);
        int n = 0;
        for (Object v : fields.values()) {
            if (v == null) {
                continue;
            }
            out.putShort((short) names[n].length).put(names[n]);
            byte tag = tagOf(v);
            out.put(tag);
            switch (tag) {
                case DOUBLE -> out.putDouble(((Number) v).doubleValue());
                case FLOAT -> out.putFloat((Float) v);
                case LONG -> out.putLong(((Number) v).longValue());
                case BOOLEAN -> out.put((byte) ((Boolean) v ? 1 : 0));
                case INSTANT -> out.putLong(((Instant) v).getEpochSecond()).putInt(((Instant) v).getNano());
                case DATE -> out.putLong(((LocalDate) v).toEpochDay());
                default -> out.putInt(texts[n].length).put(texts[n]);
            }
            n++;
        }
        byte[] body = out.array();
        ByteBuffer.wrap(body).putInt(1, crc(body, 1));
        return body;
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

    private static int valueSize(byte tag, byte[] text) {
        return switch (tag) {
            case FLOAT -> 4;
            case BOOLEAN -> 1;
            case INSTANT -> 12;
            case STRING -> 4 + text.length;
            default -> 8;
        };
    }

    /** CRC-32C of {@code body} but the four bytes of the CRC itself, at {@code at}. */
    private static int crc(byte[] body, int at) {
        CRC32C crc = new CRC32C();
        crc.update(body, 0, at);
        crc.update(body, at + 4, body.length - at - 4);
        return (int) crc.getValue();
    }

    /**
     * The fields in their stored order and types.
     *
     * @throws IllegalArgumentException when the bytes are not a stored message or fail their CRC (a damaged row)
     */
    public static Map<String, Object> decode(byte[] body) {
        Map<String, Object> fields = new LinkedHashMap<>();
        ByteBuffer in = ByteBuffer.wrap(body); // big-endian, as all versions are written
        try {
            int version = body.length == 0 ? -1 : in.get() & 0xff;
            switch (version) {
                case VERSION -> {
                    checkCrc(body, 1);
                    in.position(5);
                    readFields(in, in.getShort() & 0xffff, true, fields);
                    if (in.hasRemaining()) {
                        throw new IllegalArgumentException("stored message is damaged: " + in.remaining()
                                + " bytes after the last field");
                    }
                }
                case VERSION_2 -> {
                    checkCrc(body, 2);
                    readVersion2(body, in, fields);
                }
                case VERSION_1 -> readFields(in, in.getShort() & 0xffff, false, fields);
                default -> throw new IllegalArgumentException("stored message of unknown version " + version);
            }
        } catch (BufferUnderflowException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("stored message is truncated: " + e, e);
        } catch (DateTimeException | ArithmeticException e) {
            // a time or date out of range or not one: the one place a damaged time is caught
            throw new IllegalArgumentException("stored message has a damaged time: " + e, e);
        }
        return fields;
    }

    private static void checkCrc(byte[] body, int at) {
        if (crc(body, at) != ByteBuffer.wrap(body).getInt(at)) {
            throw new IllegalArgumentException("stored message fails its CRC (a damaged row)");
        }
    }

    /** {@code count} fields as version 3 ({@code utf8}) or version 1 (modified UTF-8) writes them. */
    private static void readFields(ByteBuffer in, int count, boolean utf8, Map<String, Object> fields) {
        for (int i = 0; i < count; i++) {
            readField(in, utf8, fields);
        }
    }

    private static void readField(ByteBuffer in, boolean utf8, Map<String, Object> fields) {
        String name = text(in, in.getShort() & 0xffff, utf8);
        byte tag = in.get();
        fields.put(name, switch (tag) {
            case DOUBLE -> in.getDouble();
            case FLOAT -> in.getFloat();
            case LONG -> in.getLong();
            case BOOLEAN -> in.get() != 0;
            case INSTANT -> Instant.ofEpochSecond(in.getLong(), in.getInt());
            case DATE -> LocalDate.ofEpochDay(in.getLong());
            case STRING -> text(in, utf8 ? in.getInt() : in.getShort() & 0xffff, utf8);
            default -> throw new IllegalArgumentException("stored field " + name + " has unknown type " + tag);
        });
    }

    /**
     * {@code length} bytes of text: UTF-8, or for version 1 the modified UTF-8 of
     * {@link java.io.DataOutputStream#writeUTF}, which differs only for U+0000 and characters beyond U+FFFF.
     */
    private static String text(ByteBuffer in, int length, boolean utf8) {
        byte[] bytes = new byte[length];
        in.get(bytes);
        if (utf8) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        ByteBuffer withLength = ByteBuffer.allocate(2 + length).putShort((short) length).put(bytes);
        try (var data = new java.io.DataInputStream(new java.io.ByteArrayInputStream(withLength.array()))) {
            return data.readUTF();
        } catch (IOException e) {
            throw new IllegalArgumentException("stored message has a damaged string: " + e, e);
        }
    }

    /** Version 2: the typed members, parsed as the JSON they are, with the fields JSON left out in their places. */
    private static void readVersion2(byte[] body, ByteBuffer in, Map<String, Object> fields) {
        in.position(6);
        int members = in.getShort() & 0xffff;
        int tagsAt = in.position();
        in.position(tagsAt + members);
        int[] leftOutAt = new int[in.getShort() & 0xffff];
        Map<String, Object> leftOut = new LinkedHashMap<>(); // non-finite numbers, which JSON cannot carry
        for (int i = 0; i < leftOutAt.length; i++) {
            leftOutAt[i] = in.getShort() & 0xffff;
            readField(in, false, leftOut);
        }
        var skipped = leftOut.entrySet().iterator();
        byte[] object = new byte[body.length - in.position() + 2];
        object[0] = '{';
        System.arraycopy(body, in.position(), object, 1, object.length - 2);
        object[object.length - 1] = '}';
        int member = 0;
        int next = 0;
        try (JsonParser json = JSON.createParser(object)) {
            expect(json, JsonToken.START_OBJECT);
            for (int position = 0; member < members || next < leftOutAt.length; position++) {
                if (next < leftOutAt.length && leftOutAt[next] == position) {
                    Map.Entry<String, Object> field = skipped.next();
                    fields.put(field.getKey(), field.getValue());
                    next++;
                    continue;
                }
                if (member == members) {
                    throw new IllegalArgumentException("stored message has a field out of place at "
                            + leftOutAt[next]);
                }
                expect(json, JsonToken.FIELD_NAME);
                String name = json.currentName();
                JsonToken token = json.nextToken();
                byte tag = body[tagsAt + member++];
                fields.put(name, switch (tag) {
                    case DOUBLE -> number(json, token).getDoubleValue();
                    case FLOAT -> Float.parseFloat(number(json, token).getText());
                    case LONG -> number(json, token).getLongValue();
                    case BOOLEAN -> bool(token);
                    case INSTANT -> Instant.parse(string(json, token));
                    case DATE -> LocalDate.parse(string(json, token));
                    case STRING -> string(json, token);
                    default -> throw new IllegalArgumentException("stored field " + name + " has unknown type " + tag);
                });
            }
            expect(json, JsonToken.END_OBJECT);
            if (json.nextToken() != null) {
                throw new IllegalArgumentException("stored message is damaged: bytes after the last field");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("stored message is damaged: " + e.getMessage(), e);
        }
    }

    private static void expect(JsonParser json, JsonToken token) throws IOException {
        if (json.nextToken() != token) {
            throw new IllegalArgumentException("stored message is damaged: " + token + " expected, "
                    + json.currentToken() + " found");
        }
    }

    private static JsonParser number(JsonParser json, JsonToken token) {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new IllegalArgumentException("stored message is damaged: a number expected, " + token + " found");
        }
        return json;
    }

    private static boolean bool(JsonToken token) {
        if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
            throw new IllegalArgumentException("stored message is damaged: a boolean expected, " + token + " found");
        }
        return token == JsonToken.VALUE_TRUE;
    }

    private static String string(JsonParser json, JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("stored message is damaged: a string expected, " + token + " found");
        }
        return json.getText();
    }
}
