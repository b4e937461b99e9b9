package io.streetgate.analytics.air;

/** Pollutants of the European Air Quality Index; all in µg/m³. */
public enum EaqiPollutant {
    PM2_5, PM10, NO2, O3, SO2
}
