package io.streetgate.analytics.water;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Fields;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * One meter's minimum night flow (MNF): the lowest rolling 1-hour mean flow inside the night window.
 *
 * @param sourceId       the meter
 * @param date           the local date of the night window
 * @param start          window start
 * @param end            window end
 * @param mnf            the minimum night flow, m³/s; NaN when no hour of the window had enough readings
 * @param nightsAbove    consecutive nights, this one included, whose MNF was above the leak threshold
 * @param leakSuspected  true when that streak reached the configured number of nights
 */
public record NightFlow(String sourceId, LocalDate date, Instant start, Instant end, double mnf, int nightsAbove,
                        boolean leakSuspected) implements AnalyticsRecord {

    public NightFlow {
        Fields.requirePeriod(sourceId, start, end);
    }

    /** The MNF in litres per hour, the unit leakage reports use. */
    public double mnfLitresPerHour() {
        return mnf * 1000 * 3600;
    }

    @Override
    public String kind() {
        return "night-flow";
    }

    @Override
    public Map<String, Object> fields() {
        return Fields.period(sourceId, start, end, "date", date.toString(), "mnf", mnf, "unit", "m3/s",
                "mnfLitresPerHour", mnfLitresPerHour(), "nightsAbove", nightsAbove, "leakSuspected", leakSuspected);
    }
}
