package io.streetgate.sim.chip.sht4x;

import io.streetgate.sim.ManualClock;
import io.streetgate.sim.bus.I2cNack;
import io.streetgate.sim.bus.SimTime;
import io.streetgate.sim.chip.sensirion.SensirionCrc;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Sht4xChipTest {

    final ManualClock clock = new ManualClock(Instant.parse("2024-01-10T08:00:00Z"));
    final Sht4xChip chip = new Sht4xChip(new SimTime(clock, () -> 0L), at -> 25.0, at -> 56.5, 0x1234_5678L);

    byte[] read(int length) {
        byte[] reply = new byte[length];
        chip.onRead(reply);
        return reply;
    }

    @Test
    void rawWordsInvertTheDatasheetConversion() {
        assertEquals(0x6666, Sht4xChip.rawTemperature(25.0)); // (25 + 45) / 175 · 65535 = 26214
        assertEquals(0x8000, Sht4xChip.rawHumidity(56.5), 1);
        assertEquals(0, Sht4xChip.rawTemperature(-60), "clamped to the raw range");
    }

    @Test
    void aMeasurementIsReadableAfterItsMaximumTimeAndNotBefore() {
        chip.onWrite(new byte[] {(byte) 0xFD});

        assertThrows(I2cNack.class, () -> read(6), "the read header is not acknowledged while measuring");
        clock.advance(Duration.ofNanos(8_300_000));
        byte[] reply = read(6);

        int t = (reply[0] & 0xFF) << 8 | reply[1] & 0xFF;
        assertEquals(0x6666, t);
        assertEquals(SensirionCrc.of(t), reply[2] & 0xFF);
        assertThrows(I2cNack.class, () -> read(6), "read once: nothing more to send");
    }

    @Test
    void theSerialNumberComesAsTwoWordsWithCrcs() {
        chip.onWrite(new byte[] {(byte) 0x89});
        clock.advance(Duration.ofMillis(1));

        assertArrayEquals(SensirionCrc.encode(0x1234, 0x5678), read(6));
    }

    @Test
    void aHeaterPulseEndsWithAWarmerMeasurement() {
        chip.onWrite(new byte[] {0x32}); // 200 mW for 0.1 s
        clock.advance(Duration.ofMillis(50));
        assertThrows(I2cNack.class, () -> chip.onWrite(new byte[] {(byte) 0xFD}), "busy heating");
        clock.advance(Duration.ofMillis(60));
        byte[] reply = read(6);

        assertTrue(((reply[0] & 0xFF) << 8 | reply[1] & 0xFF) > 0x6666);
        assertEquals(1, chip.heaterPulses());
    }

    @Test
    void unknownCommandsAreNotAcknowledged() {
        assertThrows(I2cNack.class, () -> chip.onWrite(new byte[] {0x42}));
    }
}
