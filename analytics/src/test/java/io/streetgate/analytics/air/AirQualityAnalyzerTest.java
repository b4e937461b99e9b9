package io.streetgate.analytics.air;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.QualityFlag;
import io.streetgate.driver.Quantity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AirQualityAnalyzerTest {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void hourlyMeansNowCastAndBothIndices() {
        AirQualityAnalyzer air = new AirQualityAnalyzer(AirConfig.DEFAULT);
        double[] hourly = {10, 30, 50};
        List<AnalyticsRecord> out = new ArrayList<>();
        for (int h = 0; h < hourly.length; h++) {
            for (int m = 0; m < 60; m++) {
                Instant t = T0.plusSeconds(h * 3600L + m * 60L);
                air.accept(Measurement.of("pm-1", Quantity.PM2_5, hourly[h] + (m % 2 == 0 ? -1 : 1), t), t);
                air.accept(Measurement.of("pm-1", Quantity.PM10, 2 * hourly[h], t), t);
            }
            air.accept(Measurement.of("pm-1", Quantity.PM2_5, 900, T0.plusSeconds(h * 3600L + 1))
                    .flagged(QualityFlag.OUTLIER), T0);
            out.addAll(air.advanceTo(T0.plusSeconds((h + 1) * 3600L + 120)));
        }
        assertEquals(3, out.size());
        AirQuality first = (AirQuality) out.get(0);
        assertEquals(10.0, first.pm25Hour(), 1e-9, "the flagged 900 is not in the mean");
        assertTrue(Double.isNaN(first.pm25NowCast()), "one hour is not enough for NowCast");
        assertEquals(-1, first.usAqi());
        assertNull(first.fields().get("usAqi"), "no index is sent (a null field is left out) before the NowCast has "
                + "enough hours");
        assertEquals(EaqiLevel.FAIR, first.eaqiLevel());

        AirQuality last = (AirQuality) out.get(2);
        // newest first 50, 30, 10: w = max(10/50, 0.5) = 0.5 -> (50 + 15 + 2.5)/1.75 = 38.571 -> truncated 38.5
        assertEquals(67.5 / 1.75, last.pm25NowCast(), 1e-9);
        // PM2.5 38.5 -> (49/19.9)·3.0 + 101 = 108.4 -> 108; PM10 NowCast 77.1 -> 77 -> (49/99)·22 + 51 = 61.9
        assertEquals(108, last.usAqi());
        assertEquals(AqiPollutant.PM2_5, last.usDominant());
        assertEquals(EaqiLevel.MODERATE, last.eaqiLevel(), "PM2.5 50 is moderate (15-50) in the 2024 bands");
        assertEquals(EaqiPollutant.PM2_5, last.eaqiDominant());
        assertEquals("aqi", last.kind());
    }
}
