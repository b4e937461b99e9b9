package io.streetgate.sim.bus;

import io.streetgate.sim.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CadenceTest {

    final ManualClock clock = new ManualClock(Instant.parse("2024-01-10T08:00:00Z"));
    final AtomicLong realNanos = new AtomicLong();
    final Cadence cadence = new Cadence(new SimTime(clock, realNanos::get), Duration.ofMillis(100));

    @Test
    void periodsPassOnTheGatewayClockAndCarryOnInRealTimeWhileItStandsStill() {
        clock.advance(Duration.ofMillis(250));
        assertEquals(2, cadence.due(100));
        realNanos.addAndGet(Duration.ofMillis(160).toNanos()); // the test clock stands still: real time goes on
        assertEquals(2, cadence.due(100), "250 + 160 ms: periods 3 and 4 ended");
    }

    @Test
    void bothClocksMovingTogetherCountOnce() {
        clock.advance(Duration.ofMillis(500));
        realNanos.addAndGet(Duration.ofMillis(500).toNanos());

        assertEquals(5, cadence.due(100));
    }

    @Test
    void aLongAbsenceIsCappedAndAStartDelayIsWaited() {
        clock.advance(Duration.ofHours(1));
        assertEquals(10, cadence.due(10));
        assertEquals(0, cadence.due(10));

        cadence.restart(Duration.ofMillis(50));
        clock.advance(Duration.ofMillis(140));
        assertEquals(0, cadence.due(10));
        clock.advance(Duration.ofMillis(10));
        assertEquals(1, cadence.due(10));
    }
}
