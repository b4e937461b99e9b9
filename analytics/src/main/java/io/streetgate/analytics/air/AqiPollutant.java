package io.streetgate.analytics.air;

/**
 * Pollutants of the US EPA AQI, each with the averaging period and unit its breakpoint table uses, and the
 * truncation applied to a concentration before the table (EPA TAD 2024; Federal Register 2024-01910;
 * shared/reference/domain-facts-with-sources.md section 5): PM2.5 and CO to 0.1, PM10, NO2 and SO2 to an
 * integer, O3 to 0.001 ppm (an integer in ppb).
 */
public enum AqiPollutant {
    /** PM2.5, 24-h (or NowCast) mean, µg/m³, truncated to 0.1. */
    PM2_5("µg/m³", 0.1),
    /** PM10, 24-h (or NowCast) mean, µg/m³, truncated to 1. */
    PM10("µg/m³", 1),
    /** Ozone, 8-h mean, ppb, truncated to 1 ppb (0.001 ppm). */
    O3_8H("ppb", 1),
    /** Ozone, 1-h mean, ppb; its table starts at AQI 101. */
    O3_1H("ppb", 1),
    /** Nitrogen dioxide, 1-h mean, ppb, truncated to 1. */
    NO2("ppb", 1),
    /** Carbon monoxide, 8-h mean, ppm, truncated to 0.1. */
    CO("ppm", 0.1),
    /** Sulphur dioxide, 1-h mean, ppb, truncated to 1; the 1-h table ends at AQI 200. */
    SO2("ppb", 1);

    private final String unit;
    private final double truncation;

    AqiPollutant(String unit, double truncation) {
        this.unit = unit;
        this.truncation = truncation;
    }

    /** The unit the breakpoint table is written in. */
    public String unit() {
        return unit;
    }

    /** The step a concentration is truncated to before the table. */
    public double truncation() {
        return truncation;
    }

    /** Truncates (never rounds) to the pollutant's step; the small epsilon absorbs binary fractions. */
    public double truncate(double concentration) {
        double steps = Math.floor(concentration / truncation + 1e-9);
        return truncation < 1 ? steps / Math.round(1 / truncation) : steps * truncation;
    }
}
