package io.streetgate.analytics.privacy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What may leave the node: the output kind, the source, and only the allowed fields (in the record's order),
 * ready for the uplink's Sparkplug B or JSON encoder. Only the privacy gate makes one ({@link PrivacyGate#filter}
 * for a new record, {@link PrivacyGate#readBack} for one the uplink's store kept), so holding an
 * {@code UplinkMessage} means its fields passed an allow-list.
 */
public final class UplinkMessage {

    private final String kind;
    private final String sourceId;
    private final Map<String, Object> fields;

    UplinkMessage(String kind, String sourceId, Map<String, Object> fields) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.sourceId = Objects.requireNonNull(sourceId, "sourceId");
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public String kind() {
        return kind;
    }

    public String sourceId() {
        return sourceId;
    }

    /** The allowed fields, in the record's order; unmodifiable. */
    public Map<String, Object> fields() {
        return fields;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UplinkMessage m && kind.equals(m.kind) && sourceId.equals(m.sourceId)
                && fields.equals(m.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, sourceId, fields);
    }

    @Override
    public String toString() {
        return "UplinkMessage[kind=" + kind + ", sourceId=" + sourceId + ", fields=" + fields + "]";
    }
}
