package io.streetgate.analytics.quality;

import java.util.List;
import java.util.Objects;

/**
 * Flat line at a rail: {@code minSamples} consecutive readings within {@code tolerance} of one of the rail
 * values (0, full scale, a sentinel such as −45 °C, the raw 0 of a Sensirion humidity/temperature sensor) are
 * a wiring or bus fault, flagged {@code FLAT_LINE}. Source: shared/reference/formulas.md "Data quality" and
 * domain-facts-with-sources.md section 6 ("flag sentinel values: 0, 0xFFFF, −45 °C").
 *
 * @param rails      rail values in the quantity's unit (site key {@code flat-line.rails}, at least one)
 * @param tolerance  how close counts as on the rail (site key {@code flat-line.tolerance}, ≥ 0)
 * @param minSamples consecutive readings on the rail before flagging (site key {@code flat-line.samples},
 *                   ≥ 1)
 */
public record FlatLineRule(List<Double> rails, double tolerance, int minSamples) {

    public FlatLineRule {
        Objects.requireNonNull(rails, "flat-line.rails");
        rails = List.copyOf(rails);
        if (rails.isEmpty() || rails.stream().anyMatch(r -> !Double.isFinite(r))) {
            throw new IllegalArgumentException("flat-line.rails = " + rails
                    + " is not valid: list one or more finite rail values");
        }
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("flat-line.tolerance = " + tolerance + " is not valid: use 0 or more");
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("flat-line.samples = " + minSamples + " is not valid: use 1 or more");
        }
    }

    boolean onRail(double v) {
        for (double rail : rails) {
            if (Math.abs(v - rail) <= tolerance) {
                return true;
            }
        }
        return false;
    }
}
