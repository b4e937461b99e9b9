package io.streetgate.sim.chip.ads1115;

import io.streetgate.sim.ManualClock;
import io.streetgate.sim.bus.SimTime;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Ads1115ChipTest {

    final ManualClock clock = new ManualClock(Instant.parse("2024-01-10T08:00:00Z"));
    final Ads1115Chip chip = new Ads1115Chip(new SimTime(clock, () -> 0L));

    void write(int register, int value) {
        chip.onWrite(new byte[] {(byte) register, (byte) (value >> 8), (byte) value});
    }

    int read(int register) {
        chip.onWrite(new byte[] {(byte) register});
        byte[] reply = new byte[2];
        chip.onRead(reply);
        return (reply[0] & 0xFF) << 8 | (reply[1] & 0xFF);
    }

    @Test
    void itPowersUpWithTheResetConfigAndThresholds() {
        assertEquals(0x8583, read(0x01));
        assertEquals(0x8000, read(0x02));
        assertEquals(0x7FFF, read(0x03));
    }

    @Test
    void aSingleShotConversionClearsOsUntilItEndsAfterOneOverTheDataRate() {
        chip.connect(2, at -> 1.0);
        write(0x01, 0xE583); // OS, AIN2-GND, ±2.048 V, single shot, 128 SPS, comparator off

        assertEquals(0x6583, read(0x01), "OS reads 0 while converting");
        clock.advance(Duration.ofNanos(1_000_000_000L / 128));
        assertEquals(0xE583, read(0x01));
        assertEquals(16000, read(0x00)); // 1 V / 2.048 V · 32768
    }

    @Test
    void resultsAreTwosComplementAndClippedAtFullScale() {
        assertEquals(-16000, Ads1115Chip.code(-1.0, 2.048));
        assertEquals(32767, Ads1115Chip.code(3.0, 2.048));
        assertEquals(-32768, Ads1115Chip.code(-3.0, 2.048));
        chip.connect(0, at -> 0.5);
        chip.connect(1, at -> 0.75);
        write(0x01, 0x8583); // AIN0 - AIN1
        clock.advance(Duration.ofMillis(8));

        assertEquals(0x10000 - 4000, read(0x00)); // -0.25 V
    }
}
