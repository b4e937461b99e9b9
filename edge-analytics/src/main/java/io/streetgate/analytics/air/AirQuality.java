package io.streetgate.analytics.air;

import io.streetgate.analytics.AnalyticsRecord;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

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
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    @Override
    public String kind() {
        return "aqi";
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sourceId", sourceId);
        f.put("start", start);
        f.put("end", end);
        f.put("unit", "ug/m3");
        f.put("pm25Hour", pm25Hour);
        f.put("pm10Hour", pm10Hour);
        f.put("pm25NowCast", pm25NowCast);
        f.put("pm10NowCast", pm10NowCast);
        f.put("usAqi", usAqi);
        f.put("usCategory", usCategory == null ? null : usCategory.name());
        f.put("usDominant", usDominant == null ? null : usDominant.name());
        f.put("eaqiLevel", eaqiLevel == null ? null : eaqiLevel.name());
        f.put("eaqiDominant", eaqiDominant == null ? null : eaqiDominant.name());
        return f;
    }
}
