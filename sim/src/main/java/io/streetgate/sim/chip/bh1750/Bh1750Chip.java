package io.streetgate.sim.chip.bh1750;

import io.streetgate.sim.bus.I2cChip;
import io.streetgate.sim.bus.SimTime;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A ROHM BH1750FVI at bus level (datasheet "BH1750FVI Digital 16bit Serial Output Type Ambient Light Sensor
 * IC", instruction set architecture and measurement sequence): one-byte opcodes, a 16-bit big-endian
 * result, power states, the MTreg, and measurement times. A read before a conversion ends returns the
 * previous result, as on the part. Conversions take the typical time; drivers wait the maximum.
 */
public final class Bh1750Chip implements I2cChip {

    // Opcodes, datasheet "Instruction Set Architecture".
    static final int POWER_DOWN = 0x00;
    static final int POWER_ON = 0x01;
    static final int RESET = 0x07;
    static final int CONTINUOUS_H = 0x10;
    static final int CONTINUOUS_H2 = 0x11;
    static final int CONTINUOUS_L = 0x13;
    static final int ONE_TIME_H = 0x20;
    static final int ONE_TIME_H2 = 0x21;
    static final int ONE_TIME_L = 0x23;
    /** 01000_MT[7:5]: the MTreg's high bits. */
    static final int MTREG_HIGH = 0x40;
    /** 011_MT[4:0]: the MTreg's low bits. */
    static final int MTREG_LOW = 0x60;
    /** MTreg after power-on (datasheet: default 0100_0101 = 69). */
    static final int DEFAULT_MTREG = 69;
    /** Typical measurement times at the default MTreg (electrical characteristics): H 120 ms, L 16 ms. */
    static final Duration TYPICAL_H = Duration.ofMillis(120);
    static final Duration TYPICAL_L = Duration.ofMillis(16);
    /** Counts per lux at the default MTreg: the datasheet's typical "measurement accuracy" of 1.2. */
    static final double COUNTS_PER_LUX = 1.2;

    private enum State { POWER_DOWN, POWER_ON, MEASURING }

    private final SimTime time;
    private final ToDoubleFunction<Instant> lux;

    private State state;
    private int mtreg;
    private int result;
    private int opcode;
    private SimTime.Stamp conversionStart;
    private boolean stuck;
    private Integer heldRaw;

    /** @param lux the illuminance at the sensor for a gateway instant */
    public Bh1750Chip(SimTime time, ToDoubleFunction<Instant> lux) {
        this.time = Objects.requireNonNull(time, "time");
        this.lux = Objects.requireNonNull(lux, "lux");
        powerCycle();
    }

    /** Makes every following conversion give this raw count (0..0xFFFF) instead of the ambient's. */
    public synchronized void holdRaw(int raw) {
        if (raw < 0 || raw > 0xFFFF) {
            throw new IllegalArgumentException("raw count " + raw + " is outside 0..0xFFFF");
        }
        update();
        heldRaw = raw;
    }

    public synchronized void releaseRaw() {
        update();
        heldRaw = null;
    }

    /** The raw count the chip gives for an illuminance: lux · 1.2 · MT/69, doubled in H-resolution mode 2, clamped to 16 bits. */
    public static int rawFor(double lux, int mtreg, boolean highResolution2) {
        double counts = lux * COUNTS_PER_LUX * mtreg / DEFAULT_MTREG * (highResolution2 ? 2 : 1);
        return (int) Math.max(0, Math.min(0xFFFF, Math.round(counts)));
    }

    @Override
    public synchronized void powerCycle() {
        state = State.POWER_DOWN; // the initial state after VCC and DVI are applied
        mtreg = DEFAULT_MTREG;
        result = 0;
        opcode = 0;
    }

    @Override
    public synchronized void setStuck(boolean stuck) {
        update(); // a conversion that ended before the fault still lands
        this.stuck = stuck;
    }

    @Override
    public synchronized void onWrite(byte[] bytes) {
        update();
        for (byte b : bytes) {
            command(b & 0xFF);
        }
    }

    @Override
    public synchronized void onRead(byte[] reply) {
        update();
        for (int i = 0; i < reply.length; i++) {
            reply[i] = switch (i) {
                case 0 -> (byte) (result >> 8);
                case 1 -> (byte) result;
                default -> (byte) 0xFF;
            };
        }
    }

    private void command(int code) {
        if ((code & 0xF8) == MTREG_HIGH) {
            mtreg = (mtreg & 0x1F) | ((code & 0x07) << 5);
        } else if ((code & 0xE0) == MTREG_LOW) {
            mtreg = (mtreg & 0xE0) | (code & 0x1F);
        } else {
            switch (code) {
                case POWER_DOWN -> state = State.POWER_DOWN;
                case POWER_ON -> {
                    if (state == State.POWER_DOWN) {
                        state = State.POWER_ON;
                    }
                }
                case RESET -> {
                    if (state != State.POWER_DOWN) { // "not acceptable in Power Down mode"
                        result = 0;
                    }
                }
                case CONTINUOUS_H, CONTINUOUS_H2, CONTINUOUS_L, ONE_TIME_H, ONE_TIME_H2, ONE_TIME_L -> {
                    opcode = code;
                    state = State.MEASURING;
                    conversionStart = time.stamp();
                }
                default -> { } // undefined opcodes are ignored
            }
        }
    }

    private boolean lowResolution() {
        return opcode == CONTINUOUS_L || opcode == ONE_TIME_L;
    }

    private boolean highResolution2() {
        return opcode == CONTINUOUS_H2 || opcode == ONE_TIME_H2;
    }

    private Duration conversionTime() {
        Duration typical = lowResolution() ? TYPICAL_L : TYPICAL_H;
        return typical.multipliedBy(mtreg).dividedBy(DEFAULT_MTREG); // scales with the measurement time
    }

    private void update() {
        if (state != State.MEASURING || !time.hasElapsed(conversionStart, conversionTime())) {
            return;
        }
        if (!stuck) {
            int raw = heldRaw != null ? heldRaw : rawFor(lux.applyAsDouble(conversionStart.at()), mtreg, highResolution2());
            // low resolution mode resolves 4 lx: the low bits of its count carry nothing (approximation; verify)
            result = lowResolution() ? raw & ~0x3 : raw;
        }
        if (opcode == ONE_TIME_H || opcode == ONE_TIME_H2 || opcode == ONE_TIME_L) {
            state = State.POWER_DOWN; // one-time modes power down after the measurement
        } else {
            conversionStart = time.stamp(); // continuous modes start the next one
        }
    }
}
