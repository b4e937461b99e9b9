package io.streetgate.sim.chip.ads1115;

import io.streetgate.sim.bus.I2cChip;
import io.streetgate.sim.bus.SimTime;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A TI ADS1115 16-bit ADC at register level (ADS111x datasheet, section 8.6 "Register Map"): the address
 * pointer, the conversion register, the config register (OS, MUX, PGA, MODE, DR, comparator bits) with its
 * reset value 0x8583, the threshold registers; big-endian. A single-shot conversion takes 1/DR and OS reads 0
 * until it ends; continuous mode converts all the time. Results are two's complement, one LSB = FSR/32768,
 * clipped at full scale. Each of the four inputs follows its own source of volts (an analog sound level
 * meter's output, say); unconnected inputs read 0 V.
 */
public final class Ads1115Chip implements I2cChip {

    static final int CONVERSION = 0x00;
    static final int CONFIG = 0x01;
    static final int LO_THRESH = 0x02;
    static final int HI_THRESH = 0x03;
    static final int CONFIG_RESET = 0x8583;
    /** Full-scale ranges of PGA codes 0..7, volts (codes 6 and 7 are also ±0.256 V). */
    private static final double[] FSR = {6.144, 4.096, 2.048, 1.024, 0.512, 0.256, 0.256, 0.256};
    /** Data rates of DR codes 0..7, samples per second. */
    private static final int[] SPS = {8, 16, 32, 64, 128, 250, 475, 860};

    private final SimTime time;
    private final ToDoubleFunction<Instant>[] inputs;

    private int pointer;
    private int config;
    private int loThresh;
    private int hiThresh;
    private int conversion;
    private SimTime.Stamp conversionStart;
    private boolean converting;
    private boolean stuck;
    private long conversions;

    @SuppressWarnings("unchecked")
    public Ads1115Chip(SimTime time) {
        this.time = Objects.requireNonNull(time, "time");
        this.inputs = new ToDoubleFunction[4];
        for (int i = 0; i < 4; i++) {
            inputs[i] = at -> 0.0;
        }
        powerCycle();
    }

    /** Connects a source of volts to input AIN0..AIN3. */
    public synchronized void connect(int channel, ToDoubleFunction<Instant> volts) {
        Objects.checkIndex(channel, 4);
        inputs[channel] = Objects.requireNonNull(volts, "volts");
    }

    /** How many conversions have ended. */
    public synchronized long conversions() {
        return conversions;
    }

    /** The code for a voltage at a full-scale range: two's complement, clipped to -32768..32767. */
    public static int code(double volts, double fullScale) {
        long code = Math.round(volts / fullScale * 32768);
        return (int) Math.max(-32768, Math.min(32767, code));
    }

    @Override
    public synchronized void onWrite(byte[] data) {
        update();
        pointer = data[0] & 0x03;
        if (data.length >= 3) {
            int value = ((data[1] & 0xFF) << 8) | (data[2] & 0xFF);
            switch (pointer) {
                case CONFIG -> writeConfig(value);
                case LO_THRESH -> loThresh = value;
                case HI_THRESH -> hiThresh = value;
                default -> { } // the conversion register is read-only
            }
        }
    }

    private void writeConfig(int value) {
        boolean start = (value & 0x8000) != 0;
        boolean singleShot = (value & 0x0100) != 0;
        config = value & 0x7FFF;
        if (!singleShot || start) { // writing OS=1 in power-down starts one conversion (section 8.6.3)
            converting = true;
            conversionStart = time.stamp();
        }
    }

    @Override
    public synchronized void onRead(byte[] reply) {
        update();
        int value = switch (pointer) {
            case CONVERSION -> conversion & 0xFFFF;
            case CONFIG -> config | (converting ? 0 : 0x8000); // OS reads 1 when no conversion is in progress
            case LO_THRESH -> loThresh;
            default -> hiThresh;
        };
        for (int i = 0; i < reply.length; i++) {
            reply[i] = (byte) (i == 0 ? value >> 8 : i == 1 ? value : 0xFF);
        }
    }

    private Duration conversionTime() {
        return Duration.ofNanos(1_000_000_000L / SPS[(config >> 5) & 0x7]);
    }

    private void update() {
        if (!converting || !time.hasElapsed(conversionStart, conversionTime())) {
            return;
        }
        if (!stuck) {
            conversion = code(inputVolts(), FSR[(config >> 9) & 0x7]);
        }
        conversions++;
        boolean singleShot = (config & 0x0100) != 0;
        if (singleShot) {
            converting = false;
        } else {
            conversionStart = time.stamp();
        }
    }

    /** The voltage MUX bits 14:12 select (section 8.6.3): differential pairs 000..011, AINx to GND 100..111. */
    private double inputVolts() {
        Instant at = time.now();
        return switch ((config >> 12) & 0x7) {
            case 0 -> volts(0, at) - volts(1, at);
            case 1 -> volts(0, at) - volts(3, at);
            case 2 -> volts(1, at) - volts(3, at);
            case 3 -> volts(2, at) - volts(3, at);
            default -> volts(((config >> 12) & 0x7) - 4, at);
        };
    }

    private double volts(int channel, Instant at) {
        return inputs[channel].applyAsDouble(at);
    }

    @Override
    public synchronized void powerCycle() {
        pointer = 0;
        config = CONFIG_RESET & 0x7FFF;
        loThresh = 0x8000;
        hiThresh = 0x7FFF;
        conversion = 0;
        converting = false;
    }

    @Override
    public synchronized void setStuck(boolean stuck) {
        update();
        this.stuck = stuck;
    }
}
