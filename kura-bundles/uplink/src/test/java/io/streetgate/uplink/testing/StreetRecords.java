package io.streetgate.uplink.testing;

import io.streetgate.analytics.privacy.PrivacyGate;
import io.streetgate.analytics.privacy.UplinkMessage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One record of each kind that goes through the uplink's store (the kinds of docs/privacy.md's table but the
 * control messages), as the privacy gate hands them over, with edge values among them: a NaN, a Float, an
 * Integer, -0.0, exponents, nanoseconds, text to escape and outside ASCII.
 */
public final class StreetRecords {

    public static final Instant T0 = Instant.parse("2026-06-21T19:30:00Z");

    private StreetRecords() {
    }

    /** One record of each kind the simulated street stores, with each field in the type its producer gives it. */
    public static List<UplinkMessage> all() {
        List<UplinkMessage> all = new ArrayList<>();
        all.add(record("summary", "env-1", "sourceId", "env-1", "quantity", "temperature", "unit", "Cel",
                "start", T0.minusSeconds(60), "end", T0, "count", 6L, "min", 17.9, "mean", 18.4, "max", 18.9,
                "stdDev", 0.31622776601683794, "p10", 18.0, "p50", 18.45, "p90", 18.85, "p95", 18.875));
        all.add(record("summary", "pm-1", "sourceId", "pm-1", "quantity", "pm2.5", "unit", "µg/m³",
                "start", T0.minusSeconds(60), "end", T0, "count", 6L, "min", 1.0e-9, "mean", 6.02e23,
                "max", Double.NaN, "stdDev", -0.0, "p10", 12345678.9, "p50", 0.1f, "p90", 3, "p95", -2.5e-4));
        all.add(record("event", "noise-1", "type", "threshold", "sourceId", "noise-1", "quantity", "sound-level",
                "unit", "dB(A)", "start", Instant.parse("2026-06-21T19:29:41.123456789Z"), "end", T0, "value", 71.5,
                "limit", 70.0, "detail", "LAeq over \"night\" limit \\ 70 dB\t(tab)"));
        all.add(record("aqi", "pm-1", "sourceId", "pm-1", "start", T0.minusSeconds(3600), "end", T0, "unit", "µg/m³",
                "pm25Hour", 12.4, "pm10Hour", 20.1, "pm25NowCast", 11.8, "pm10NowCast", 19.5, "usAqi", 52L,
                "usCategory", "moderate", "usDominant", "pm2.5", "eaqiLevel", 2L, "eaqiDominant", "pm10"));
        all.add(record("noise", "noise-1", "sourceId", "noise-1", "start", T0.minusSeconds(900), "end", T0,
                "unit", "dB(A)", "laeq", 58.3, "lamax", 81.2, "l10", 61.0, "l50", 56.4, "l90", 49.7));
        all.add(record("noise-day", "noise-1", "sourceId", "noise-1", "date", LocalDate.of(2026, 6, 21),
                "unit", "dB(A)", "lday", 60.1, "levening", 57.3, "lnight", 50.2, "lden", 61.9));
        all.add(record("occupancy", "crossing-north", "zone", "crossing-north", "start", T0.minusSeconds(900),
                "end", T0, "k", 5L, "suppressed", false, "visits", 17L, "count", 3L, "occupiedFraction", 0.42,
                "meanDwellSeconds", 38.5, "unit", "people"));
        all.add(record("occupancy", "bench-south", "zone", "bench-south", "start", T0.minusSeconds(900),
                "end", T0, "k", 5L, "suppressed", true));
        all.add(record("water", "meter-1", "sourceId", "meter-1", "start", T0.minusSeconds(900), "end", T0,
                "volume", 1.234, "volumeUnit", "m3", "reverseVolume", 0.0, "meanFlow", 4.9, "minFlow", 0.2,
                "maxFlow", 12.75, "flowUnit", "L/min"));
        all.add(record("night-flow", "meter-1", "sourceId", "meter-1", "date", LocalDate.of(2026, 6, 21),
                "mnf", 0.35, "unit", "m3/h", "mnfLitresPerHour", 350.0, "nightsAbove", 3L, "leakSuspected", true));
        all.add(record("light", "lux-1", "sourceId", "lux-1", "start", T0.minusSeconds(60), "end", T0, "unit", "lx",
                "count", 60L, "min", 0.5, "mean", 3.25, "p10", 0.75, "median", 3.0, "p90", 6.5, "max", 8.0,
                "darkFraction", 1.0));
        all.add(record("actuator", "lamp-1", "sourceId", "lamp-1", "role", "lamp", "level", 0.8,
                "reason", "override", "detail", "until 2026-06-21T23:00:00Z", "since", T0.minusSeconds(30),
                "at", T0));
        all.add(record("audit", "lamp-1", "sourceId", "lamp-1", "at", T0, "action", "override", "channel", "key",
                "commandId", "c-17", "oldLevel", 0.4, "oldReason", "schedule", "newLevel", 1.0,
                "newReason", "override", "until", T0.plusSeconds(3600)));
        all.add(record("energy", "lamps", "sourceId", "lamps", "start", Instant.parse("2026-06-20T19:00:00Z"),
                "end", Instant.parse("2026-06-21T05:00:00Z"), "complete", true, "lamps", 4L, "litHours", 38.5,
                "unit", "kWh", "actual", 2.31, "fullOn", 3.6, "saved", 1.29, "savedPercent", 35.833333333333336,
                "source", "model"));
        all.add(record("ota", "gateway", "sourceId", "gateway", "v", 1L, "campaign", "cmp-2026-06",
                "state", "downloading", "version", "1.4.2", "running", "1.4.1", "bytes", 1048576L,
                "total", 8388608L, "reason", "", "at", T0));
        return all;
    }

    private static UplinkMessage record(String kind, String source, Object... nameValue) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            fields.put((String) nameValue[i], nameValue[i + 1]);
        }
        return PrivacyGate.readBack(kind, source, fields);
    }

}
