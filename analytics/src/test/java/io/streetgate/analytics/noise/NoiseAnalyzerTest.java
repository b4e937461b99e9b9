package io.streetgate.analytics.noise;

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
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoiseAnalyzerTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private static Measurement level(double db, Instant at) {
        return Measurement.of("slm-1", Quantity.SOUND_LEVEL, db, at);
    }

    @Test
    void ldenOfAKnownDayFedMinuteByMinute() {
        NoiseAnalyzer noise = new NoiseAnalyzer(NoiseConfig.hourly(PARIS));
        ZonedDateTime midnight = LocalDate.of(2026, 6, 1).atStartOfDay(PARIS);
        List<AnalyticsRecord> out = new ArrayList<>();
        for (int minute = 0; minute < 24 * 60; minute++) {
            Instant t = midnight.plusMinutes(minute).toInstant();
            int hour = minute / 60;
            double db = hour >= 7 && hour < 19 ? 65 : hour >= 19 && hour < 23 ? 60 : 55;
            noise.accept(level(db, t), t);
            out.addAll(noise.advanceTo(t));
        }
        out.addAll(noise.advanceTo(midnight.plusDays(1).plusMinutes(2).toInstant()));

        NoiseDay day = out.stream().filter(r -> r instanceof NoiseDay).map(r -> (NoiseDay) r).findFirst().orElseThrow();
        assertEquals(LocalDate.of(2026, 6, 1), day.date());
        assertEquals(65.0, day.lday(), 1e-9);
        assertEquals(60.0, day.levening(), 1e-9);
        assertEquals(55.0, day.lnight(), 1e-9);
        assertEquals(65.0, day.lden(), 1e-9, "penalties +5 evening, +10 night");
        assertEquals(24 * 60, day.samples());
        assertEquals(24, out.stream().filter(r -> r instanceof NoiseLevels).count());
    }

    @Test
    void periodLevelsLaeqLamaxL10L90() {
        NoiseConfig config = new NoiseConfig(Duration.ofMinutes(15), LdenPeriods.END_DEFAULT, ZoneId.of("UTC"),
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Duration.ZERO);
        NoiseAnalyzer noise = new NoiseAnalyzer(config);
        Instant t0 = Instant.parse("2026-06-01T10:00:00Z");
        for (int i = 1; i <= 100; i++) {
            noise.accept(level(40 + i * 0.5, t0.plusSeconds(i)), t0); // 40.5 .. 90 dB
        }
        NoiseLevels p = (NoiseLevels) noise.advanceTo(t0.plus(Duration.ofMinutes(15))).get(0);
        assertEquals(100, p.samples());
        assertEquals(90.0, p.lamax());
        assertEquals(85.0, p.l10(), 1e-9, "exceeded by 10 of 100 samples: the 90th in rank");
        assertEquals(45.0, p.l90(), 1e-9, "the 10th in rank");
        double energy = 0;
        for (int i = 1; i <= 100; i++) {
            energy += Math.pow(10, (40 + i * 0.5) / 10);
        }
        assertEquals(10 * Math.log10(energy / 100), p.laeq(), 1e-9);
        assertTrue(p.laeq() > 79 && p.laeq() < 80, "dominated by the loud samples, far above the 65.25 arithmetic mean");
    }

    @Test
    void exceedanceUsesTheLimitOfThePartOfTheDay() {
        NoiseAnalyzer noise = new NoiseAnalyzer(NoiseConfig.hourly(ZoneId.of("UTC")).withLimits(65, 60, 55, 85));
        Instant night = Instant.parse("2026-06-01T02:00:00Z");
        Instant day = Instant.parse("2026-06-01T10:00:00Z");
        for (int s = 0; s < 60; s++) {
            noise.accept(level(58, night.plusSeconds(s * 60L)), night);
            noise.accept(level(s == 30 ? 88 : 58, day.plusSeconds(s * 60L)), day);
        }
        List<Event> events = noise.advanceTo(Instant.parse("2026-06-01T12:00:00Z")).stream()
                .filter(r -> r instanceof Event).map(r -> (Event) r).toList();
        // night: LAeq 58 > 55; day: LAeq of 59×58 and one 88 dB is about 70.3 dB > 65, and 88 > LAmax 85
        assertEquals(3, events.size());
        assertEquals(EventType.NOISE_EXCEEDANCE, events.get(0).type());
        assertEquals(55, events.get(0).limit());
        assertEquals(65, events.get(1).limit());
        assertEquals(85, events.get(2).limit());
        assertEquals(day.plusSeconds(30 * 60L), events.get(2).start());
    }
}
