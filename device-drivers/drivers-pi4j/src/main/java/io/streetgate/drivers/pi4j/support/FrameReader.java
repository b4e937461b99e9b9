package io.streetgate.drivers.pi4j.support;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;

import java.util.Arrays;

/**
 * Finds frames in the bytes a UART sensor sends: resynchronises on the frame header after garbage, drops
 * frames whose checksum fails ({@link DriverFault#CHECKSUM}) and frames cut short by the next header or by
 * silence ({@link DriverFault#PROTOCOL}), and counts all of it. A protocol plugs in through {@link Format}.
 * Not thread-safe: one driver reads its port.
 *
 * @param <T> the decoded frame
 */
public final class FrameReader<T> {

    /** A frame protocol. */
    public interface Format<T> {

        /** The bytes every frame starts with. */
        byte[] header();

        /**
         * The whole frame's length from its first bytes (header included), or -1 when more bytes are needed.
         *
         * @throws DriverException PROTOCOL when the length field cannot be right
         */
        int frameLength(byte[] buffer, int start, int available) throws DriverException;

        /**
         * Checks and decodes a whole frame.
         *
         * @return the frame, or null for a good frame the caller does not want (a command acknowledgement)
         * @throws DriverException CHECKSUM or PROTOCOL
         */
        T decode(byte[] frame) throws DriverException;
    }

    /**
     * What went over the line so far.
     *
     * @param frames         frames decoded
     * @param checksumErrors frames dropped for a wrong checksum
     * @param shortFrames    frames dropped as cut short or malformed
     * @param garbageBytes   bytes skipped outside frames
     */
    public record Stats(long frames, long checksumErrors, long shortFrames, long garbageBytes) {
    }

    private final Format<T> format;
    private final String where;
    private byte[] buffer = new byte[256];
    private int size;
    private long frames;
    private long checksumErrors;
    private long shortFrames;
    private long garbageBytes;
    private DriverException lastBadFrame;
    private boolean sawBytes;

    public FrameReader(Format<T> format, String where) {
        this.format = format;
        this.where = where;
    }

    public Stats stats() {
        return new Stats(frames, checksumErrors, shortFrames, garbageBytes);
    }

    /** Forgets buffered bytes and the outcome of the last attempt (before asking for a fresh frame). */
    public void reset() {
        size = 0;
        lastBadFrame = null;
        sawBytes = false;
    }

    /** Adds bytes as they arrived. */
    public void accept(byte[] bytes, int length) {
        if (length <= 0) {
            return;
        }
        sawBytes = true;
        if (size + length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + length));
        }
        System.arraycopy(bytes, 0, buffer, size, length);
        size += length;
    }

    /** The next good frame among the bytes so far, or null when none is complete yet. */
    public T next() {
        byte[] header = format.header();
        while (true) {
            int start = indexOf(header, 0);
            if (start < 0) {
                int keep = Math.min(size, header.length - 1); // the start of a header may be at the end
                discard(size - keep, true);
                return null;
            }
            discard(start, true);
            int length;
            try {
                length = format.frameLength(buffer, 0, size);
            } catch (DriverException malformed) {
                shortFrames++;
                lastBadFrame = malformed;
                discard(1, false);
                continue;
            }
            if (length < 0 || length > size) {
                int cut = indexOf(header, 1);
                if (cut > 0 && (length < 0 || cut < length)) {
                    shortFrame(cut, length);
                    continue;
                }
                return null;
            }
            byte[] frame = Arrays.copyOf(buffer, length);
            try {
                T decoded = format.decode(frame);
                discard(length, false);
                frames++;
                if (decoded != null) {
                    return decoded;
                }
            } catch (DriverException bad) {
                int cut = indexOf(header, 1);
                if (cut > 0 && cut < length) {
                    shortFrame(cut, length); // the next frame began inside this one: bytes were lost
                } else {
                    if (bad.fault() == DriverFault.CHECKSUM) {
                        checksumErrors++;
                    } else {
                        shortFrames++;
                    }
                    lastBadFrame = bad;
                    discard(length, false);
                }
            }
        }
    }

    private void shortFrame(int cut, int expected) {
        shortFrames++;
        lastBadFrame = new DriverException(DriverFault.PROTOCOL, String.format(
                "%s sent a short frame: %d bytes%s before the next frame began; the reading is dropped", where, cut,
                expected > 0 ? " of " + expected : ""));
        discard(cut, false);
    }

    /**
     * Why no frame came by the deadline: the last bad frame, a frame cut short by silence, only garbage, or
     * nothing at all.
     */
    public DriverException noFrame(String doing, long waitedMillis) {
        if (lastBadFrame != null) {
            return lastBadFrame;
        }
        if (size > 0 && indexOf(format.header(), 0) == 0) {
            shortFrames++;
            return new DriverException(DriverFault.PROTOCOL, String.format(
                    "%s sent a short frame: %d bytes, then nothing for %d ms while %s; the reading is dropped", where,
                    size, waitedMillis, doing));
        }
        if (sawBytes) {
            return new DriverException(DriverFault.PROTOCOL, String.format(
                    "%s sent bytes but no frame in %d ms while %s: a wrong baud rate, or another device on the port?",
                    where, waitedMillis, doing));
        }
        return new DriverException(DriverFault.NO_DEVICE, String.format(
                "no data from %s in %d ms while %s: check power, wiring (TX to RX), and that the port is the sensor's",
                where, waitedMillis, doing));
    }

    private int indexOf(byte[] pattern, int from) {
        outer:
        for (int i = from; i + pattern.length <= size; i++) {
            for (int k = 0; k < pattern.length; k++) {
                if (buffer[i + k] != pattern[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void discard(int count, boolean garbage) {
        if (count <= 0) {
            return;
        }
        if (garbage) {
            garbageBytes += count;
        }
        System.arraycopy(buffer, count, buffer, 0, size - count);
        size -= count;
    }
}
