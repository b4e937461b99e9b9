package io.streetgate.sim.chip.pir;

import com.pi4j.io.gpio.digital.DigitalState;
import io.streetgate.sim.ManualClock;
import io.streetgate.sim.SimFault;
import io.streetgate.sim.TimelineAccess;
import io.streetgate.sim.bus.GpioLine;
import io.streetgate.sim.bus.LineSpy;
import io.streetgate.sim.bus.SimBoard;
import io.streetgate.sim.bus.SimTime;
import io.streetgate.sim.bus.Timeline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PirModelTest {

    final Instant start = Instant.parse("2024-03-01T20:00:00Z");
    final ManualClock clock = new ManualClock(start);
    final GpioLine line = new SimBoard(new SimTime(clock)).line(17);
    final List<String> edges = new ArrayList<>();
    final Timeline timeline = new Timeline() {
        @Override
        public Instant now() {
            return clock.instant();
        }

        @Override
        public void at(Instant when, Runnable action) {
            // the street's timeline on a ManualClock; reached here through the clock's own scheduling
            scheduleOn(clock, when, action);
        }
    };
    final PirModel pir = new PirModel(line, timeline, 42);

    PirModelTest() {
        LineSpy.listen(line, state -> edges.add(Duration.between(start, clock.instant()).toNanos() / 1000 + "us " + state));
    }

    static void scheduleOn(ManualClock clock, Instant when, Runnable action) {
        TimelineAccess.schedule(clock, when, action);
    }

    void passAt(Duration after) {
        Instant at = start.plus(after);
        scheduleOn(clock, at, () -> pir.passerBy(at));
    }

    long rises() {
        return edges.stream().filter(e -> e.endsWith("HIGH")).count();
    }

    @Test
    void onePasserByGivesABouncingRiseAndAFallAfterTheHoldTime() {
        passAt(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(10));

        assertTrue(rises() >= 3, "the rise bounces: " + edges);
        assertEquals("1000000us HIGH", edges.get(0));
        String settled = edges.stream().filter(e -> e.startsWith("100") && e.compareTo("1003500us") < 0)
                .reduce((a, b) -> b).orElseThrow();
        assertTrue(settled.endsWith("HIGH"), "settles high within 3.5 ms: " + edges);
        assertTrue(edges.get(edges.size() - 1).endsWith("LOW"));
        assertTrue(edges.get(edges.size() - 1).startsWith("400"), "falls about 3 s later: " + edges);
        assertEquals(DigitalState.LOW, line.state());
    }

    @Test
    void anotherPasserByWhileHighKeepsItHigh() {
        passAt(Duration.ofSeconds(1));
        passAt(Duration.ofSeconds(3));
        clock.advance(Duration.ofMillis(5500));
        assertEquals(DigitalState.HIGH, line.state(), "retriggered at 3 s: high until 6 s");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(DigitalState.LOW, line.state());
    }

    @Test
    void aPasserByInTheBlockingTimeIsNotSeen() {
        passAt(Duration.ofSeconds(1));
        passAt(Duration.ofSeconds(5)); // falls at 4 s, blind until 6.5 s
        clock.advance(Duration.ofSeconds(10));

        assertTrue(edges.get(0).startsWith("1000000us"));
        assertTrue(edges.stream().noneMatch(e -> e.startsWith("5000")), "nothing at 5 s: " + edges);
        assertEquals(2, pir.passersSeen());
    }

    @Test
    void stuckHoldsTheLineHighAndNackLow() {
        pir.fault(SimFault.STUCK);
        assertEquals(DigitalState.HIGH, line.state());
        pir.fault(SimFault.NACK);
        assertEquals(DigitalState.LOW, line.state());
        passAt(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of("0us HIGH", "0us LOW"), edges);
        assertThrows(IllegalArgumentException.class, () -> pir.fault(SimFault.TIMEOUT));
    }

    @Test
    void crcErrorTurnsPassersByIntoOneMillisecondGlitches() {
        pir.fault(SimFault.CRC_ERROR);
        passAt(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(10));

        assertEquals(List.of("1000000us HIGH", "1001000us LOW"), edges);
    }
}
