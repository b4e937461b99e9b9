package io.streetgate.analytics.air;

/**
 * US EPA AQI categories. Source: EPA Technical Assistance Document for the Reporting of Daily Air Quality
 * (EPA-454/B-24-002, 2024): 0-50 Good, 51-100 Moderate, 101-150 Unhealthy for Sensitive Groups, 151-200
 * Unhealthy, 201-300 Very Unhealthy, 301-500 Hazardous (shared/reference/formulas.md).
 */
public enum AqiCategory {
    GOOD(0, 50),
    MODERATE(51, 100),
    UNHEALTHY_FOR_SENSITIVE_GROUPS(101, 150),
    UNHEALTHY(151, 200),
    VERY_UNHEALTHY(201, 300),
    HAZARDOUS(301, 500);

    private final int low;
    private final int high;

    AqiCategory(int low, int high) {
        this.low = low;
        this.high = high;
    }

    public int low() {
        return low;
    }

    public int high() {
        return high;
    }

    public static AqiCategory of(int aqi) {
        for (AqiCategory c : values()) {
            if (aqi <= c.high) {
                return c;
            }
        }
        return HAZARDOUS;
    }
}
