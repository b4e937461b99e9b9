package io.streetgate.analytics.occupancy;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OccupancyAnalyzerTest {

    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
    private static final OccupancyConfig CONFIG = OccupancyConfig.defaults()
            .withZones(Map.of("pir-1", "crossing", "pir-2", "crossing", "counter-1", "crossing"));

    private static void presence(OccupancyAnalyzer a, String sensor, int value, long second) {
        Instant t = T0.plusSeconds(second);
        a.accept(Measurement.of(sensor, Quantity.PRESENCE, value, t), t);
    }

    @Test
    void visitsDwellAndOccupiedShareOfAZone() {
        OccupancyAnalyzer a = new OccupancyAnalyzer(CONFIG);
        for (int v = 0; v < 6; v++) {
            String sensor = v % 2 == 0 ? "pir-1" : "pir-2";
            presence(a, sensor, 1, v * 120L);
            presence(a, sensor, 0, v * 120L + 60);
        }
        for (int i = 0; i < 12; i++) {
            Instant t = T0.plusSeconds(10 + i * 30L);
            a.accept(Measurement.of("counter-1", Quantity.MOTION_EVENTS, 1, t), t);
        }
        List<AnalyticsRecord> out = a.advanceTo(T0.plus(Duration.ofMinutes(16)));
        OccupancyPeriod p = (OccupancyPeriod) out.get(0);
        assertEquals("crossing", p.zone());
        assertEquals(6L, p.visits());
        assertEquals(12L, p.count());
        assertEquals(60.0, p.meanDwellSeconds(), 1e-9);
        assertEquals(360.0 / 900, p.occupiedFraction(), 1e-9);
        assertTrue(!p.suppressed());
    }

    @Test
    void fewerThanKVisitsOrPeopleAreSuppressedBeforeTheyLeave() {
        OccupancyAnalyzer a = new OccupancyAnalyzer(CONFIG);
        presence(a, "pir-1", 1, 0);
        presence(a, "pir-1", 0, 300);
        for (int i = 0; i < 4; i++) {
            Instant t = T0.plusSeconds(i);
            a.accept(Measurement.of("counter-1", Quantity.MOTION_EVENTS, 1, t), t);
        }
        OccupancyPeriod p = (OccupancyPeriod) a.advanceTo(T0.plus(Duration.ofMinutes(16))).get(0);
        assertTrue(p.suppressed());
        assertNull(p.visits());
        assertNull(p.count(), "4 people < k = 5");
        assertNull(p.occupiedFraction(), "one visit's share would describe one person");
        assertNull(p.meanDwellSeconds());
        assertEquals(null, p.fields().get("visits"));
        assertThrows(IllegalArgumentException.class,
                () -> new OccupancyPeriod("z", T0, T0.plusSeconds(900), 5, 3L, null, null, null),
                "a record cannot even be built with a count below k");
    }

    @Test
    void aSilentSensorHoldsItsStateForMaxHoldOnlyAndLongStaysSpanPeriods() {
        OccupancyAnalyzer a = new OccupancyAnalyzer(new OccupancyConfig(Duration.ofMinutes(15), 2,
                Map.of(), Duration.ofMinutes(20), Duration.ZERO));
        presence(a, "pir-9", 1, 600);      // 10:10, never reports again
        presence(a, "pir-8", 1, 0);        // 10:00
        presence(a, "pir-8", 0, 1200);     // 10:20: a 20-minute stay across the 10:15 boundary
        List<AnalyticsRecord> out = a.advanceTo(T0.plus(Duration.ofHours(1)));
        OccupancyPeriod nine = out.stream().map(r -> (OccupancyPeriod) r).filter(p -> p.zone().equals("pir-9")).findFirst().orElseThrow();
        assertNull(nine.visits(), "1 < k = 2");
        long ninePeriods = out.stream().filter(r -> r.sourceId().equals("pir-9")).count();
        assertEquals(2, ninePeriods, "held from 10:10 to 10:30 only: the 10:00 and 10:15 periods");
        assertThrows(IllegalArgumentException.class, () -> new OccupancyConfig(Duration.ofMinutes(15), 1,
                Map.of(), Duration.ofMinutes(5), Duration.ZERO));
    }
}
