package io.streetgate.drivers.pi4j.veml7700;

/**
 * The VEML7700's command codes: 16-bit registers, low byte first (VEML7700 datasheet, "Command Register
 * Format"; domain facts, section 1).
 */
final class Veml7700Registers {

    private Veml7700Registers() {
    }

    static final int ADDRESS = 0x10;

    /** ALS_CONF: gain bits 12:11, integration time bits 9:6, persistence 5:4, interrupt enable bit 1, shutdown bit 0. */
    static final int ALS_CONF = 0x00;
    /** The ALS_CONF bits that exist; the reserved ones read 0. */
    static final int CONF_BITS = 0x1BF3;
    static final int POWER_SAVING = 0x03;
    static final int ALS = 0x04;
    static final int WHITE = 0x05;
    static final int ID = 0x07;
    /** The low byte of the ID register (verify: the high byte carries the address option code). */
    static final int DEVICE_ID = 0x81;
    static final int SHUTDOWN = 0x0001;
    /** Full scale of the 16-bit ALS counter. */
    static final int FULL_SCALE = 0xFFFF;
}
