package io.streetgate.sim.chip.watermeter;

import com.pi4j.io.gpio.digital.DigitalState;
import io.streetgate.sim.ManualClock;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

class PulseMeterModelTest {

    final Instant start = Instant.parse("2024-03-01T02:00:00Z");
    final ManualClock clock = new ManualClock(start);
    final GpioLine line = new SimBoard(new SimTime(clock)).line(22);
    final List<DigitalState> edges = new ArrayList<>();
    final Timeline timeline = TimelineAccess.of(clock);

    @Test
    void eachPulseValueOfWaterClosesTheContactOnceWithBounceAtBothEdges() {
        // 0.5 l/s through a 1-litre meter: a pulse every 2 s
        PulseMeterModel meter = new PulseMeterModel(line, timeline, 7, at -> 0.5 / 1000, 1.0, true);
        LineSpy.listen(line, edges::add);
        meter.start();
        clock.advance(Duration.ofSeconds(61));

        assertEquals(30, meter.pulses());
        assertEquals(DigitalState.HIGH, line.state(), "resting at its pull-up between pulses");
        long falls = edges.stream().filter(s -> s == DigitalState.LOW).count();
        assertTrue(falls >= 30 * 3, "every closure and release bounces: " + falls + " falls for 30 pulses");
    }

    @Test
    void waterIsCarriedOverBetweenMinutesSoNoneIsLost() {
        // 1 l a minute through a 10-litre meter: a pulse every 10 minutes
        PulseMeterModel meter = new PulseMeterModel(line, timeline, 7, at -> 1.0 / 60 / 1000, 10.0, true);
        meter.start();
        clock.advance(Duration.ofMinutes(95));

        assertEquals(9, meter.pulses());
        assertEquals(96, meter.litres(), 1e-6, "integrated to the end of the minute planned ahead");
    }

    @Test
    void aWeldedContactHoldsTheLineClosedAndACutCableLeavesItAtRest() {
        PulseMeterModel meter = new PulseMeterModel(line, timeline, 7, at -> 0.5 / 1000, 1.0, true);
        meter.start();
        meter.fault(io.streetgate.sim.SimFault.STUCK);
        clock.advance(Duration.ofSeconds(10));
        assertEquals(DigitalState.LOW, line.state());

        meter.fault(io.streetgate.sim.SimFault.NACK);
        clock.advance(Duration.ofSeconds(10));
        assertEquals(DigitalState.HIGH, line.state());
    }
}
