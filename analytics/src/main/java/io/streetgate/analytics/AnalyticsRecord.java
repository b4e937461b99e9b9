package io.streetgate.analytics;

import java.util.Map;

/**
 * Anything the analytics produce for the uplink or for local consumers: summaries, indices, events. Every
 * record is an immutable value with units, and names its fields so that the privacy gate can apply an
 * allow-list per output and the uplink can encode it as Sparkplug B metrics or JSON without reflection.
 */
public interface AnalyticsRecord {

    /** The output this record belongs to (e.g. {@code summary}, {@code aqi}); the privacy gate's key. */
    String kind();

    /** The source (sensor, node, zone or meter id) the record describes. */
    String sourceId();

    /**
     * The record's fields by name, in a stable order. Values are {@link String}, {@link Number},
     * {@link Boolean} or {@link java.time.Instant}; units are fields of their own ({@code unit}).
     */
    Map<String, Object> fields();
}
