package io.streetgate.analytics;

import io.streetgate.driver.Quantity;
import io.streetgate.driver.Unit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something worth telling upstream at once: a limit exceeded, a suspected leak, a burst.
 *
 * @param type     what happened
 * @param sourceId the sensor, meter or zone
 * @param quantity the quantity the event is about
 * @param unit     the unit of {@code value} and {@code limit}
 * @param start    when the condition started (event time)
 * @param end      when it was detected or ended (event time)
 * @param value    the measured value that triggered the event (a level, a flow)
 * @param limit    the configured limit it was compared with; NaN when the rule is relative
 * @param detail   a short human-readable explanation
 */
public record Event(EventType type, String sourceId, Quantity quantity, Unit unit, Instant start, Instant end,
                    double value, double limit, String detail) implements AnalyticsRecord {

    public Event {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String kind() {
        return "event";
    }

    @Override
    public Map<String, Object> fields() {
        return Fields.of(
                "type", type.name(),
                "sourceId", sourceId,
                "quantity", quantity.name(),
                "unit", unit.senml(),
                "start", start,
                "end", end,
                "value", value,
                "limit", limit,
                "detail", detail);
    }
}
