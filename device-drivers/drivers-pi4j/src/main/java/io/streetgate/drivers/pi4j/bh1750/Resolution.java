package io.streetgate.drivers.pi4j.bh1750;

import java.time.Duration;

/**
 * The BH1750's measurement resolutions with their opcodes and maximum measurement times at the default
 * MTreg (datasheet: instruction set, and electrical characteristics: H-resolution 120 ms typ. / 180 ms max,
 * L-resolution 16 ms typ. / 24 ms max).
 */
public enum Resolution {
    /** 1 lx. */
    HIGH(0x10, 0x20, Duration.ofMillis(180), 1),
    /** 0.5 lx: the count is doubled. */
    HIGH2(0x11, 0x21, Duration.ofMillis(180), 2),
    /** 4 lx, fast. */
    LOW(0x13, 0x23, Duration.ofMillis(24), 1);

    final int continuousOpcode;
    final int oneTimeOpcode;
    final Duration maxTimeAtDefaultMtreg;
    final int countDivisor;

    Resolution(int continuousOpcode, int oneTimeOpcode, Duration maxTimeAtDefaultMtreg, int countDivisor) {
        this.continuousOpcode = continuousOpcode;
        this.oneTimeOpcode = oneTimeOpcode;
        this.maxTimeAtDefaultMtreg = maxTimeAtDefaultMtreg;
        this.countDivisor = countDivisor;
    }

    /** The longest a measurement takes: the maximum time scaled by MTreg/69. */
    Duration maxMeasurementTime(int mtreg) {
        return maxTimeAtDefaultMtreg.multipliedBy(mtreg).dividedBy(Bh1750Opcodes.DEFAULT_MTREG);
    }

    /** The option value: {@code high}, {@code high2}, {@code low}. */
    public String optionValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
