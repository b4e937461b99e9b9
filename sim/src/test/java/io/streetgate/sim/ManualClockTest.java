package io.streetgate.sim;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ManualClockTest {

    final Instant start = Instant.parse("2024-01-01T00:00:00Z");
    final ManualClock clock = new ManualClock(start);

    @Test
    void standsStillUntilAdvanced() {
        assertEquals(start, clock.instant());
        clock.advance(Duration.ofMinutes(3));
        assertEquals(start.plusSeconds(180), clock.instant());
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofSeconds(-1)));
    }

    @Test
    void runsEventsInTimeOrderWithTheClockAtEachEventsInstant() {
        List<String> seen = new ArrayList<>();
        clock.schedule(start.plusSeconds(2), () -> seen.add("b@" + clock.instant().getEpochSecond() % 60));
        clock.schedule(start.plusSeconds(1), () -> {
            seen.add("a@" + clock.instant().getEpochSecond() % 60);
            clock.schedule(start.plusMillis(1500), () -> seen.add("a2@" + clock.millis() % 60_000));
        });
        clock.schedule(start.plusSeconds(9), () -> seen.add("late"));

        clock.advance(Duration.ofSeconds(5));

        assertEquals(List.of("a@1", "a2@1500", "b@2"), seen);
        assertEquals(start.plusSeconds(5), clock.instant());
    }

    @Test
    void aZoneViewMovesWithTheClock() {
        var paris = clock.withZone(ZoneId.of("Europe/Paris"));
        clock.advance(Duration.ofHours(1));
        assertEquals(clock.instant(), paris.instant());
    }
}
