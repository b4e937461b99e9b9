package io.streetgate.driver.time;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TimeBase#nanos()}: the monotonic clock the gateway measures durations on, on each kind of time base. */
class TimeBaseTest {

    @Test
    void onARealGatewayNanosIsTheJvmsMonotonicClock() {
        long before = System.nanoTime();
        long n = TimeBase.system().nanos();
        long after = System.nanoTime();
        assertTrue(before <= n && n <= after, before + " <= " + n + " <= " + after);
    }

    @Test
    void onASimulatedStreetNanosIsTheSimulationsTimeAtItsSpeed() {
        Instant start = Instant.parse("2026-12-02T00:00:00Z");
        TimeBase sim = TimeBase.accelerated(start, 600);
        // both read the same origin and speed: the clock's elapsed time lies between two reads of nanos
        long first = sim.nanos();
        long wall = Duration.between(start, sim.now()).toNanos();
        long second = sim.nanos();
        assertTrue(first <= wall && wall <= second, first + " <= " + wall + " <= " + second);
        assertEquals(600.0, sim.speed());
    }

    @Test
    void onAClockThatIsTheOnlyTimeNanosFollowsThatClock() {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-02T00:00:00Z"));
        TimeBase time = TimeBase.of(clock);
        long first = time.nanos();
        clock.now = clock.now.plusSeconds(90);
        assertEquals(Duration.ofSeconds(90).toNanos(), time.nanos() - first, "moved with the clock");
        clock.now = clock.now.minus(Duration.ofHours(3));
        assertEquals(Duration.ofSeconds(90).minusHours(3).toNanos(), time.nanos() - first,
                "set back with it: a test's clock is the only time there is");
    }

    @Test
    void aStepOfTheWallClockDoesNotMoveNanos() {
        MovableClock clock = new MovableClock(Instant.EPOCH);
        AtomicLong monotonic = new AtomicLong(1_000);
        TimeBase time = TimeBase.of(clock, monotonic::get);
        clock.now = Instant.parse("2026-12-02T00:00:00Z");
        assertEquals(1_000, time.nanos(), "time sync stepped the wall clock 56 years; nanos did not move");
        assertEquals(clock.now, time.now());
        monotonic.addAndGet(5);
        assertEquals(1_005, time.nanos());
    }

    /** A wall clock a test sets. */
    private static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
