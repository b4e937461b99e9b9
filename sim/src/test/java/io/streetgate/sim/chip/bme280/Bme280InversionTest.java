package io.streetgate.sim.chip.bme280;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Bme280InversionTest {

    final Bme280Inversion inversion = new Bme280Inversion(Bme280Trimming.SAMPLE);

    @Test
    void theForwardModelGivesTheDatasheetExample() {
        // BMP280 datasheet section 3.12: adc_T 519888 -> 25.08 °C, adc_P 415148 -> 100653.27 Pa (double precision)
        assertEquals(25.08, inversion.temperature(519888), 0.005);
        assertEquals(128422, inversion.tFine(519888), 1);
        // the table carries t_fine unrounded (128422.29); the routine truncates it, which moves p by 0.012 Pa
        assertEquals(100653.27, inversion.pressure(415148, inversion.tFine(519888)), 0.02);
    }

    @Test
    void temperatureRoundTripsOverTheWholeRangeAtEveryResolution() {
        for (int bits = 16; bits <= 20; bits++) {
            for (double target = -40; target <= 85; target += 0.37) {
                int raw = inversion.rawTemperature(target, bits);
                assertEquals(0, raw % (1 << (20 - bits)), "a " + bits + "-bit value ends in zeros");
                // one ADC step is about 0.005 °C at 16 bits (datasheet section 3.4.3): the nearest is within half a step or so
                assertEquals(target, inversion.temperature(raw), 0.0051 / (1 << (bits - 16)) + 1e-9,
                        "target " + target + " at " + bits + " bits");
            }
        }
    }

    @Test
    void pressureRoundTripsFrom300To1100HectopascalAtSeveralTemperatures() {
        for (double celsius : new double[] {-40, -5, 20, 60, 85}) {
            int tFine = inversion.tFine(inversion.rawTemperature(celsius, 20));
            for (double target = 30_000; target <= 110_000; target += 733) {
                int raw16 = inversion.rawPressure(target, tFine, 16);
                int raw20 = inversion.rawPressure(target, tFine, 20);
                // about 2.6 Pa per step at 16 bits and 0.16 Pa at 20 bits (datasheet section 3.4.2)
                assertEquals(target, inversion.pressure(raw16, tFine), 1.6, "16-bit at " + celsius + " °C");
                assertEquals(target, inversion.pressure(raw20, tFine), 0.11, "20-bit at " + celsius + " °C");
            }
        }
    }

    @Test
    void humidityRoundTripsFrom0To100PercentAtSeveralTemperatures() {
        for (double celsius : new double[] {-40, 0, 25, 60, 85}) {
            int tFine = inversion.tFine(inversion.rawTemperature(celsius, 20));
            for (double target = 0; target <= 100; target += 0.9) {
                int raw = inversion.rawHumidity(target, tFine);
                assertTrue(raw >= 0 && raw <= 0xFFFF);
                assertEquals(target, inversion.humidity(raw, tFine), 0.01, "at " + celsius + " °C");
            }
        }
    }
}
