package io.streetgate.drivers.pi4j.bme280;

/**
 * The BME280's integer compensation, as given in datasheet BST-BME280-DS002 section 4.2.3 (temperature in
 * 32-bit integers giving 0.01 °C and t_fine, pressure in 64-bit integers giving Pa in Q24.8, humidity in
 * 32-bit integers giving %RH in Q22.10). Java's int and long arithmetic wraps and shifts as the
 * datasheet's signed C types do, so the results match the reference bit for bit. Temperature first: pressure
 * and humidity need its t_fine.
 */
public final class Bme280Compensation {

    private final Bme280Calibration c;

    public Bme280Compensation(Bme280Calibration calibration) {
        this.c = calibration;
    }

    /** BME280_compensate_T_int32's t_fine: the fine temperature that pressure and humidity use. */
    public int tFine(int adcT) {
        int var1 = (((adcT >> 3) - (c.t1() << 1)) * c.t2()) >> 11;
        int dt = (adcT >> 4) - c.t1();
        int var2 = (((dt * dt) >> 12) * c.t3()) >> 14;
        return var1 + var2;
    }

    /** BME280_compensate_T_int32: temperature in 0.01 °C (5123 is 51.23 °C). */
    public static int centiCelsius(int tFine) {
        return (tFine * 5 + 128) >> 8;
    }

    /** BME280_compensate_P_int64: pressure in Pa as Q24.8 (24674867 is 24674867/256 = 96386.2 Pa); 0 if P1 is 0. */
    public long pressureQ8(int adcP, int tFine) {
        long var1 = (long) tFine - 128000;
        long var2 = var1 * var1 * c.p6();
        var2 = var2 + ((var1 * c.p5()) << 17);
        var2 = var2 + ((long) c.p4() << 35);
        var1 = ((var1 * var1 * c.p3()) >> 8) + ((var1 * c.p2()) << 12);
        var1 = (((1L << 47) + var1) * c.p1()) >> 33;
        if (var1 == 0) {
            return 0; // avoids a division by zero
        }
        long p = 1048576 - adcP;
        p = (((p << 31) - var2) * 3125) / var1;
        var1 = ((long) c.p9() * (p >> 13) * (p >> 13)) >> 25;
        var2 = ((long) c.p8() * p) >> 19;
        return ((p + var1 + var2) >> 8) + ((long) c.p7() << 4);
    }

    /** bme280_compensate_H_int32: relative humidity in % as Q22.10 (47445 is 47445/1024 = 46.333 %RH), 0..100 %. */
    public int humidityQ10(int adcH, int tFine) {
        int x = tFine - 76800;
        x = ((((adcH << 14) - (c.h4() << 20) - (c.h5() * x)) + 16384) >> 15)
                * (((((((x * c.h6()) >> 10) * (((x * c.h3()) >> 11) + 32768)) >> 10) + 2097152) * c.h2() + 8192) >> 14);
        x = x - (((((x >> 15) * (x >> 15)) >> 7) * c.h1()) >> 4);
        x = Math.max(0, Math.min(419430400, x));
        return x >> 12;
    }

    /** Temperature in °C. */
    public double celsius(int adcT) {
        return centiCelsius(tFine(adcT)) / 100.0;
    }

    /** Pressure in Pa. */
    public double pascal(int adcP, int tFine) {
        return pressureQ8(adcP, tFine) / 256.0;
    }

    /** Relative humidity in %. */
    public double percentRh(int adcH, int tFine) {
        return humidityQ10(adcH, tFine) / 1024.0;
    }
}
