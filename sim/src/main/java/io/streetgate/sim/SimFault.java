package io.streetgate.sim;

/**
 * A fault injected into one simulated device, until it is cleared. What each fault means depends on how
 * the device is attached: the table in sim/README.md lists every fault for every kind of device.
 */
public enum SimFault {
    /**
     * The device is gone. I2C: every transfer to its address fails as an unanswered address does on
     * Linux ({@code Remote I/O error}); when cleared it comes back power-cycled, registers at their reset
     * values. GPIO input: the line is left to its pull resistor and stays idle. UART: the device sends nothing
     * and hears nothing; when cleared it comes back power-cycled (in its power-on mode). Outputs: setting them
     * fails.
     */
    NACK,
    /**
     * Transfers are damaged. I2C: the bytes read are corrupted ({@link io.streetgate.sim.bus.I2cChip#corrupt}):
     * a Sensirion chip's CRC no longer matches, chips without a checksum read 0xFF. GPIO: short glitches (1 ms)
     * appear on the line. UART: frames carry a wrong checksum (or, for protocols without one, a broken marker).
     */
    CRC_ERROR,
    /**
     * The measured value stops changing. I2C: the chip's result registers freeze at their values when the
     * fault is injected. GPIO: the line is stuck active. UART: frames keep repeating the same values. Outputs:
     * they ignore new settings and keep reporting the old one.
     */
    STUCK,
    /**
     * I2C: every transfer blocks (the slave stretches the clock), then fails as the Linux adapter reports a
     * bus timeout ({@code Connection timed out}). UART: reads and writes on the port block, then fail the
     * same way (a hung USB adapter). Not for GPIO.
     */
    TIMEOUT,
    /** UART only: bytes of line noise arrive before every frame; the frames themselves stay intact. */
    GARBAGE,
    /** UART only: every frame is cut short (its last bytes are lost, as in a receiver overrun). */
    SHORT_FRAME
}
