package io.streetgate.sim.chip.ld2410;

import io.streetgate.sim.ManualClock;
import io.streetgate.sim.bus.SimTime;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ld2410ModelTest {

    final Instant start = Instant.parse("2024-01-10T08:00:00Z");
    final ManualClock clock = new ManualClock(start);
    final Ld2410Model model = new Ld2410Model(new SimTime(clock, () -> 0L),
            (from, to) -> List.of(start.plusSeconds(1)).stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).toList());

    @Test
    void aPasserByIsAMovingTargetComingCloserThenGoingAway() {
        assertEquals(Ld2410Model.Targets.NONE, model.targets(start));
        Ld2410Model.Targets entering = model.targets(start.plusSeconds(1));
        Ld2410Model.Targets nearest = model.targets(start.plusSeconds(6));

        assertEquals(1, entering.state());
        assertEquals(600, entering.movingCm());
        assertEquals(50, nearest.movingCm());
        assertTrue(nearest.movingEnergy() > entering.movingEnergy());
    }

    @Test
    void reportsComeEveryTenthOfASecondExceptInConfigurationMode() {
        clock.advance(Duration.ofMillis(1000));
        assertEquals(10, model.transmitted().size());

        model.receive(Ld2410Model.commandFrame(0x00FF, (byte) 1, (byte) 0));
        List<byte[]> ack = model.transmitted();
        assertArrayEquals(Ld2410Model.commandFrame(0x01FF, (byte) 0, (byte) 0, (byte) 1, (byte) 0, (byte) 0x40, (byte) 0),
                ack.get(0));
        clock.advance(Duration.ofMillis(1000));
        assertTrue(model.transmitted().isEmpty());

        model.receive(Ld2410Model.commandFrame(0x00FE));
        assertEquals(1, model.transmitted().size(), "the acknowledgement");
        clock.advance(Duration.ofMillis(300));
        assertEquals(3, model.transmitted().size());
    }

    @Test
    void withoutAChecksumADamagedReportHasABrokenTailMarker() {
        byte[] damaged = model.corrupt(Ld2410Model.report(Ld2410Model.Targets.NONE));

        assertEquals(0x54, damaged[17]);
    }
}
