package io.streetgate.analytics.air;

import java.time.Duration;
import java.util.Objects;

/**
 * Air-quality indices (site key {@code analytics.air}).
 *
 * @param pm25Table       {@code 2024} (default) or {@code pre-2024} PM2.5 AQI breakpoints (site key
 *                        {@code us-aqi.pm25-table})
 * @param eaqi            European index bands (site key {@code eaqi.bands}: 2024 or pre-2024)
 * @param allowedLateness how long after the hour late readings still count (site key
 *                        {@code allowed-lateness}, 0..1 h)
 */
public record AirConfig(String pm25Table, EaqiTable eaqi, Duration allowedLateness) {

    public static final AirConfig DEFAULT = new AirConfig("2024", EaqiTable.BANDS_2024, Duration.ofMinutes(2));

    public AirConfig {
        Objects.requireNonNull(pm25Table, "analytics.air.us-aqi.pm25-table");
        Objects.requireNonNull(eaqi, "analytics.air.eaqi.bands");
        Objects.requireNonNull(allowedLateness, "analytics.air.allowed-lateness");
        if (!pm25Table.equals("2024") && !pm25Table.equals("pre-2024")) {
            throw new IllegalArgumentException("analytics.air.us-aqi.pm25-table = '" + pm25Table
                    + "' is not valid: use 2024 or pre-2024");
        }
        if (allowedLateness.isNegative() || allowedLateness.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("analytics.air.allowed-lateness = " + allowedLateness
                    + " is not valid: use 0s..1h");
        }
    }

    public UsAqi usAqi() {
        return pm25Table.equals("2024") ? UsAqi.standard() : UsAqi.pre2024();
    }
}
