package io.streetgate.driver;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DurationsTest {

    @Test
    void readsTheUnitsPeopleWrite() {
        assertEquals(Optional.of(Duration.ofMillis(500)), Durations.parse("500ms"));
        assertEquals(Optional.of(Duration.ofSeconds(10)), Durations.parse("10s"));
        assertEquals(Optional.of(Duration.ofSeconds(90)), Durations.parse("1.5m"));
        assertEquals(Optional.of(Duration.ofHours(1)), Durations.parse(" 1 h "));
        assertEquals(Optional.of(Duration.ofDays(7)), Durations.parse("7d"));
    }

    @Test
    void refusesNumbersWithoutUnitsAndUnknownUnits() {
        assertEquals(Optional.empty(), Durations.parse("10"));
        assertEquals(Optional.empty(), Durations.parse("10x"));
        assertEquals(Optional.empty(), Durations.parse("-5s"));
        assertEquals(Optional.empty(), Durations.parse(null));
    }

    @Test
    void formatsInTheShortestExactUnit() {
        assertEquals("1m", Durations.format(Duration.ofSeconds(60)));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
        assertEquals("2h", Durations.format(Duration.ofMinutes(120)));
        assertEquals("0s", Durations.format(Duration.ZERO));
    }
}
