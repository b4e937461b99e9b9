package io.streetgate.sim.bus;

/**
 * Thrown by a chip model from {@link I2cChip#onWrite} or {@link I2cChip#onRead} when the part does not
 * acknowledge: a Sensirion sensor NACKs its read header while it is still measuring or has nothing to send,
 * and a byte it refuses (a wrong argument CRC, a command not allowed in its mode). The board turns it into
 * the error the Linux adapter reports for a NACK ({@code Remote I/O error}).
 */
public final class I2cNack extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param why what the part refused, for test failure messages */
    public I2cNack(String why) {
        super(why, null, false, false);
    }
}
