package io.streetgate.analytics.air;

import java.util.List;
import java.util.Objects;

/**
 * One pollutant's US AQI breakpoints: concentration bands and the index band each maps to.
 *
 * <p>Sources: Federal Register 2024-01910 (PM2.5 revision, effective 6 May 2024) and EPA's Technical
 * Assistance Document for the Reporting of Daily Air Quality (EPA-454/B-24-002; earlier EPA-454/B-18-007),
 * as listed in shared/reference/domain-facts-with-sources.md section 5 and shared/reference/formulas.md.
 *
 * @param pollutant   the pollutant
 * @param breakpoints bands in increasing order, contiguous at the pollutant's truncation step
 */
public record AqiTable(AqiPollutant pollutant, List<Breakpoint> breakpoints) {

    /** One band: concentrations [cLow, cHigh] map linearly onto index [iLow, iHigh]. */
    public record Breakpoint(double cLow, double cHigh, int iLow, int iHigh) {
        public Breakpoint {
            if (!(cLow <= cHigh) || iLow > iHigh) {
                throw new IllegalArgumentException("breakpoint " + cLow + ".." + cHigh + " -> " + iLow + ".." + iHigh
                        + " is not valid: use increasing bounds");
            }
        }
    }

    private static Breakpoint bp(double cLow, double cHigh, int iLow, int iHigh) {
        return new Breakpoint(cLow, cHigh, iLow, iHigh);
    }

    /** PM2.5 24-h, µg/m³, as revised in 2024 (Federal Register 2024-01910). */
    public static final AqiTable PM25_2024 = new AqiTable(AqiPollutant.PM2_5, List.of(
            bp(0.0, 9.0, 0, 50), bp(9.1, 35.4, 51, 100), bp(35.5, 55.4, 101, 150),
            bp(55.5, 125.4, 151, 200), bp(125.5, 225.4, 201, 300), bp(225.5, 325.4, 301, 500)));

    /** PM2.5 24-h, µg/m³, before the 2024 revision (EPA-454/B-18-007): for comparing with older reports. */
    public static final AqiTable PM25_PRE_2024 = new AqiTable(AqiPollutant.PM2_5, List.of(
            bp(0.0, 12.0, 0, 50), bp(12.1, 35.4, 51, 100), bp(35.5, 55.4, 101, 150),
            bp(55.5, 150.4, 151, 200), bp(150.5, 250.4, 201, 300), bp(250.5, 350.4, 301, 400),
            bp(350.5, 500.4, 401, 500)));

    /** PM10 24-h, µg/m³. */
    public static final AqiTable PM10 = new AqiTable(AqiPollutant.PM10, List.of(
            bp(0, 54, 0, 50), bp(55, 154, 51, 100), bp(155, 254, 101, 150), bp(255, 354, 151, 200),
            bp(355, 424, 201, 300), bp(425, 604, 301, 500)));

    /** O3 8-h, ppb (above 200 ppb the 1-h table applies). */
    public static final AqiTable O3_8H = new AqiTable(AqiPollutant.O3_8H, List.of(
            bp(0, 54, 0, 50), bp(55, 70, 51, 100), bp(71, 85, 101, 150), bp(86, 105, 151, 200),
            bp(106, 200, 201, 300)));

    /** O3 1-h, ppb (0.125-0.604 ppm); no index below 101. */
    public static final AqiTable O3_1H = new AqiTable(AqiPollutant.O3_1H, List.of(
            bp(125, 164, 101, 150), bp(165, 204, 151, 200), bp(205, 404, 201, 300), bp(405, 604, 301, 500)));

    /** NO2 1-h, ppb. */
    public static final AqiTable NO2 = new AqiTable(AqiPollutant.NO2, List.of(
            bp(0, 53, 0, 50), bp(54, 100, 51, 100), bp(101, 360, 101, 150), bp(361, 649, 151, 200),
            bp(650, 1249, 201, 300), bp(1250, 2049, 301, 500)));

    /** CO 8-h, ppm. */
    public static final AqiTable CO = new AqiTable(AqiPollutant.CO, List.of(
            bp(0.0, 4.4, 0, 50), bp(4.5, 9.4, 51, 100), bp(9.5, 12.4, 101, 150), bp(12.5, 15.4, 151, 200),
            bp(15.5, 30.4, 201, 300), bp(30.5, 50.4, 301, 500)));

    /** SO2 1-h, ppb; the 1-h table ends at AQI 200 (higher values use the 24-h mean). */
    public static final AqiTable SO2 = new AqiTable(AqiPollutant.SO2, List.of(
            bp(0, 35, 0, 50), bp(36, 75, 51, 100), bp(76, 185, 101, 150), bp(186, 304, 151, 200)));

    public AqiTable {
        Objects.requireNonNull(pollutant, "pollutant");
        breakpoints = List.copyOf(breakpoints);
        if (breakpoints.isEmpty()) {
            throw new IllegalArgumentException("an AQI table for " + pollutant + " needs at least one breakpoint");
        }
    }

    /**
     * The sub-index of a concentration in the table's unit: truncate, find the band, interpolate
     * I = (I_hi − I_lo)/(BP_hi − BP_lo)·(C − BP_lo) + I_lo and round to an integer (EPA TAD). Empty when the
     * truncated concentration is below the table (the 1-h ozone table starts at 125 ppb) or negative.
     */
    public java.util.Optional<SubIndex> subIndex(double concentration) {
        if (!Double.isFinite(concentration) || concentration < 0) {
            return java.util.Optional.empty();
        }
        double c = pollutant.truncate(concentration);
        Breakpoint top = breakpoints.get(breakpoints.size() - 1);
        if (c > top.cHigh()) {
            return java.util.Optional.of(new SubIndex(pollutant, c, top.iHigh(), true));
        }
        for (Breakpoint b : breakpoints) {
            if (c >= b.cLow() - 1e-9 && c <= b.cHigh() + 1e-9) {
                double index = (double) (b.iHigh() - b.iLow()) / (b.cHigh() - b.cLow()) * (c - b.cLow()) + b.iLow();
                return java.util.Optional.of(new SubIndex(pollutant, c, (int) Math.round(index), false));
            }
        }
        return java.util.Optional.empty();
    }
}
