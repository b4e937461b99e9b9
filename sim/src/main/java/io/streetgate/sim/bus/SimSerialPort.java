package io.streetgate.sim.bus;

import io.streetgate.sim.SimFault;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One serial port of the simulated board ({@code /dev/ttyAMA0}, a {@code /dev/serial/by-id/...} name) with the
 * device wired to it, and the line between them: a receive buffer of {@value #BUFFER} bytes that, like the
 * Linux tty layer's, keeps the oldest unread bytes and drops what arrives when it is full (counted), and the
 * line faults, applied per frame:
 * <ul>
 *   <li>NACK: the device is unplugged: nothing arrives, nothing reaches it; it comes back power-cycled.</li>
 *   <li>TIMEOUT: the port hangs: every call blocks {@link SimBoard#timeoutBlock}, then fails with
 *       {@code Connection timed out} (a USB adapter that stopped answering).</li>
 *   <li>CRC_ERROR: each frame is damaged by the device's {@link SerialDevice#corrupt}.</li>
 *   <li>GARBAGE: 3 to 12 bytes of line noise arrive before each frame.</li>
 *   <li>SHORT_FRAME: the last third of each frame is lost.</li>
 *   <li>STUCK: the device's values freeze.</li>
 * </ul>
 */
public final class SimSerialPort {

    /** The Linux N_TTY receive buffer (4096 bytes). */
    public static final int BUFFER = 4096;

    private final String path;
    private final SimBoard board;
    private final SerialDevice device;
    private final byte[] buffer = new byte[BUFFER];
    private final SplittableRandom noise;
    private int start;
    private int size;
    private long overrun;
    private volatile SimFault fault;

    SimSerialPort(String path, SerialDevice device, SimBoard board) {
        this.path = Objects.requireNonNull(path, "path");
        this.device = Objects.requireNonNull(device, "device");
        this.board = board;
        this.noise = new SplittableRandom(path.hashCode());
    }

    public String path() {
        return path;
    }

    public SerialDevice device() {
        return device;
    }

    /** Bytes dropped because the receive buffer was full. */
    public synchronized long overrun() {
        return overrun;
    }

    /** Injects a line fault, or clears it with {@code null}. */
    public synchronized void fault(SimFault newFault) {
        SimFault previous = fault;
        if (previous == SimFault.STUCK && newFault != SimFault.STUCK) {
            device.setStuck(false);
        }
        if (newFault == SimFault.STUCK) {
            device.setStuck(true);
        }
        if (previous == SimFault.NACK && newFault != SimFault.NACK) {
            device.transmitted(); // what it "sent" while unplugged never arrived
            device.powerCycle();
        }
        fault = newFault;
    }

    /** How many bytes can be read now. */
    public synchronized int available() throws IOException {
        hang();
        pull();
        return size;
    }

    /** Reads up to {@code length} bytes that have arrived; 0 when none have. */
    public synchronized int read(byte[] into, int offset, int length) throws IOException {
        hang();
        pull();
        int n = Math.min(length, size);
        for (int i = 0; i < n; i++) {
            into[offset + i] = buffer[(start + i) % BUFFER];
        }
        start = (start + n) % BUFFER;
        size -= n;
        return n;
    }

    /** Sends bytes to the device. */
    public synchronized void write(byte[] data, int offset, int length) throws IOException {
        hang();
        if (fault == SimFault.NACK) {
            return; // nobody listens
        }
        byte[] bytes = new byte[length];
        System.arraycopy(data, offset, bytes, 0, length);
        device.receive(bytes);
    }

    private void hang() throws IOException {
        if (fault == SimFault.TIMEOUT) {
            try {
                Thread.sleep(board.timeoutBlock().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException(SimBoard.TIMEOUT_MESSAGE);
        }
    }

    /** Moves what the device sent into the receive buffer, through the line's fault. */
    private void pull() {
        SimFault now = fault;
        for (byte[] frame : device.transmitted()) {
            if (now == SimFault.NACK) {
                continue;
            }
            if (now == SimFault.GARBAGE) {
                byte[] junk = new byte[3 + noise.nextInt(10)];
                for (int i = 0; i < junk.length; i++) {
                    junk[i] = (byte) noise.nextInt(256);
                }
                arrive(junk);
            }
            if (now == SimFault.CRC_ERROR) {
                frame = device.corrupt(frame);
            }
            if (now == SimFault.SHORT_FRAME) {
                frame = java.util.Arrays.copyOf(frame, Math.max(1, frame.length * 2 / 3));
            }
            arrive(frame);
        }
    }

    private void arrive(byte[] bytes) {
        for (byte b : bytes) {
            if (size == BUFFER) {
                overrun++;
                continue;
            }
            buffer[(start + size) % BUFFER] = b;
            size++;
        }
    }

    /** Empties the receive buffer (what the gateway never read is lost, as when the port is closed). */
    synchronized void flush() {
        pull();
        start = 0;
        size = 0;
    }

    /** Test helper: how long a call blocks under TIMEOUT. */
    Duration timeoutBlock() {
        return board.timeoutBlock();
    }
}
