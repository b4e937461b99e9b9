package io.streetgate.uplink.payload;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;

/**
 * The resolution each quantity's summaries keep in the lean format: a power of ten no coarser than the finest
 * output step of the sensors the gateway reads for it, so that rounding loses nothing the sensor had. A quantity
 * without a stated resolution keeps {@link #SIGNIFICANT_DIGITS} significant digits: a step under 1e-5 of the value,
 * finer than a 16-bit converter's step of its full scale (1 in 65 536) for any value within that scale.
 */
public final class Resolutions {

    public static final int SIGNIFICANT_DIGITS = 6;

    /** Decimal places by quantity. */
    private static final Map<String, Integer> DECIMALS = Map.of(
            // Bosch BME280 datasheet (BST-BME280-DS002), section 1 "Specification": temperature output
            // resolution 0.01 degC; the SHT4x and SCD4x report no finer
            "temperature", 2,
            // BME280 datasheet section 1: humidity resolution 0.008 %RH; kept to 0.001
            "humidity", 3,
            // BME280 datasheet section 1: pressure resolution 0.18 Pa (ultra high resolution); kept to 0.1 Pa
            "pressure", 1,
            // Sensirion SCD4x datasheet, read_measurement: CO2 is a whole number of ppm
            "co2", 0,
            // Vishay VEML7700 datasheet: 0.0036 lx per count at its highest gain and integration time (the
            // BH1750's finest is 0.5 lx); kept to 0.001 lx
            "illuminance", 3,
            // the class 1 sound level meter's register map (drivers-modbus maps/sound-level-meter.yaml): 0.1 dB
            "sound_level", 1);

    private Resolutions() {
    }

    /** The resolution of a quantity's values, or 0 when it keeps significant digits instead. */
    public static double of(String quantity) {
        Integer d = DECIMALS.get(quantity);
        return d == null ? 0 : Math.pow(10, -d);
    }

    /**
     * The value kept to the resolution: the nearest multiple of it (a power of ten), or for resolution 0 the value
     * to {@link #SIGNIFICANT_DIGITS} significant digits.
     */
    public static BigDecimal round(double v, double resolution) {
        BigDecimal exact = BigDecimal.valueOf(v);
        if (resolution <= 0) {
            return exact.round(new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN));
        }
        int decimals = (int) Math.round(-Math.log10(resolution));
        return exact.setScale(decimals, RoundingMode.HALF_EVEN);
    }
}
