package io.streetgate.drivers.pi4j.bh1750;

/** The BH1750FVI's one-byte instructions and MTreg limits (ROHM datasheet, "Instruction Set Architecture"). */
final class Bh1750Opcodes {

    private Bh1750Opcodes() {
    }

    /** I2C addresses with ADDR low and high. */
    static final int ADDRESS_LOW = 0x23;
    static final int ADDRESS_HIGH = 0x5C;

    static final int POWER_DOWN = 0x00;
    static final int POWER_ON = 0x01;
    /** Clears the data register; not accepted in power-down mode. */
    static final int RESET = 0x07;
    /** 01000_MT[7:5] and 011_MT[4:0]. */
    static final int MTREG_HIGH_BITS = 0x40;
    static final int MTREG_LOW_BITS = 0x60;

    /** MTreg after power-on, and its range ("Adjust measurement result for influence of optical window"). */
    static final int DEFAULT_MTREG = 69;
    static final int MIN_MTREG = 31;
    static final int MAX_MTREG = 254;

    /** Counts per lux at the default MTreg: lux = count / 1.2 (datasheet: "measurement accuracy" typ. 1.2). */
    static final double COUNTS_PER_LUX = 1.2;
}
