package io.streetgate.sim.chip.bme280;

/**
 * Finds the raw ADC values a BME280 with given trimming reports for a target temperature, pressure and
 * humidity, by inverting the datasheet's compensation. The forward model is the double-precision
 * compensation of datasheet BST-BME280-DS002 section 8.1 (the drivers use the integer one of section 4.2.3,
 * so each checks the other); each output is monotonic in its raw value, so a binary search over the raw
 * values the ADC can produce finds the nearest.
 */
public final class Bme280Inversion {

    /** Highest 20-bit temperature or pressure value and 16-bit humidity value. */
    static final int MAX_RAW_TP = (1 << 20) - 1;
    static final int MAX_RAW_H = (1 << 16) - 1;

    private final Bme280Trimming c;

    public Bme280Inversion(Bme280Trimming trimming) {
        this.c = trimming;
    }

    /** Section 8.1, BME280_compensate_T_double: the fine temperature carried into P and H. */
    public int tFine(int adcT) {
        double var1 = (adcT / 16384.0 - c.t1() / 1024.0) * c.t2();
        double x = adcT / 131072.0 - c.t1() / 8192.0;
        double var2 = x * x * c.t3();
        return (int) (var1 + var2);
    }

    /** Section 8.1: temperature in °C. */
    public double temperature(int adcT) {
        double var1 = (adcT / 16384.0 - c.t1() / 1024.0) * c.t2();
        double x = adcT / 131072.0 - c.t1() / 8192.0;
        return (var1 + x * x * c.t3()) / 5120.0;
    }

    /** Section 8.1, BME280_compensate_P_double: pressure in Pa. */
    public double pressure(int adcP, int tFine) {
        double var1 = tFine / 2.0 - 64000.0;
        double var2 = var1 * var1 * c.p6() / 32768.0;
        var2 = var2 + var1 * c.p5() * 2.0;
        var2 = var2 / 4.0 + c.p4() * 65536.0;
        var1 = (c.p3() * var1 * var1 / 524288.0 + c.p2() * var1) / 524288.0;
        var1 = (1.0 + var1 / 32768.0) * c.p1();
        if (var1 == 0.0) {
            return 0;
        }
        double p = 1048576.0 - adcP;
        p = (p - var2 / 4096.0) * 6250.0 / var1;
        var1 = c.p9() * p * p / 2147483648.0;
        var2 = p * c.p8() / 32768.0;
        return p + (var1 + var2 + c.p7()) / 16.0;
    }

    /** Section 8.1, bme280_compensate_H_double: relative humidity in %, clamped to 0..100. */
    public double humidity(int adcH, int tFine) {
        double h = tFine - 76800.0;
        h = (adcH - (c.h4() * 64.0 + c.h5() / 16384.0 * h))
                * (c.h2() / 65536.0 * (1.0 + c.h6() / 67108864.0 * h * (1.0 + c.h3() / 67108864.0 * h)));
        h = h * (1.0 - c.h1() * h / 524288.0);
        return Math.max(0, Math.min(100, h));
    }

    /**
     * The raw temperature nearest to a target, among the values an ADC of {@code bits} resolution gives
     * (16 + oversampling steps: datasheet section 3.4.3; the 20-bit word then ends in zeros).
     */
    public int rawTemperature(double celsius, int bits) {
        return nearest(bits, MAX_RAW_TP, true, celsius, this::temperature);
    }

    /** The raw pressure nearest to a target in Pa, at the temperature that gave {@code tFine}. */
    public int rawPressure(double pascal, int tFine, int bits) {
        return nearest(bits, MAX_RAW_TP, false, pascal, raw -> pressure(raw, tFine));
    }

    /** The raw humidity nearest to a target in %RH, at the temperature that gave {@code tFine}. */
    public int rawHumidity(double percent, int tFine) {
        return nearest(16, MAX_RAW_H, true, percent, raw -> humidity(raw, tFine));
    }

    private interface Forward {
        double value(int raw);
    }

    private static int nearest(int bits, int maxRaw, boolean increasing, double target, Forward forward) {
        int fullBits = Integer.bitCount(maxRaw);
        int step = 1 << (fullBits - bits);
        int low = 0;
        int high = maxRaw / step;
        // smallest grid index whose value has passed the target (in the direction of growth)
        while (low < high) {
            int mid = (low + high) >>> 1;
            double v = forward.value(mid * step);
            boolean passed = increasing ? v >= target : v <= target;
            if (passed) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        int best = low;
        if (low > 0 && Math.abs(forward.value((low - 1) * step) - target) <= Math.abs(forward.value(low * step) - target)) {
            best = low - 1;
        }
        return best * step;
    }
}
