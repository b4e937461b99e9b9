package io.streetgate.gateway.api.format;

import java.time.Instant;

/**
 * Where the fields of an uplink message are written, one by one and in their order, by whoever holds them: a
 * map ({@link UplinkJson#encode(String, io.streetgate.analytics.privacy.UplinkMessage, long, String)}) or
 * any other holder of typed values. The typed
 * methods write exactly what {@link #field} writes for the same value boxed; by default they box it and call it.
 */
@FunctionalInterface
public interface FieldWriter {

    /** Any value, by the rules of {@link UplinkJson}: a null or a non-finite number is left out. */
    void field(String name, Object value);

    default void number(String name, double value) {
        field(name, value);
    }

    default void number(String name, float value) {
        field(name, value);
    }

    default void number(String name, long value) {
        field(name, value);
    }

    default void bool(String name, boolean value) {
        field(name, value);
    }

    default void time(String name, Instant value) {
        field(name, value);
    }

    default void text(String name, String value) {
        field(name, value);
    }
}
