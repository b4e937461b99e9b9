package io.streetgate.sim.bus;

import java.io.ByteArrayOutputStream;

/**
 * What a UART device has heard and not yet understood: commands arrive in any split, among noise. Each
 * {@link #add} appends the new bytes and lets the device's parser take every whole command from the front;
 * an incomplete one stays for the next bytes.
 */
public final class ReceiveBuffer {

    /** Finds one command at a position. */
    public interface Parser {
        /**
         * @return the bytes a whole command at {@code at} takes (it has been executed), 0 when more bytes are
         *         needed, or -1 when no command starts there (that byte is skipped)
         */
        int parse(byte[] bytes, int at, int available);
    }

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    public void add(byte[] data, Parser parser) {
        pending.writeBytes(data);
        byte[] bytes = pending.toByteArray();
        int i = 0;
        while (i < bytes.length) {
            int taken = parser.parse(bytes, i, bytes.length - i);
            if (taken == 0) {
                break;
            }
            i += taken < 0 ? 1 : taken;
        }
        pending.reset();
        pending.write(bytes, i, bytes.length - i);
    }

    public void clear() {
        pending.reset();
    }
}
