package io.streetgate.drivers.pi4j.bme280;

import io.streetgate.sim.chip.bme280.Bme280Inversion;
import io.streetgate.sim.chip.bme280.Bme280Trimming;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Bme280CompensationTest {

    /** T and P trimming of the worked example in the BMP280 datasheet (section 3.12); H of a typical part. */
    static final Bme280Calibration SAMPLE = new Bme280Calibration(
            27504, 26435, -1000,
            36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000,
            75, 362, 0, 313, 50, 30);

    final Bme280Compensation compensation = new Bme280Compensation(SAMPLE);

    @Test
    void theDatasheetExampleGives25Point08DegreesAnd100653Pascal() {
        int tFine = compensation.tFine(519888);

        assertEquals(128422, tFine);
        assertEquals(2508, Bme280Compensation.centiCelsius(tFine));
        // 25767233 / 256 = 100653.254 Pa; the table's 100653.27 carries t_fine unrounded (128422.29)
        assertEquals(25767233, compensation.pressureQ8(415148, tFine));
        assertEquals(100653.27, compensation.pressureQ8(415148, tFine) / 256.0, 0.02);
    }

    @Test
    void pressureIsZeroRatherThanADivisionByZeroWhenP1IsZero() {
        Bme280Calibration erased = new Bme280Calibration(27504, 26435, -1000, 0, -10685, 3024, 2855, 140, -7,
                15500, -14600, 6000, 75, 362, 0, 313, 50, 30);
        assertEquals(0, new Bme280Compensation(erased).pressureQ8(415148, 128422));
    }

    @Test
    void humidityIsClampedTo0And100Percent() {
        int tFine = compensation.tFine(519888);
        assertEquals(0, compensation.humidityQ10(0, tFine));
        assertEquals(100 * 1024, compensation.humidityQ10(0xFFFF, tFine));
    }

    @Test
    void theIntegerRoutinesAgreeWithTheDoubleOnesOverTheWholeRange() {
        // section 4.2.3 (integer) against section 8.1 (double, in the simulator): two readings of one datasheet
        Bme280Inversion doubles = new Bme280Inversion(Bme280Trimming.SAMPLE);
        for (int adcT = 300_000; adcT <= 700_000; adcT += 997) {
            int tFine = compensation.tFine(adcT);
            assertEquals(doubles.temperature(adcT), Bme280Compensation.centiCelsius(tFine) / 100.0, 0.01);
            for (int adcP = 200_000; adcP <= 600_000; adcP += 49_999) {
                assertEquals(doubles.pressure(adcP, tFine), compensation.pascal(adcP, tFine), 0.05);
            }
            for (int adcH = 0; adcH <= 0xFFFF; adcH += 4_999) {
                assertEquals(doubles.humidity(adcH, tFine), compensation.percentRh(adcH, tFine), 0.02);
            }
        }
    }

    @Test
    void trimmingBlocksParseLittleEndianWithH4AndH5Sharing0xE5() {
        Bme280Trimming odd = new Bme280Trimming(27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500,
                -14600, 6000, 75, -300, 200, -2048, 0x7AB, -5);

        Bme280Calibration parsed = Bme280Calibration.parse(odd.lowBlock(), odd.highBlock());

        assertEquals(new Bme280Calibration(27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500,
                -14600, 6000, 75, -300, 200, -2048, 0x7AB, -5), parsed);
        assertTrue(parsed.problems().isEmpty());
    }

    @Test
    void anErasedOrUnreadableNvmIsReported() {
        byte[] ff = new byte[26];
        java.util.Arrays.fill(ff, (byte) 0xFF);
        byte[] ffHigh = new byte[7];
        java.util.Arrays.fill(ffHigh, (byte) 0xFF);

        assertEquals(4, Bme280Calibration.parse(new byte[26], new byte[7]).problems().size());
        assertEquals(4, Bme280Calibration.parse(ff, ffHigh).problems().size());
    }

    @Test
    void aConversionAtX1EverywhereTakesAtMost9Point3Milliseconds() {
        // datasheet section 9.1: 1.25 + 2.3 + (2.3 + 0.575) + (2.3 + 0.575)
        assertEquals(9_300_000, Bme280Timing.maxMeasurementTime(Oversampling.X1, Oversampling.X1, Oversampling.X1).toNanos());
        assertEquals(3_550_000, Bme280Timing.maxMeasurementTime(Oversampling.X1, Oversampling.SKIP, Oversampling.SKIP).toNanos());
        assertEquals(112_800_000, Bme280Timing.maxMeasurementTime(Oversampling.X16, Oversampling.X16, Oversampling.X16).toNanos());
    }
}
