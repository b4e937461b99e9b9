package io.streetgate.analytics.control.lighting;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Fields;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The lamps' energy over a night (or the night so far) against the same lamps at full light for the same
 * lit time: what adaptive dimming saved. The {@code energy} output.
 *
 * @param start      when the lamps came on (dusk)
 * @param end        when they went off (dawn), or now for a night still running
 * @param complete   whether the night has ended
 * @param lamps      how many lamps are counted
 * @param litHours   hours the lamps were lit
 * @param actualWh   what they used, Wh (from the meter, or the lamp power model)
 * @param fullOnWh   what they would have used at full light, Wh (lamp power model)
 * @param source     {@code model}, or {@code meter:<id>} when {@code actualWh} is metered
 */
public record NightEnergy(Instant start, Instant end, boolean complete, int lamps, double litHours, double actualWh,
                          double fullOnWh, String source) implements AnalyticsRecord {

    public NightEnergy {
        Fields.requirePeriod("lighting", start, end);
        Objects.requireNonNull(source, "source");
    }

    public double savedWh() {
        return fullOnWh - actualWh;
    }

    /** The saving as a percentage of full-on; 0 when nothing was lit. */
    public double savedPercent() {
        return fullOnWh <= 0 ? 0 : 100 * savedWh() / fullOnWh;
    }

    @Override
    public String kind() {
        return "energy";
    }

    @Override
    public String sourceId() {
        return "lighting";
    }

    @Override
    public Map<String, Object> fields() {
        return Fields.period("lighting", start, end, "complete", complete, "lamps", lamps,
                "litHours", round(litHours, 3), "unit", "Wh", "actual", round(actualWh, 1),
                "fullOn", round(fullOnWh, 1), "saved", round(savedWh(), 1), "savedPercent", round(savedPercent(), 1),
                "source", source);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
