package io.streetgate.uplink.store;

import io.streetgate.analytics.privacy.UplinkMessage;

import java.util.Objects;

/**
 * One stream of messages: what one topic carries (kind, source and, for summaries and events about one
 * quantity, the quantity). Order and sequence numbers are kept per stream, so a subscriber of one topic sees
 * gap-free sequence numbers.
 *
 * @param kind     the output kind, e.g. {@code summary}
 * @param source   the sensor id or zone
 * @param quantity the quantity, or null for kinds that are not about one quantity
 */
public record StreamKey(String kind, String source, String quantity) {

    public StreamKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
    }

    public static StreamKey of(UplinkMessage message) {
        Object quantity = message.fields().get("quantity");
        return new StreamKey(message.kind(), message.sourceId(), quantity == null ? null : quantity.toString());
    }

    /** {@code kind/source[/quantity]}: unique per stream, and the tail of the message's JSON topic. */
    public String key() {
        return kind + "/" + source + (quantity == null ? "" : "/" + quantity);
    }

    @Override
    public String toString() {
        return key();
    }
}
