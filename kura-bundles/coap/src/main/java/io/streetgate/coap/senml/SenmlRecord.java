package io.streetgate.coap.senml;

import java.time.Instant;
import java.util.Objects;

/**
 * A resolved SenML record (RFC 8428 section 4.6): base name, base time, base unit and base value/sum already
 * applied, the time absolute.
 *
 * @param name  the full name (base name + name)
 * @param unit  the SenML unit name, or null when the record has none
 * @param time  when the value was measured
 * @param value the value, or null when the record carries only a sum
 * @param sum   the integrated sum ({@code s}), or null
 */
public record SenmlRecord(String name, String unit, Instant time, SenmlValue value, Double sum) {

    public SenmlRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(time, "time");
        if (value == null && sum == null) {
            throw new IllegalArgumentException("record '" + name + "' has neither a value nor a sum");
        }
    }

    /** A numeric record. */
    public static SenmlRecord number(String name, String unit, Instant time, double value) {
        return new SenmlRecord(name, unit, time, new SenmlValue.Number(value), null);
    }
}
