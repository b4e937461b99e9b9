package io.streetgate.drivers.pi4j.bh1750;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Bh1750LuxTest {

    @Test
    void luxIsTheCountOver1Point2AtTheDefaultMtreg() {
        assertEquals(0, Bh1750Driver.lux(0, 69, Resolution.HIGH));
        assertEquals(1 / 1.2, Bh1750Driver.lux(1, 69, Resolution.HIGH), 1e-12);
        assertEquals(100, Bh1750Driver.lux(120, 69, Resolution.HIGH), 1e-12);
        assertEquals(54612.5, Bh1750Driver.lux(0xFFFF, 69, Resolution.HIGH), 1e-9);
    }

    @Test
    void aLongerMtregAndHighResolution2MeanMoreCountsPerLux() {
        assertEquals(50, Bh1750Driver.lux(120, 138, Resolution.HIGH), 1e-12);
        assertEquals(50, Bh1750Driver.lux(120, 69, Resolution.HIGH2), 1e-12);
        // the datasheet's finest setting: MTreg 254 in mode 2 gives about 0.11 lx per count
        assertEquals(0.1132, Bh1750Driver.lux(1, 254, Resolution.HIGH2), 1e-4);
    }

    @Test
    void measurementTimesScaleWithMtreg() {
        assertEquals(Duration.ofMillis(180), Resolution.HIGH.maxMeasurementTime(69));
        assertEquals(Duration.ofMillis(360), Resolution.HIGH.maxMeasurementTime(138));
        assertEquals(Duration.ofMillis(24), Resolution.LOW.maxMeasurementTime(69));
    }
}
