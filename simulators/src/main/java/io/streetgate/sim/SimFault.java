package io.streetgate.sim;

/**
 * A fault injected into one simulated device, until it is cleared. What each fault means depends on how
 * the device is attached.
 */
public enum SimFault {
    /**
     * The device is gone. I2C: every transfer to its address fails as an unanswered address does on
     * Linux ({@code Remote I/O error}); when cleared it comes back power-cycled, registers at their reset
     * values. GPIO: the line is left to its pull-down and stays low.
     */
    NACK,
    /**
     * Transfers are damaged. I2C: the bytes read are corrupted ({@link io.streetgate.sim.bus.I2cChip#corrupt});
     * chips without a checksum read 0xFF. GPIO: short glitches (1 ms) appear on the line.
     */
    CRC_ERROR,
    /**
     * The measured value stops changing. I2C: the chip's result registers freeze at their values when the
     * fault is injected. GPIO: the line is stuck high.
     */
    STUCK,
    /**
     * I2C only: every transfer blocks (the slave stretches the clock), then fails as the Linux adapter
     * reports a bus timeout ({@code Connection timed out}).
     */
    TIMEOUT
}
