package io.streetgate.fleet;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Summary;
import io.streetgate.analytics.occupancy.OccupancyPeriod;
import io.streetgate.analytics.privacy.PrivacyConfig;
import io.streetgate.analytics.privacy.PrivacyGate;
import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.driver.Quantity;
import io.streetgate.sim.StreetScenario;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * What one simulated pole sends per minute of its time: the one-minute summaries of its temperature sensor
 * ({@code env-1}) and light sensor ({@code light-1}) from readings every 10 s of its own street, and every
 * 15 minutes the k-suppressed occupancy of its footway, all through the privacy gate with the allow-lists of
 * docs/analytics.md. Not thread-safe: one feeder calls it at a time.
 */
final class StreetSummaries {

    static final String TEMPERATURE_SENSOR = "env-1";
    static final String LIGHT_SENSOR = "light-1";
    static final String ZONE = "footway";
    static final Duration MINUTE = Duration.ofMinutes(1);
    static final Duration OCCUPANCY_PERIOD = Duration.ofMinutes(15);
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);
    static final int K = 5;
    /** How long a PIR reports presence after someone passes: the footway counts as occupied meanwhile. */
    static final Duration PIR_HOLD = Duration.ofSeconds(10);

    private static final PrivacyConfig ALLOW = new PrivacyConfig(Map.of(
            "summary", Set.of("sourceId", "quantity", "unit", "start", "end", "count", "min", "mean", "max", "stdDev",
                    "p90"),
            "occupancy", Set.of("zone", "start", "end", "k", "suppressed", "visits", "count", "occupiedFraction")));

    private final StreetScenario street;
    private final PrivacyGate gate = new PrivacyGate(ALLOW);

    StreetSummaries(StreetScenario street) {
        this.street = street;
    }

    /** The messages for the minute that ends at {@code end} (a whole minute of gateway time). */
    List<UplinkMessage> minuteEnding(Instant end) {
        Instant start = end.minus(MINUTE);
        List<AnalyticsRecord> records = new ArrayList<>(3);
        records.add(summary(TEMPERATURE_SENSOR, Quantity.TEMPERATURE, start, end, street::temperature));
        records.add(summary(LIGHT_SENSOR, Quantity.ILLUMINANCE, start, end, street::ambientLux));
        if (end.getEpochSecond() % OCCUPANCY_PERIOD.toSeconds() == 0) {
            records.add(occupancy(end.minus(OCCUPANCY_PERIOD), end));
        }
        return gate.filter(records);
    }

    private static Summary summary(String sensor, Quantity quantity, Instant start, Instant end,
                                   ToDoubleFunction<Instant> reading) {
        int n = (int) (MINUTE.toSeconds() / SAMPLE_EVERY.toSeconds());
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = reading.applyAsDouble(start.plus(SAMPLE_EVERY.multipliedBy(i)));
        }
        double mean = Arrays.stream(v).average().orElseThrow();
        double squares = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum();
        double stdDev = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
        Arrays.sort(v);
        return new Summary(sensor, quantity, quantity.unit(), start, end, n, v[0], mean, v[n - 1], stdDev,
                rank(v, 10), rank(v, 50), rank(v, 90), rank(v, 95));
    }

    /** Nearest-rank percentile of sorted values, as {@link Summary} defines it. */
    private static double rank(double[] sorted, int percent) {
        int r = Math.max(1, (int) Math.ceil(percent / 100.0 * sorted.length));
        return sorted[r - 1];
    }

    private OccupancyPeriod occupancy(Instant start, Instant end) {
        List<Instant> passed = new ArrayList<>(street.passersBy(ZONE, start, end));
        passed.sort(null);
        long occupiedMillis = 0;
        Instant coveredUntil = start;
        for (Instant at : passed) { // union of the PIR's hold intervals, clipped to the period
            Instant from = at.isAfter(coveredUntil) ? at : coveredUntil;
            Instant to = at.plus(PIR_HOLD).isBefore(end) ? at.plus(PIR_HOLD) : end;
            if (to.isAfter(from)) {
                occupiedMillis += Duration.between(from, to).toMillis();
                coveredUntil = to;
            }
        }
        boolean enough = passed.size() >= K;
        double fraction = (double) occupiedMillis / Duration.between(start, end).toMillis();
        return new OccupancyPeriod(ZONE, start, end, K, enough ? (long) passed.size() : null, null,
                enough ? fraction : null, null);
    }
}
