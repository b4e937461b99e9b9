package io.streetgate.analytics.noise;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Fields;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * The day-evening-night level of one local calendar day, in dB(A) (END 2002/49/EC Annex I). A period
 * without samples is NaN, and so is Lden then.
 *
 * @param sourceId        the sound level meter
 * @param date            the local date
 * @param start           the day's start (local midnight)
 * @param end             the next local midnight
 * @param lday            LAeq over the day period
 * @param levening        LAeq over the evening period
 * @param lnight          LAeq over the night period (both night parts of the calendar day)
 * @param lden            the day-evening-night level with the +5/+10 dB penalties
 * @param samples         samples over the whole day
 */
public record NoiseDay(String sourceId, LocalDate date, Instant start, Instant end, double lday, double levening,
                       double lnight, double lden, long samples) implements AnalyticsRecord {

    public NoiseDay {
        Fields.requirePeriod(sourceId, start, end);
        Objects.requireNonNull(date, "date");
    }

    @Override
    public String kind() {
        return "noise-day";
    }

    @Override
    public Map<String, Object> fields() {
        return Fields.period(sourceId, start, end,
                "date", date.toString(),
                "unit", "dBA",
                "lday", lday,
                "levening", levening,
                "lnight", lnight,
                "lden", lden,
                "samples", samples);
    }
}
