package io.streetgate.analytics.privacy;

import java.util.Map;
import java.util.Objects;

/**
 * What the privacy gate lets through: the output kind, the source, and only the allowed fields (in the
 * record's order), ready for the uplink's Sparkplug B or JSON encoder.
 */
public record UplinkMessage(String kind, String sourceId, Map<String, Object> fields) {

    public UplinkMessage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sourceId, "sourceId");
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }
}
