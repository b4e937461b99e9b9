package io.streetgate.sim.chip.bme280;

import io.streetgate.sim.bus.I2cChip;
import io.streetgate.sim.bus.SimTime;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * A Bosch BME280 at register level (datasheet BST-BME280-DS002 section 5: memory map table 18, register
 * descriptions 5.4): chip id, soft reset, trimming NVM, ctrl_hum / ctrl_meas / config, the status bits and
 * the data registers, with sleep, forced and normal modes. Raw values come from {@link Bme280Inversion} for
 * the ambient conditions at the start of each conversion, at the resolution the oversampling gives.
 * Also answers as a BMP280 (id 0x58, no humidity) to test that drivers refuse the wrong part.
 */
public final class Bme280Chip implements I2cChip {

    /** The chip's inputs: temperature °C, relative humidity %, pressure Pa. */
    public record Ambient(double temperature, double humidity, double pressure) {
    }

    /** What answers at the address. */
    public enum Variant {
        BME280(0x60), BMP280(0x58);

        final int chipId;

        Variant(int chipId) {
            this.chipId = chipId;
        }
    }

    // Register addresses, datasheet section 5.3 table 18.
    static final int REG_TRIM_LOW = 0x88;
    static final int REG_TRIM_LOW_END = 0xA1;
    static final int REG_ID = 0xD0;
    static final int REG_RESET = 0xE0;
    static final int REG_TRIM_HIGH = 0xE1;
    static final int REG_TRIM_HIGH_END = 0xE7;
    static final int REG_CTRL_HUM = 0xF2;
    static final int REG_STATUS = 0xF3;
    static final int REG_CTRL_MEAS = 0xF4;
    static final int REG_CONFIG = 0xF5;
    static final int REG_DATA = 0xF7;
    static final int REG_DATA_END = 0xFE;
    /** Writing this to the reset register resets the chip (section 5.4.2). */
    static final int RESET_WORD = 0xB6;
    /** Start-up time t_startup: NVM is copied to the image registers within 2 ms (section 1, general specification). */
    static final Duration START_UP = Duration.ofMillis(2);
    /** Oversampling factors of the osrs codes 0..5 (sections 5.4.3 and 5.4.5); 0 skips the measurement. */
    private static final int[] OVERSAMPLING = {0, 1, 2, 4, 8, 16, 16, 16};
    /** Standby times of t_sb codes 0..7 in normal mode, ms (section 5.4.6). */
    private static final double[] STANDBY_MS = {0.5, 62.5, 125, 250, 500, 1000, 10, 20};

    private final SimTime time;
    private final Function<Instant, Ambient> ambient;
    private final Bme280Trimming trimming;
    private final Bme280Inversion inversion;
    private volatile Variant variant;

    private int pointer;
    private int ctrlHum;
    private int ctrlMeas;
    private int config;
    private int osrsHumidityLatched;
    private final byte[] data = new byte[8];
    private SimTime.Stamp resetAt;
    private SimTime.Stamp conversionStart;
    private Duration conversionTime;
    private boolean converting;
    private boolean stuck;
    private int[] heldRaw;

    public Bme280Chip(SimTime time, Function<Instant, Ambient> ambient, Bme280Trimming trimming) {
        this.time = Objects.requireNonNull(time, "time");
        this.ambient = Objects.requireNonNull(ambient, "ambient");
        this.trimming = Objects.requireNonNull(trimming, "trimming");
        this.inversion = new Bme280Inversion(trimming);
        this.variant = Variant.BME280;
        powerCycle();
    }

    public Bme280Trimming trimming() {
        return trimming;
    }

    /** Makes the chip answer as another part from now on (a BMP280 fitted instead of a BME280). */
    public synchronized void variant(Variant newVariant) {
        this.variant = Objects.requireNonNull(newVariant, "variant");
    }

    /**
     * Makes every following conversion report these raw ADC values instead of the ambient's (for checking
     * a driver against known datasheet values); {@link #releaseRaw()} goes back to the ambient.
     */
    public synchronized void holdRaw(int adcTemperature, int adcPressure, int adcHumidity) {
        update();
        heldRaw = new int[] {adcTemperature, adcPressure, adcHumidity};
    }

    public synchronized void releaseRaw() {
        update();
        heldRaw = null;
    }

    @Override
    public synchronized void powerCycle() {
        pointer = 0;
        ctrlHum = 0;
        ctrlMeas = 0;
        config = 0;
        osrsHumidityLatched = 0;
        converting = false;
        // reset values of the data registers: 0x80000 for P and T, 0x8000 for H (table 18)
        data[0] = (byte) 0x80;
        data[1] = 0;
        data[2] = 0;
        data[3] = (byte) 0x80;
        data[4] = 0;
        data[5] = 0;
        data[6] = (byte) 0x80;
        data[7] = 0;
        resetAt = time.stamp();
    }

    @Override
    public synchronized void setStuck(boolean stuck) {
        update(); // a conversion that ended before the fault still lands
        this.stuck = stuck;
    }

    @Override
    public synchronized void onWrite(byte[] bytes) {
        update();
        // I2C writes are (register address, data) pairs; a lone address only sets the read pointer (5.2.1)
        for (int i = 0; i < bytes.length; i += 2) {
            pointer = bytes[i] & 0xFF;
            if (i + 1 < bytes.length) {
                writeRegister(pointer, bytes[i + 1] & 0xFF);
            }
        }
    }

    @Override
    public synchronized void onRead(byte[] reply) {
        update();
        for (int i = 0; i < reply.length; i++) {
            reply[i] = (byte) readRegister(pointer);
            pointer = (pointer + 1) & 0xFF; // reads auto-increment (5.2.2)
        }
    }

    private void writeRegister(int register, int value) {
        switch (register) {
            case REG_RESET -> {
                if (value == RESET_WORD) {
                    powerCycle();
                }
            }
            case REG_CTRL_HUM -> ctrlHum = value & 0x07;
            case REG_CTRL_MEAS -> {
                ctrlMeas = value;
                osrsHumidityLatched = ctrlHum; // ctrl_hum takes effect only now (5.4.3)
                int mode = value & 0x03;
                if (mode == 0b01 || mode == 0b10 || mode == 0b11) {
                    startConversion();
                } else {
                    converting = false;
                }
            }
            case REG_CONFIG -> config = value & 0xFD; // bit 1 is reserved
            default -> { } // read-only or reserved: writes are ignored
        }
    }

    private int readRegister(int register) {
        boolean humidityFitted = variant == Variant.BME280;
        if (register >= REG_TRIM_LOW && register <= REG_TRIM_LOW_END) {
            return trimming.lowBlock()[register - REG_TRIM_LOW] & 0xFF;
        }
        if (register >= REG_TRIM_HIGH && register <= REG_TRIM_HIGH_END) {
            return humidityFitted ? trimming.highBlock()[register - REG_TRIM_HIGH] & 0xFF : 0;
        }
        if (register >= REG_DATA && register <= REG_DATA_END) {
            return register >= 0xFD && !humidityFitted ? 0 : data[register - REG_DATA] & 0xFF;
        }
        return switch (register) {
            case REG_ID -> variant.chipId;
            case REG_CTRL_HUM -> humidityFitted ? ctrlHum : 0;
            case REG_STATUS -> (converting ? 0x08 : 0) | (time.hasElapsed(resetAt, START_UP) ? 0 : 0x01);
            case REG_CTRL_MEAS -> ctrlMeas;
            case REG_CONFIG -> config;
            default -> 0;
        };
    }

    private void startConversion() {
        conversionStart = time.stamp();
        conversionTime = typicalMeasurementTime();
        converting = true;
    }

    /** Completes a conversion whose time has come; in normal mode starts the next one after t_standby. */
    private void update() {
        if (!converting || !time.hasElapsed(conversionStart, conversionTime)) {
            return;
        }
        if (!stuck) {
            latch(conversionStart.at());
        }
        int mode = ctrlMeas & 0x03;
        if (mode == 0b11) {
            // normal mode: the next conversion starts after the standby time (3.3.3, 5.4.6)
            conversionStart = time.stamp();
            conversionTime = typicalMeasurementTime().plusNanos((long) (STANDBY_MS[config >> 5] * 1_000_000));
        } else {
            converting = false;
            ctrlMeas &= ~0x03; // forced mode returns to sleep when done (3.3.2)
        }
    }

    private void latch(Instant at) {
        int osrsT = OVERSAMPLING[(ctrlMeas >> 5) & 0x07];
        int osrsP = OVERSAMPLING[(ctrlMeas >> 2) & 0x07];
        int osrsH = OVERSAMPLING[osrsHumidityLatched & 0x07];
        boolean filtered = ((config >> 2) & 0x07) != 0; // with the IIR filter on, T and P have 20 bits (3.4.2, 3.4.3)
        int rawT;
        int rawP;
        int rawH;
        if (heldRaw != null) {
            rawT = heldRaw[0];
            rawP = heldRaw[1];
            rawH = heldRaw[2];
        } else {
            Ambient a = ambient.apply(at);
            // the chip's operating range (table 1): -40..85 °C, 300..1100 hPa, 0..100 %RH
            double celsius = clamp(a.temperature(), -40, 85);
            rawT = inversion.rawTemperature(celsius, filtered ? 20 : resolutionBits(osrsT == 0 ? 1 : osrsT));
            int tFine = inversion.tFine(rawT);
            rawP = inversion.rawPressure(clamp(a.pressure(), 30_000, 110_000), tFine,
                    filtered ? 20 : resolutionBits(osrsP == 0 ? 1 : osrsP));
            rawH = inversion.rawHumidity(clamp(a.humidity(), 0, 100), tFine);
        }
        // a skipped measurement keeps its reset value 0x80000 / 0x8000 (sections 3.5.x, 5.4.7-5.4.9)
        if (osrsP > 0) {
            put20(0, rawP);
        } else {
            put20(0, 0x80000);
        }
        if (osrsT > 0) {
            put20(3, rawT);
        } else {
            put20(3, 0x80000);
        }
        int h = osrsH > 0 ? rawH : 0x8000;
        data[6] = (byte) (h >> 8);
        data[7] = (byte) h;
    }

    /** 16 bits at ×1, one more per doubling, 20 at ×16 (sections 3.4.2 and 3.4.3). */
    private static int resolutionBits(int oversampling) {
        return 16 + Integer.numberOfTrailingZeros(oversampling);
    }

    /** msb, lsb, xlsb[7:4] (section 5.4.7 and 5.4.8). */
    private void put20(int offset, int raw) {
        data[offset] = (byte) (raw >> 12);
        data[offset + 1] = (byte) (raw >> 4);
        data[offset + 2] = (byte) ((raw & 0x0F) << 4);
    }

    /** Typical measurement time (datasheet section 9.1): 1 + 2·osT + (2·osP + 0.5) + (2·osH + 0.5) ms. */
    private Duration typicalMeasurementTime() {
        int osT = OVERSAMPLING[(ctrlMeas >> 5) & 0x07];
        int osP = OVERSAMPLING[(ctrlMeas >> 2) & 0x07];
        int osH = variant == Variant.BME280 ? OVERSAMPLING[osrsHumidityLatched & 0x07] : 0;
        double ms = 1 + 2.0 * osT + (osP > 0 ? 2.0 * osP + 0.5 : 0) + (osH > 0 ? 2.0 * osH + 0.5 : 0);
        return Duration.ofNanos((long) (ms * 1_000_000));
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }
}
