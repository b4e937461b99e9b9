package io.streetgate.analytics.air;

import java.util.OptionalDouble;

/**
 * EPA's NowCast for particulate matter, written from the published algorithm (shared/reference/formulas.md;
 * USEPA/sensortoolkit {@code sensortoolkit/calculate/_nowcast_pm25.py}): from the last 12 hourly means
 * c1 (the hour just ended) … c12, w* = min/max over the valid hours, w = max(w*, 0.5), and
 * NowCast = Σ w^(i−1)·c_i / Σ w^(i−1) over the valid hours. At least 2 of the 3 most recent hours must be
 * valid. The result goes into the 24-h breakpoint table.
 */
public final class NowCast {

    /** Hours of history NowCast uses. */
    public static final int HOURS = 12;
    /** Lowest weight factor for particulate matter. */
    public static final double MIN_WEIGHT_PM = 0.5;

    private NowCast() {
    }

    /**
     * @param hourlyMeans newest first; NaN marks a missing hour; at most {@value #HOURS} are used
     * @return the NowCast, or empty when fewer than 2 of the 3 most recent hours are valid
     */
    public static OptionalDouble pm(double[] hourlyMeans) {
        int n = Math.min(HOURS, hourlyMeans.length);
        int recentValid = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double c = hourlyMeans[i];
            if (Double.isFinite(c)) {
                if (i < 3) {
                    recentValid++;
                }
                min = Math.min(min, c);
                max = Math.max(max, c);
            }
        }
        if (recentValid < 2) {
            return OptionalDouble.empty();
        }
        if (max <= 0) {
            return OptionalDouble.of(0.0);
        }
        double w = Math.max(min / max, MIN_WEIGHT_PM);
        double weighted = 0;
        double weights = 0;
        double factor = 1; // w^(i−1), kept for missing hours too: the exponent is the hour's age
        for (int i = 0; i < n; i++) {
            double c = hourlyMeans[i];
            if (Double.isFinite(c)) {
                weighted += factor * c;
                weights += factor;
            }
            factor *= w;
        }
        return OptionalDouble.of(weighted / weights);
    }
}
