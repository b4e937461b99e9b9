package io.streetgate.sim.chip.sps30;

import io.streetgate.sim.ManualClock;
import io.streetgate.sim.bus.I2cNack;
import io.streetgate.sim.bus.SimTime;
import io.streetgate.sim.chip.sensirion.SensirionCrc;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Sps30ChipTest {

    final ManualClock clock = new ManualClock(Instant.parse("2024-01-10T08:00:00Z"));
    final Sps30Chip chip = new Sps30Chip(new SimTime(clock, () -> 0L),
            at -> new Sps30Chip.Particulates(4, 6, 7, 9), "8A3C2E1F0D0B4C55");

    void command(int code, int... args) {
        byte[] frame = new byte[2 + 3 * args.length];
        frame[0] = (byte) (code >> 8);
        frame[1] = (byte) code;
        System.arraycopy(SensirionCrc.encode(args), 0, frame, 2, 3 * args.length);
        chip.onWrite(frame);
        clock.advance(Duration.ofMillis(20));
    }

    byte[] read(int bytes) {
        byte[] reply = new byte[bytes];
        chip.onRead(reply);
        return reply;
    }

    @Test
    void valuesComeAsFloatsOfTwoWordsEachWordWithItsCrc() {
        command(0x0010, 0x0300);
        clock.advance(Duration.ofSeconds(1));
        command(0x0202);
        assertEquals(1, read(3)[1]);
        command(0x0300);
        byte[] reply = read(60);

        int bits = (reply[6] & 0xFF) << 24 | (reply[7] & 0xFF) << 16 | (reply[9] & 0xFF) << 8 | reply[10] & 0xFF;
        assertEquals(6.0f, Float.intBitsToFloat(bits), "PM2.5, the second value");
        for (int word = 0; word < 20; word++) {
            int w = (reply[3 * word] & 0xFF) << 8 | reply[3 * word + 1] & 0xFF;
            assertEquals(SensirionCrc.of(w), reply[3 * word + 2] & 0xFF);
        }
    }

    @Test
    void theIntegerFormatGivesWholeNumbers() {
        command(0x0010, 0x0500);
        clock.advance(Duration.ofSeconds(1));
        command(0x0300);
        byte[] reply = read(30);

        assertEquals(6, (reply[3] & 0xFF) << 8 | reply[4] & 0xFF);
    }

    @Test
    void fromSleepItTakesTwoWakeUpsWithinATenthOfASecond() {
        command(0x1001);
        assertTrue(chip.asleep());

        assertThrows(I2cNack.class, () -> chip.onWrite(new byte[] {0x11, 0x03}), "the first only wakes the interface");
        chip.onWrite(new byte[] {0x11, 0x03});
        assertFalse(chip.asleep());
    }

    @Test
    void sleepIsRefusedWhileMeasuringAndFanCleaningWhileIdle() {
        assertThrows(I2cNack.class, () -> command(0x5607));
        command(0x0010, 0x0300);
        assertThrows(I2cNack.class, () -> command(0x1001));
        command(0x5607);
        assertEquals(1, chip.fanCleanings());
        assertTrue(chip.cleaning());
    }

    @Test
    void theSerialNumberIsAsciiTwoCharactersAWord() {
        command(0xD033);
        byte[] reply = read(48);

        assertEquals('8', reply[0]);
        assertEquals('A', reply[1]);
        assertEquals(0, reply[24], "NUL after 16 characters");
    }
}
