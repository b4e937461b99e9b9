package io.streetgate.kura;

import io.streetgate.analytics.privacy.UplinkMessage;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * What streetgate publishes, as a Kura message: one metric per allow-listed field (numbers, booleans and
 * strings keep their type; times become ISO-8601 strings), the period's end (or the report time) as the payload
 * timestamp, and the source and kind as message properties that Kura's publishers can put in the topic
 * ({@code assetName}, as Kura's wire components do, and {@code kind}).
 */
final class KuraPayloads {

    private KuraPayloads() {
    }

    static KuraMessage toKura(UplinkMessage message, Instant now) {
        KuraPayload payload = new KuraPayload();
        Object end = message.fields().getOrDefault("end", message.fields().get("at"));
        payload.setTimestamp(Date.from(end instanceof Instant i ? i : parse(end, now)));
        payload.addMetric("kind", message.kind());
        for (Map.Entry<String, Object> field : message.fields().entrySet()) {
            Object value = field.getValue();
            if (value instanceof Double d && !Double.isFinite(d)) {
                continue;
            }
            if (value instanceof Number || value instanceof Boolean || value instanceof String) {
                payload.addMetric(field.getKey(), value);
            } else if (value != null) {
                payload.addMetric(field.getKey(), value.toString());
            }
        }
        return new KuraMessage(payload, Map.of("assetName", message.sourceId(), "kind", message.kind()));
    }

    private static Instant parse(Object text, Instant fallback) {
        try {
            return text == null ? fallback : Instant.parse(text.toString());
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
