package io.streetgate.sim.chip.bme280;

import io.streetgate.sim.ManualClock;
import io.streetgate.sim.bus.SimTime;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Bme280ChipTest {

    final ManualClock clock = new ManualClock(Instant.parse("2024-01-10T08:00:00Z"));
    final Bme280Chip chip = new Bme280Chip(new SimTime(clock), at -> new Bme280Chip.Ambient(21.5, 40, 98_000),
            Bme280Trimming.SAMPLE);

    int read(int register) {
        chip.onWrite(new byte[] {(byte) register});
        byte[] one = new byte[1];
        chip.onRead(one);
        return one[0] & 0xFF;
    }

    byte[] burst(int register, int length) {
        chip.onWrite(new byte[] {(byte) register});
        byte[] data = new byte[length];
        chip.onRead(data);
        return data;
    }

    void write(int register, int value) {
        chip.onWrite(new byte[] {(byte) register, (byte) value});
    }

    void conversionTimePasses() {
        clock.advance(Duration.ofMillis(100));
    }

    @Test
    void answersWithItsChipIdAndTrimming() {
        assertEquals(0x60, read(0xD0));
        assertEquals(27504, (read(0x88)) | read(0x89) << 8);
        chip.variant(Bme280Chip.Variant.BMP280);
        assertEquals(0x58, read(0xD0));
    }

    @Test
    void startsInSleepWithDataRegistersAtTheirResetValues() {
        assertEquals(0x00, read(0xF4));
        byte[] data = burst(0xF7, 8);
        assertEquals(0x80, data[0] & 0xFF);
        assertEquals(0x80, data[3] & 0xFF);
        assertEquals(0x80, data[6] & 0xFF);
    }

    @Test
    void aForcedConversionMeasuresThenReturnsToSleep() {
        write(0xF2, 0b001);
        write(0xF4, 0b001_001_01);
        assertEquals(0x08, read(0xF3) & 0x08, "measuring");
        conversionTimePasses();

        assertEquals(0, read(0xF3) & 0x08);
        assertEquals(0b001_001_00, read(0xF4), "back in sleep mode");
        byte[] data = burst(0xF7, 8);
        int adcT = (data[3] & 0xFF) << 12 | (data[4] & 0xFF) << 4 | (data[5] & 0xFF) >> 4;
        Bme280Inversion model = new Bme280Inversion(Bme280Trimming.SAMPLE);
        assertEquals(21.5, model.temperature(adcT), 0.01);
        assertEquals(0, adcT & 0xF, "16-bit resolution at oversampling x1");
    }

    @Test
    void ctrlHumTakesEffectOnlyWithTheNextCtrlMeasWrite() {
        write(0xF4, 0b001_001_01); // humidity oversampling still 0: skipped
        conversionTimePasses();
        byte[] skipped = burst(0xFD, 2);
        assertEquals(0x8000, (skipped[0] & 0xFF) << 8 | (skipped[1] & 0xFF));

        write(0xF2, 0b001);
        write(0xF4, 0b001_001_01);
        conversionTimePasses();
        byte[] data = burst(0xF7, 8);
        int adcT = (data[3] & 0xFF) << 12 | (data[4] & 0xFF) << 4 | (data[5] & 0xFF) >> 4;
        int adcH = (data[6] & 0xFF) << 8 | (data[7] & 0xFF);
        Bme280Inversion model = new Bme280Inversion(Bme280Trimming.SAMPLE);
        assertEquals(40, model.humidity(adcH, model.tFine(adcT)), 0.01);
    }

    @Test
    void softResetClearsTheControlRegisters() {
        write(0xF2, 0b101);
        write(0xF4, 0b101_101_00);
        write(0xE0, 0xB6);

        assertEquals(0, read(0xF2));
        assertEquals(0, read(0xF4));
    }

    @Test
    void stuckKeepsTheLastResult() {
        chip.holdRaw(500_000, 400_000, 30_000);
        write(0xF2, 1);
        write(0xF4, 0b001_001_01);
        conversionTimePasses();
        chip.setStuck(true);
        chip.holdRaw(600_000, 300_000, 20_000);
        write(0xF4, 0b001_001_01);
        conversionTimePasses();

        byte[] data = burst(0xF7, 8);
        assertEquals(500_000, (data[3] & 0xFF) << 12 | (data[4] & 0xFF) << 4 | (data[5] & 0xFF) >> 4);
    }
}
