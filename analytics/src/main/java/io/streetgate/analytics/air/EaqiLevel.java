package io.streetgate.analytics.air;

/** European Air Quality Index levels (European Environment Agency, airindex.eea.europa.eu). */
public enum EaqiLevel {
    GOOD, FAIR, MODERATE, POOR, VERY_POOR, EXTREMELY_POOR
}
