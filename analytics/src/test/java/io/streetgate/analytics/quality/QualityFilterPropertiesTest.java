package io.streetgate.analytics.quality;

import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quality;
import io.streetgate.driver.QualityFlag;
import io.streetgate.driver.Quantity;
import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Generated streams through every rule: a reading is never changed, only flagged, and every flag is counted. */
class QualityFilterPropertiesTest {

    private static long seed = 8080L;

    @RepeatedTest(20)
    void readingsAreNeverChangedAndCountersAddUp() {
        Random random = new Random(seed++);
        QualityFilter filter = new QualityFilter(QualityConfig.builder()
                .rules(Quantity.TEMPERATURE, QuantityRules.builder()
                        .range(-40, 125)
                        .maxRatePerSecond(0.5 + random.nextDouble())
                        .hampel(1 + random.nextInt(6), 3.0, 0.05)
                        .stuck(3 + random.nextInt(5), Duration.ofSeconds(random.nextInt(60)), 0.0)
                        .flatLine(List.of(-45.0, 0.0), 0.0, 1 + random.nextInt(3))
                        .gap(Duration.ofSeconds(10), 1.5)
                        .build())
                .build());
        Instant t = Instant.parse("2026-06-01T00:00:00Z");
        Map<QualityFlag, Long> flags = new EnumMap<>(QualityFlag.class);
        long rejected = 0;
        int n = 500 + random.nextInt(1000);
        double v = 20;
        for (int i = 0; i < n; i++) {
            t = t.plusSeconds(random.nextInt(20) == 0 ? 60 : 10);
            int kind = random.nextInt(50);
            v = kind == 0 ? 400 : kind == 1 ? -45 : kind == 2 ? v : v + random.nextGaussian() * 0.2;
            Quality upstream = random.nextInt(100) == 0 ? Quality.of(QualityFlag.WARMING_UP) : Quality.GOOD;
            Measurement in = new Measurement("env-" + random.nextInt(2), Quantity.TEMPERATURE, Quantity.TEMPERATURE.unit(),
                    v, t, upstream);
            Measurement out = filter.apply(in);
            assertEquals(in.value(), out.value());
            assertEquals(in.timestamp(), out.timestamp());
            assertEquals(in.sourceId(), out.sourceId());
            assertTrue(out.quality().flags().containsAll(in.quality().flags()), "flags are only ever added");
            for (QualityFlag f : out.quality().flags()) {
                flags.merge(f, 1L, Long::sum);
            }
            if (Rejection.isRejected(out.quality())) {
                rejected++;
            }
            if (v == 400) {
                assertTrue(out.quality().has(QualityFlag.OUT_OF_RANGE));
            }
        }
        QualityCounters c = filter.counters();
        assertEquals(n, c.seen());
        assertEquals(rejected, c.rejected());
        assertEquals(flags, c.byReason());
        assertEquals(n - rejected, c.accepted());
    }
}
