package io.streetgate.sim.chip.bh1750;

import io.streetgate.sim.ManualClock;
import io.streetgate.sim.bus.SimTime;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Bh1750ChipTest {

    final ManualClock clock = new ManualClock(Instant.parse("2024-01-10T08:00:00Z"));
    final AtomicReference<Double> lux = new AtomicReference<>(100.0);
    final Bh1750Chip chip = new Bh1750Chip(new SimTime(clock), at -> lux.get());

    void send(int... opcodes) {
        for (int opcode : opcodes) {
            chip.onWrite(new byte[] {(byte) opcode});
        }
    }

    int count() {
        byte[] reply = new byte[2];
        chip.onRead(reply);
        return (reply[0] & 0xFF) << 8 | (reply[1] & 0xFF);
    }

    @Test
    void countIsLuxTimes1Point2ScaledByMtregAndDoubledInMode2() {
        assertEquals(120, Bh1750Chip.rawFor(100, 69, false));
        assertEquals(240, Bh1750Chip.rawFor(100, 69, true));
        assertEquals(Math.round(100 * 1.2 * 138 / 69.0), Bh1750Chip.rawFor(100, 138, false));
        assertEquals(0xFFFF, Bh1750Chip.rawFor(1e6, 69, false), "clamped to 16 bits");
        assertEquals(0, Bh1750Chip.rawFor(-3, 69, false));
    }

    @Test
    void aReadBeforeTheMeasurementEndsGivesThePreviousResult() {
        send(0x01, 0x20);
        assertEquals(0, count(), "nothing measured yet");
        clock.advance(Duration.ofMillis(200));
        assertEquals(120, count());

        lux.set(50.0);
        send(0x01, 0x20);
        assertEquals(120, count(), "still the previous result");
        clock.advance(Duration.ofMillis(200));
        assertEquals(60, count());
    }

    @Test
    void mtregIsSetInTwoHalves() {
        send(0x01, 0x40 | (200 >> 5), 0x60 | (200 & 0x1F), 0x20);
        clock.advance(Duration.ofSeconds(1));

        assertEquals(Bh1750Chip.rawFor(100, 200, false), count());
    }

    @Test
    void resetIsIgnoredInPowerDownAndClearsTheResultWhenOn() {
        send(0x01, 0x20);
        clock.advance(Duration.ofMillis(200)); // one-time mode powers down after measuring
        send(0x07);
        assertEquals(120, count());
        send(0x01, 0x07);
        assertEquals(0, count());
    }

    @Test
    void continuousModeKeepsMeasuringWithTheLightAtEachConversionsStart() {
        Instant dusk = clock.instant().plusMillis(300);
        Bh1750Chip fading = new Bh1750Chip(new SimTime(clock), at -> at.isBefore(dusk) ? 100 : 10);
        fading.onWrite(new byte[] {0x01});
        fading.onWrite(new byte[] {0x10});
        byte[] reply = new byte[2];

        clock.advance(Duration.ofMillis(200)); // t=200: the first conversion (from t=0) ends, the next starts
        fading.onRead(reply);
        assertEquals(120, (reply[0] & 0xFF) << 8 | (reply[1] & 0xFF));
        clock.advance(Duration.ofMillis(200)); // t=400: the conversion from t=200 saw 100 lx
        fading.onRead(reply);
        assertEquals(120, (reply[0] & 0xFF) << 8 | (reply[1] & 0xFF));
        clock.advance(Duration.ofMillis(200)); // t=600: the one from t=400 saw 10 lx
        fading.onRead(reply);
        assertEquals(12, (reply[0] & 0xFF) << 8 | (reply[1] & 0xFF));
    }
}
