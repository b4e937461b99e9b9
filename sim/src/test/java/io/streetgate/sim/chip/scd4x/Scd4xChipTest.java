package io.streetgate.sim.chip.scd4x;

import io.streetgate.sim.ManualClock;
import io.streetgate.sim.bus.I2cNack;
import io.streetgate.sim.bus.SimTime;
import io.streetgate.sim.chip.sensirion.SensirionCrc;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Scd4xChipTest {

    final ManualClock clock = new ManualClock(Instant.parse("2024-01-10T08:00:00Z"));
    final Scd4xChip chip = new Scd4xChip(new SimTime(clock, () -> 0L), Scd4xChip.Variant.SCD40, at -> 655, at -> 21.0,
            at -> 40.0, 0xABCD_EF01_2345L);

    void command(int code, int... args) {
        byte[] frame = new byte[2 + 3 * args.length];
        frame[0] = (byte) (code >> 8);
        frame[1] = (byte) code;
        System.arraycopy(SensirionCrc.encode(args), 0, frame, 2, 3 * args.length);
        chip.onWrite(frame);
    }

    int[] words(int count) {
        byte[] reply = new byte[3 * count];
        chip.onRead(reply);
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            words[i] = (reply[3 * i] & 0xFF) << 8 | reply[3 * i + 1] & 0xFF;
            assertEquals(SensirionCrc.of(words[i]), reply[3 * i + 2] & 0xFF);
        }
        return words;
    }

    @Test
    void periodicMeasurementGivesAResultEveryFiveSecondsWithDataReadyInTheLow11Bits() {
        command(0x21B1);
        command(0xE4B8);
        clock.advance(Duration.ofMillis(1));
        assertEquals(0, words(1)[0] & 0x07FF);

        clock.advance(Duration.ofSeconds(5));
        command(0xE4B8);
        clock.advance(Duration.ofMillis(1));
        assertTrue((words(1)[0] & 0x07FF) != 0);
        command(0xEC05);
        clock.advance(Duration.ofMillis(1));
        int[] m = words(3);

        assertEquals(655, m[0]);
        assertEquals(21.0, -45 + 175.0 * m[1] / 65535, 0.01); // 4 K self-heating minus the 4 Cel default offset
        assertEquals(40.0, 100.0 * m[2] / 65535, 0.002);
    }

    @Test
    void configurationIsRefusedWhileMeasuringAndAcceptedAfterStop() {
        command(0x21B1);

        assertThrows(I2cNack.class, () -> command(0x2427, 350));
        command(0x3F86);
        assertThrows(I2cNack.class, () -> command(0x2427, 350), "listens again only 500 ms after stop");
        clock.advance(Duration.ofMillis(500));
        command(0x2427, 350);
        assertEquals(350, chip.altitude());
        assertFalse(chip.measuringPeriodically());
    }

    @Test
    void anArgumentWithAWrongCrcIsNotAcknowledged() {
        assertThrows(I2cNack.class, () -> chip.onWrite(new byte[] {0x24, 0x27, 0x01, 0x5E, 0x00}));
    }

    @Test
    void theSerialNumberIsThreeWords() {
        command(0x3682);
        clock.advance(Duration.ofMillis(1));

        assertArrayEquals(new int[] {0xABCD, 0xEF01, 0x2345}, words(3));
    }

    @Test
    void settingsLastUntilPowerIsLostUnlessPersisted() {
        command(0x2427, 120);
        clock.advance(Duration.ofMillis(1));
        chip.powerCycle();
        assertEquals(0, chip.altitude());

        command(0x2427, 120);
        clock.advance(Duration.ofMillis(1));
        command(0x3615);
        clock.advance(Duration.ofMillis(800));
        chip.powerCycle();
        assertEquals(120, chip.altitude());
        assertEquals(1, chip.persistCount());
    }

    @Test
    void singleShotIsAnScd41Command() {
        assertThrows(I2cNack.class, () -> command(0x219D));
    }
}
