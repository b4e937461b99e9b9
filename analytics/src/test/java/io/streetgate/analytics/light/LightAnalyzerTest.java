package io.streetgate.analytics.light;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Event;
import io.streetgate.analytics.EventType;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LightAnalyzerTest {

    private static final Instant DUSK = Instant.parse("2026-06-01T19:00:00Z");
    private static final LightConfig CONFIG = new LightConfig(Duration.ofMinutes(15), 20, 40, Duration.ofMinutes(2),
            Duration.ZERO);

    private static void lux(LightAnalyzer a, double v, Instant t) {
        a.accept(Measurement.of("lux-1", Quantity.ILLUMINANCE, v, t), t);
    }

    @Test
    void duskSwitchesToDarkOnceAndAHeadlightDoesNotSwitchBack() {
        LightAnalyzer a = new LightAnalyzer(CONFIG);
        List<AnalyticsRecord> out = new ArrayList<>();
        for (int s = 0; s < 1800; s += 10) {
            double v = Math.max(0, 100 - s / 10.0);        // 100 lx falling to 0 over 1000 s
            if (s == 1500) {
                v = 500;                                   // a headlight for one reading
            }
            lux(a, v, DUSK.plusSeconds(s));
            out.addAll(a.advanceTo(DUSK.plusSeconds(s)));
        }
        List<Event> events = out.stream().filter(r -> r instanceof Event).map(r -> (Event) r).toList();
        assertEquals(1, events.size());
        assertEquals(EventType.DARKNESS, events.get(0).type());
        assertTrue(events.get(0).value() < 20);
        assertTrue(a.ambient("lux-1").orElseThrow().dark());
        // the smoothed level lags the raw one by about τ: it passes 20 lx after the raw level did (at 800 s)
        assertTrue(events.get(0).start().isAfter(DUSK.plusSeconds(800)));
    }

    @Test
    void periodStatisticsAndTheDarkShare() {
        LightAnalyzer a = new LightAnalyzer(new LightConfig(Duration.ofMinutes(15), 20, 40, Duration.ZERO, Duration.ZERO));
        for (int i = 0; i < 90; i++) {
            lux(a, i < 45 ? 100 : 5, DUSK.plusSeconds(i * 10L));
        }
        LightStats st = (LightStats) a.advanceTo(DUSK.plus(Duration.ofMinutes(15))).stream()
                .filter(r -> r instanceof LightStats).findFirst().orElseThrow();
        assertEquals(90, st.count());
        assertEquals(52.5, st.mean(), 1e-9);
        assertEquals(5.0, st.median(), "nearest rank 45 of 90 sorted readings is the last 5 lx one");
        assertEquals(100.0, st.p90());
        assertEquals(0.5, st.darkFraction(), 1e-9);
        assertFalse(a.ambient("other").isPresent());
    }

    @Test
    void lightAboveMustExceedDarkBelow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LightConfig(Duration.ofMinutes(15), 40, 20, Duration.ZERO, Duration.ZERO));
        assertTrue(e.getMessage().contains("analytics.light.light-above = 20.0"), e.getMessage());
    }
}
