package io.streetgate.sim.chip.veml7700;

import io.streetgate.sim.ManualClock;
import io.streetgate.sim.bus.SimTime;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Veml7700ChipTest {

    final ManualClock clock = new ManualClock(Instant.parse("2024-01-10T08:00:00Z"));
    final AtomicReference<Double> lux = new AtomicReference<>(100.0);
    final Veml7700Chip chip = new Veml7700Chip(new SimTime(clock, () -> 0L), at -> lux.get(), 0.0576);

    void write(int register, int value) {
        chip.onWrite(new byte[] {(byte) register, (byte) value, (byte) (value >> 8)});
    }

    int read(int register) {
        chip.onWrite(new byte[] {(byte) register});
        byte[] reply = new byte[2];
        chip.onRead(reply);
        return (reply[0] & 0xFF) | (reply[1] & 0xFF) << 8;
    }

    @Test
    void itPowersUpShutDownWithItsIdInRegister7() {
        assertEquals(0x0001, read(0x00));
        assertEquals(0x81, read(0x07) & 0xFF);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(0, read(0x04), "no counts while shut down");
    }

    @Test
    void countsFollowGainAndIntegrationTimeAfterOneCycle() {
        write(0x00, 0b01 << 11 | 0b0011 << 6); // gain x2, 800 ms, on
        clock.advance(Duration.ofMillis(700));
        assertEquals(0, read(0x04), "the first cycle has not ended");
        clock.advance(Duration.ofMillis(200));

        assertEquals(Math.round(100 / 0.0036), read(0x04)); // 0.0036 lx/count at x2/800 ms
    }

    @Test
    void theCounterSaturatesAtFullScale() {
        lux.set(5000.0);
        write(0x00, 0b01 << 11 | 0b0011 << 6);
        clock.advance(Duration.ofSeconds(1));

        assertEquals(0xFFFF, read(0x04));
    }

    @Test
    void aboveAThousandLuxItReadsLowByTheApplicationNotesNonLinearity() {
        assertEquals(500, Veml7700Chip.uncorrected(500));
        assertEquals(1000, Veml7700Chip.uncorrected(1050), 1e-9, "inside the correction's step: reads as 1000 lx");
        double raw = Veml7700Chip.uncorrected(2265.0344);
        assertEquals(2000, raw, 0.01);
    }
}
