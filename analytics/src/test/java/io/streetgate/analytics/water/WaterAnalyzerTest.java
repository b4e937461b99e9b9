package io.streetgate.analytics.water;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Event;
import io.streetgate.analytics.EventType;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WaterAnalyzerTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    private static void flow(WaterAnalyzer w, double v, Instant t) {
        w.accept(Measurement.of("meter-1", Quantity.FLOW, v, t), t);
    }

    private static <T> List<T> only(List<AnalyticsRecord> records, Class<T> type) {
        return records.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void volumeIsTheTrapezoidalIntegralOfTheFlowSplitAtThePeriodEnd() {
        WaterAnalyzer w = new WaterAnalyzer(WaterConfig.defaults(UTC, Double.NaN));
        for (int s = 0; s <= 7200; s += 10) {
            // a ramp from 0 to 0.002 m3/s over the first hour, then steady
            flow(w, s <= 3600 ? 0.002 * s / 3600 : 0.002, T0.plusSeconds(s));
        }
        List<WaterPeriod> periods = only(w.advanceTo(T0.plus(Duration.ofHours(3))), WaterPeriod.class);
        assertEquals(0.001 * 3600, periods.get(0).volume(), 1e-9, "mean 0.001 m3/s over 3600 s");
        assertEquals(0.002 * 3600, periods.get(1).volume(), 1e-9);
        assertEquals(0.0, periods.get(0).minFlow());
        assertEquals(0.0, periods.get(0).reverseVolume());
    }

    @Test
    void reverseFlowIsItsOwnVolumeAndAnEventOncePerEpisode() {
        WaterAnalyzer w = new WaterAnalyzer(WaterConfig.defaults(UTC, Double.NaN));
        flow(w, 0.001, T0);
        flow(w, -0.001, T0.plusSeconds(60)); // crosses zero at 30 s
        flow(w, -0.001, T0.plusSeconds(120));
        flow(w, 0.0, T0.plusSeconds(180));
        List<AnalyticsRecord> out = w.advanceTo(T0.plus(Duration.ofHours(2)));
        WaterPeriod p = only(out, WaterPeriod.class).get(0);
        assertEquals(0.001 / 2 * 30, p.volume(), 1e-12);
        assertEquals(0.001 / 2 * 30 + 0.001 * 60 + 0.001 / 2 * 60, p.reverseVolume(), 1e-12);
        List<Event> events = only(out, Event.class);
        assertEquals(1, events.size());
        assertEquals(EventType.REVERSE_FLOW, events.get(0).type());
    }

    /** 02:00-03:00 at 0.4 l/s, 03:00-04:00 at 0.2 l/s with one 10 l/s minute at 03:30 (a flush). */
    private static void knownNight(WaterAnalyzer w, LocalDate date) {
        Instant start = date.atTime(2, 0).atZone(UTC).toInstant();
        for (int minute = 0; minute < 120; minute++) {
            double v = minute < 60 ? 0.0004 : minute == 90 ? 0.01 : 0.0002;
            flow(w, v, start.plusSeconds(minute * 60L));
        }
    }

    @Test
    void minimumNightFlowOfAKnownNightIsTheLowestRollingHourlyMean() {
        WaterAnalyzer w = new WaterAnalyzer(WaterConfig.defaults(UTC, 0.0001));
        knownNight(w, LocalDate.of(2026, 6, 1));
        NightFlow night = only(w.advanceTo(T0.plus(Duration.ofHours(5))), NightFlow.class).get(0);
        // the hour 02:30-03:30 stops just before the flush: (30·0.0004 + 30·0.0002)/60 = 0.0003 m3/s;
        // the lowest single minute (0.0002) or the night mean would be wrong
        assertEquals(0.0003, night.mnf(), 1e-12);
        assertEquals(1080.0, night.mnfLitresPerHour(), 1e-6);
        assertEquals(1, night.nightsAbove());
        assertFalse(night.leakSuspected());
    }

    @Test
    void sustainedNightFlowOnThreeNightsRaisesALeakSuspicion() {
        WaterAnalyzer w = new WaterAnalyzer(WaterConfig.defaults(UTC, 0.0001));
        List<AnalyticsRecord> out = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            knownNight(w, LocalDate.of(2026, 6, 1).plusDays(d));
            out.addAll(w.advanceTo(T0.plus(Duration.ofDays(d)).plus(Duration.ofHours(5))));
        }
        List<NightFlow> nights = only(out, NightFlow.class);
        assertEquals(3, nights.size());
        assertTrue(nights.get(2).leakSuspected());
        List<Event> leaks = only(out, Event.class).stream().filter(e -> e.type() == EventType.LEAK_SUSPECTED).toList();
        assertEquals(1, leaks.size());
        assertEquals(0.0001, leaks.get(0).limit());
    }

    @Test
    void flowThatNeverStopsFor24HoursIsReportedOnce() {
        WaterAnalyzer w = new WaterAnalyzer(WaterConfig.defaults(UTC, Double.NaN));
        for (int m = 0; m <= 25 * 60; m += 5) {
            flow(w, 0.00005, T0.plusSeconds(m * 60L));
        }
        List<Event> events = only(w.advanceTo(T0.plus(Duration.ofDays(2))), Event.class);
        assertEquals(1, events.stream().filter(e -> e.type() == EventType.CONTINUOUS_FLOW).count());
    }

    @Test
    void aFlowFarAboveTheRecentMaximumIsABurst() {
        WaterAnalyzer w = new WaterAnalyzer(WaterConfig.defaults(UTC, Double.NaN));
        List<AnalyticsRecord> out = new ArrayList<>();
        for (int m = 0; m < 24 * 60; m += 5) {
            flow(w, m % 60 == 0 ? 0.0 : 0.001, T0.plusSeconds(m * 60L));
            out.addAll(w.advanceTo(T0.plusSeconds(m * 60L)));
        }
        out.addAll(w.advanceTo(T0.plus(Duration.ofHours(24)).plus(Duration.ofMinutes(5))));
        assertTrue(only(out, Event.class).isEmpty(), "a steady day has no events");
        Instant t = T0.plus(Duration.ofHours(24)).plus(Duration.ofMinutes(6));
        flow(w, 0.0029, t);
        flow(w, 0.0031, t.plusSeconds(60));
        flow(w, 0.0035, t.plusSeconds(120));
        List<Event> events = only(w.advanceTo(t.plusSeconds(120)), Event.class);
        assertEquals(1, events.size(), "one event per burst");
        assertEquals(EventType.BURST, events.get(0).type());
        assertEquals(0.003, events.get(0).limit(), 1e-12, "3 × the recent maximum of 0.001");
    }
}
