package io.streetgate.sim.chip.pms5003;

import io.streetgate.sim.ManualClock;
import io.streetgate.sim.bus.SimTime;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Pms5003ModelTest {

    final ManualClock clock = new ManualClock(Instant.parse("2024-01-10T08:00:00Z"));
    final Pms5003Model model = new Pms5003Model(new SimTime(clock, () -> 0L), at -> new Pms5003Model.Air(5, 8, 9));

    @Test
    void aFrameIs32BytesWithLength28AndTheSumOfItsBytes() {
        byte[] frame = Pms5003Model.frame(Pms5003Model.words(new Pms5003Model.Air(5, 8, 9)));

        assertEquals(32, frame.length);
        assertEquals(0x42, frame[0]);
        assertEquals(0x4D, frame[1]);
        assertEquals(28, frame[3]);
        assertEquals(Pms5003Model.sum(frame, 30), (frame[30] & 0xFF) << 8 | frame[31] & 0xFF);
        assertEquals(8, frame[13], "PM2.5 atmospheric, word 5");
    }

    @Test
    void activeModeSendsAFrameASecond() {
        assertTrue(model.activeMode(), "active after power-on");
        clock.advance(Duration.ofMillis(3500));

        assertEquals(3, model.transmitted().size());
    }

    @Test
    void passiveModeAnswersEachReadCommandAndAcknowledgesTheModeChange() {
        model.receive(Pms5003Model.command(0xE1, 0));
        List<byte[]> ack = model.transmitted();
        assertArrayEquals(new byte[] {0x42, 0x4D, 0x00, 0x04, (byte) 0xE1, 0x00, 0x01, 0x74}, ack.get(0));
        clock.advance(Duration.ofSeconds(5));
        assertEquals(0, model.transmitted().size(), "silent in passive mode");

        byte[] read = Pms5003Model.command(0xE2, 0);
        model.receive(java.util.Arrays.copyOf(read, 3)); // a command may arrive in pieces
        model.receive(java.util.Arrays.copyOfRange(read, 3, 7));
        assertEquals(1, model.transmitted().size());
        assertEquals(1, model.reads());
    }

    @Test
    void aCommandWithABadSumIsIgnoredAndSleepStopsTheFrames() {
        byte[] bad = Pms5003Model.command(0xE1, 0);
        bad[6] ^= 1;
        model.receive(bad);
        assertTrue(model.activeMode());

        model.receive(Pms5003Model.command(0xE4, 0));
        assertFalse(model.awake());
        model.transmitted();
        clock.advance(Duration.ofSeconds(5));
        assertEquals(0, model.transmitted().size());
    }
}
