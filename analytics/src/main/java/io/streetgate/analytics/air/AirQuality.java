package io.streetgate.analytics.air;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Fields;

import java.time.Instant;
import java.util.Map;

/**
 * One source's air-quality indices at the end of an hour. Concentrations in µg/m³; NaN when not measured or
 * not enough hours for NowCast.
 *
 * @param sourceId     the PM sensor
 * @param start        hour start
 * @param end          hour end
 * @param pm25Hour     PM2.5 mean over the hour
 * @param pm10Hour     PM10 mean over the hour
 * @param pm25NowCast  PM2.5 NowCast over the last 12 hours
 * @param pm10NowCast  PM10 NowCast over the last 12 hours
 * @param usAqi        US AQI from the NowCasts (0..500), or -1 when no NowCast is available
 * @param usCategory   its category, or null
 * @param usDominant   the pollutant setting it, or null
 * @param eaqiLevel    European index level from the hourly means, or null
 * @param eaqiDominant the pollutant setting it, or null
 */
public record AirQuality(String sourceId, Instant start, Instant end, double pm25Hour, double pm10Hour,
                         double pm25NowCast, double pm10NowCast, int usAqi, AqiCategory usCategory,
                         AqiPollutant usDominant, EaqiLevel eaqiLevel, EaqiPollutant eaqiDominant)
        implements AnalyticsRecord {

    public AirQuality {
        Fields.requirePeriod(sourceId, start, end);
    }

    @Override
    public String kind() {
        return "aqi";
    }

    @Override
    public Map<String, Object> fields() {
        return Fields.period(sourceId, start, end,
                "unit", "ug/m3",
                "pm25Hour", pm25Hour,
                "pm10Hour", pm10Hour,
                "pm25NowCast", pm25NowCast,
                "pm10NowCast", pm10NowCast,
                "usAqi", usAqi < 0 ? null : usAqi, // left out until the NowCast has enough hours
                "usCategory", usCategory == null ? null : usCategory.name(),
                "usDominant", usDominant == null ? null : usDominant.name(),
                "eaqiLevel", eaqiLevel == null ? null : eaqiLevel.name(),
                "eaqiDominant", eaqiDominant == null ? null : eaqiDominant.name());
    }
}
