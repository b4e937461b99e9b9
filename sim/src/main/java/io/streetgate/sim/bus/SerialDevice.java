package io.streetgate.sim.bus;

import java.util.List;

/**
 * A device on a simulated UART, seen as what crosses the wire: the bytes the gateway sends it, and the frames
 * it sends back. Devices are lazy: whatever they sent since the last look (reports on their own schedule,
 * replies to commands) is handed over when the port asks, each frame whole and in order; the port applies
 * line faults per frame. Calls come one at a time (the port holds its lock).
 */
public interface SerialDevice {

    /** The gateway wrote these bytes (any split: a command may arrive in pieces). */
    void receive(byte[] data);

    /** The frames sent since the last call, oldest first; empty when the device was silent. */
    List<byte[]> transmitted();

    /** Power was removed and restored: the device is back in its power-on mode. */
    void powerCycle();

    /** Freezes ({@code true}) or releases the values the device reports: the STUCK fault. */
    void setStuck(boolean stuck);

    /**
     * A frame as a disturbed line delivers it under CRC_ERROR. The default damages the last byte (the
     * checksum's low byte on most protocols); protocols without a checksum damage a marker instead.
     */
    default byte[] corrupt(byte[] frame) {
        byte[] damaged = frame.clone();
        if (damaged.length > 0) {
            damaged[damaged.length - 1] ^= 0x01;
        }
        return damaged;
    }
}
