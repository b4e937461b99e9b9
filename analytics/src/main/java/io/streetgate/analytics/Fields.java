package io.streetgate.analytics;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Builds the ordered field maps of {@link AnalyticsRecord#fields()}. */
public final class Fields {

    private Fields() {
    }

    /** The fields of a record about one source over [start, end), followed by its own. */
    public static Map<String, Object> period(String sourceId, Instant start, Instant end, Object... more) {
        Object[] all = new Object[6 + more.length];
        all[0] = "sourceId";
        all[1] = sourceId;
        all[2] = "start";
        all[3] = start;
        all[4] = "end";
        all[5] = end;
        System.arraycopy(more, 0, all, 6, more.length);
        return of(all);
    }

    /** Null checks shared by the records about one source over a period. */
    public static void requirePeriod(String sourceId, Instant start, Instant end) {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("end " + end + " is before start " + start);
        }
    }

    /** An unmodifiable ordered map from alternating names and values; values may be null (suppressed). */
    public static Map<String, Object> of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(fields);
    }
}
