package io.streetgate.gateway.api.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.streetgate.analytics.privacy.UplinkMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON form of what the gateway publishes (documented in docs/local-broker.md): the node, the output kind,
 * then the record's allow-listed fields in their order. Times are ISO-8601 UTC strings; a value that is not a
 * finite number is left out rather than written as a non-JSON token.
 * <pre>{"node":"pole-0042","kind":"summary","sourceId":"env-1","quantity":"temperature","unit":"Cel",
 *  "start":"2026-06-21T19:30:00Z","end":"2026-06-21T19:31:00Z","count":6,"min":18.2,"mean":18.4,"max":18.9}</pre>
 * The MQTT uplink (docs/uplink.md) sends the same form with two more fields after the kind: {@code seq}, the
 * message's number in its stream (one stream per topic, counting from 1, kept across restarts), and
 * {@code epoch}, what the numbers count in (a new store starts a new epoch). A receiver drops a message whose
 * (topic, epoch, seq) it has seen: that is a duplicate re-sent after a crash or a lost connection.
 */
public final class UplinkJson {

    /**
     * Doubles as {@link Double#toString} writes them (on JDK 17 that is faster for a summary's values than
     * Jackson's Schubfach writer, measured); supplementary characters as valid UTF-8 rather than CESU-8.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();
    /** Field names quoted and encoded once: the same few dozen names go out in every message. */
    private static final Map<String, SerializedString> NAMES = new ConcurrentHashMap<>();
    private static final int MAX_NAMES = 1024;

    private UplinkJson() {
    }

    public static byte[] encode(String node, UplinkMessage message) {
        return encode(node, message, 0, null);
    }

    /**
     * The uplink's form: as {@link #encode(String, UplinkMessage)} with {@code seq} and {@code epoch} after
     * the kind.
     *
     * @param seq   the message's sequence number in its stream (from 1)
     * @param epoch what the sequence numbers count in
     */
    public static byte[] encode(String node, UplinkMessage message, long seq, String epoch) {
        Map<String, Object> fields = message.fields();
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            write(g, "node", node);
            write(g, "kind", message.kind());
            if (epoch != null) {
                write(g, "seq", seq);
                write(g, "epoch", epoch);
            }
            if (!fieldsNameTheirSource(fields)) {
                write(g, "sourceId", message.sourceId());
            }
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                write(g, field.getKey(), field.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Whether the fields carry their own source ({@code sourceId} or {@code zone} with a value): then the
     * message's source id is not written before them.
     */
    public static boolean fieldsNameTheirSource(Map<String, ?> fields) {
        return fields.get("sourceId") != null || fields.get("zone") != null;
    }

    /**
     * Any JSON object in the same value rules (times as ISO-8601 strings, non-finite numbers left out), with
     * nested maps and lists: the uplink's state, drop report and command result messages.
     */
    public static byte[] object(Map<String, ?> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeObject(g, fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeObject(JsonGenerator g, Map<String, ?> fields) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, ?> field : fields.entrySet()) {
            write(g, field.getKey(), field.getValue());
        }
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, String name, Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            g.writeFieldName(name);
            @SuppressWarnings("unchecked")
            Map<String, ?> m = (Map<String, ?>) map;
            writeObject(g, m);
            return;
        }
        if (value instanceof java.util.Collection<?> list) {
            g.writeArrayFieldStart(name);
            for (Object item : list) {
                if (item instanceof Map<?, ?> map) {
                    @SuppressWarnings("unchecked")
                    Map<String, ?> m = (Map<String, ?>) map;
                    writeObject(g, m);
                } else if (item instanceof Number n) {
                    if (n instanceof Long || n instanceof Integer || n instanceof Short) {
                        g.writeNumber(n.longValue());
                    } else if (Double.isFinite(n.doubleValue())) {
                        g.writeNumber(n.doubleValue());
                    }
                } else if (item instanceof Boolean b) {
                    g.writeBoolean(b);
                } else if (item != null) {
                    g.writeString(item.toString());
                }
            }
            g.writeEndArray();
            return;
        }
        if (value == null || value instanceof Double d && !Double.isFinite(d)
                || value instanceof Float f && !Float.isFinite(f)) {
            return; // left out: NaN and infinities are not JSON
        }
        g.writeFieldName(name(name));
        if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof Float f) {
            g.writeNumber(f);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Instant t) {
            writeInstant(g, t);
        } else {
            g.writeString(value.toString()); // LocalDate as ISO-8601
        }
    }

    private static void writeInstant(JsonGenerator g, Instant t) throws IOException {
        char[] text = new char[IsoInstant.MAX_LENGTH];
        int length = IsoInstant.write(t, text);
        if (length < 0) {
            g.writeString(t.toString());
        } else {
            g.writeString(text, 0, length);
        }
    }

    private static SerializableString name(String name) {
        SerializedString known = NAMES.get(name);
        if (known == null) {
            known = new SerializedString(name);
            if (NAMES.size() < MAX_NAMES) {
                NAMES.put(name, known);
            }
        }
        return known;
    }

    /**
     * The topic of a message: {@code streetgate/<node>/<kind>/<source>}, with {@code /<quantity>} for
     * summaries and events about one quantity.
     */
    public static String topic(String node, UplinkMessage message) {
        return topic("streetgate", node, message);
    }

    /** The topic under another prefix (the uplink's {@code topic-prefix}): {@code <prefix>/<node>/<kind>/...}. */
    public static String topic(String prefix, String node, UplinkMessage message) {
        return topic(prefix, node, message.kind(), message.sourceId(), message.fields().get("quantity"));
    }

    /** The topic of a message of this kind, source and quantity (null when it is not about one quantity). */
    public static String topic(String prefix, String node, String kind, String sourceId, Object quantity) {
        return prefix + "/" + node + "/" + kind + "/" + sourceId + (quantity == null ? "" : "/" + quantity);
    }
}
