package io.streetgate.gateway.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.streetgate.analytics.privacy.UplinkMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * The JSON form of what the gateway publishes (documented in docs/local-broker.md): the node, the output kind,
 * then the record's allow-listed fields in their order. Times are ISO-8601 UTC strings; a value that is not a
 * finite number is left out rather than written as a non-JSON token.
 * <pre>{"node":"pole-0042","kind":"summary","sourceId":"env-1","quantity":"temperature","unit":"Cel",
 *  "start":"2026-06-21T19:30:00Z","end":"2026-06-21T19:31:00Z","count":6,"min":18.2,"mean":18.4,"max":18.9}</pre>
 */
public final class UplinkJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private UplinkJson() {
    }

    public static byte[] encode(String node, UplinkMessage message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("node", node);
            g.writeStringField("kind", message.kind());
            if (!message.fields().containsKey("sourceId") && !message.fields().containsKey("zone")) {
                g.writeStringField("sourceId", message.sourceId());
            }
            for (Map.Entry<String, Object> field : message.fields().entrySet()) {
                write(g, field.getKey(), field.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, String name, Object value) throws IOException {
        if (value instanceof Double d) {
            if (Double.isFinite(d)) {
                g.writeNumberField(name, d);
            }
        } else if (value instanceof Float f) {
            if (Float.isFinite(f)) {
                g.writeNumberField(name, f);
            }
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            g.writeNumberField(name, ((Number) value).longValue());
        } else if (value instanceof Number n) {
            g.writeNumberField(name, n.doubleValue());
        } else if (value instanceof Boolean b) {
            g.writeBooleanField(name, b);
        } else if (value instanceof Instant || value instanceof LocalDate || value instanceof String) {
            g.writeStringField(name, value.toString());
        } else if (value != null) {
            g.writeStringField(name, value.toString());
        }
    }

    /**
     * The topic of a message: {@code streetgate/<node>/<kind>/<source>}, with {@code /<quantity>} for
     * summaries and events about one quantity.
     */
    public static String topic(String node, UplinkMessage message) {
        Object quantity = message.fields().get("quantity");
        return "streetgate/" + node + "/" + message.kind() + "/" + message.sourceId()
                + (quantity == null ? "" : "/" + quantity);
    }
}
