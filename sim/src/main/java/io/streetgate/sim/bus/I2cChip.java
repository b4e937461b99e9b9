package io.streetgate.sim.bus;

import java.util.Arrays;

/**
 * A chip on a simulated I2C bus, seen at the level of bus transfers: what the master writes after the
 * address byte, and what it clocks out in a read. Register pointers, opcodes and auto-increment are the
 * chip's business, as on the real part. Calls come one at a time (the bus holds its lock). A chip that does
 * not acknowledge a transfer throws {@link I2cNack}.
 */
public interface I2cChip {

    /** The master wrote {@code data} in one write transfer (everything between START and STOP or repeated START). */
    void onWrite(byte[] data);

    /** The master reads {@code reply.length} bytes in one read transfer; the chip fills them in. */
    void onRead(byte[] reply);

    /** Power was removed and restored: registers go back to their power-on values. */
    void powerCycle();

    /** Freezes ({@code true}) or releases the chip's measured values: the STUCK fault. */
    void setStuck(boolean stuck);

    /**
     * Damages a reply the way a disturbed transfer does. Chips without a checksum read 0xFF, as when the
     * slave lets go of SDA in the middle of a transfer; chips with a CRC override this to send a wrong CRC.
     */
    default void corrupt(byte[] reply) {
        Arrays.fill(reply, (byte) 0xFF);
    }
}
