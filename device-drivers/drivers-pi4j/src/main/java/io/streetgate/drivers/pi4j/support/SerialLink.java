package io.streetgate.drivers.pi4j.support;

import com.pi4j.context.Context;
import com.pi4j.io.serial.Serial;
import io.streetgate.driver.DriverException;

import java.time.Duration;

/**
 * A UART through Pi4J's {@link Serial}, with every failure a {@link DriverException}. Reads never block in
 * Pi4J's serial providers (pigpio's, this module's Linux tty provider, the simulator's): they return what has
 * arrived, so waiting for a frame is polling until a deadline measured on the gateway's time base.
 */
public final class SerialLink implements AutoCloseable {

    /** How long to wait between polls when nothing has arrived (a 32-byte frame takes 33 ms at 9600 baud). */
    private static final Duration POLL = Duration.ofMillis(5);

    private final Context pi4j;
    private final Serial serial;
    private final String where;
    private final DriverTime time;
    private final byte[] chunk = new byte[512];

    private SerialLink(Context pi4j, Serial serial, String where, DriverTime time) {
        this.pi4j = pi4j;
        this.serial = serial;
        this.where = where;
        this.time = time;
    }

    /**
     * Opens a port at a speed, 8 data bits, no parity, one stop bit.
     *
     * @param id the Pi4J I/O id (the device's configured id)
     */
    public static SerialLink open(Context pi4j, String id, String port, int baud, DriverTime time) throws DriverException {
        String where = "serial port " + port;
        try {
            Serial serial = pi4j.create(Serial.newConfigBuilder(pi4j).id(id).name(id + " @ " + port).device(port)
                    .baud(baud).dataBits_8().parityNone().stopBits_1().flowNone().build());
            if (!serial.isOpen()) {
                serial.open();
            }
            return new SerialLink(pi4j, serial, where, time);
        } catch (RuntimeException e) {
            throw Pi4jFaults.map(e, where, "opening the port");
        }
    }

    /** e.g. {@code serial port /dev/ttyAMA0}. */
    public String where() {
        return where;
    }

    /** Throws away what has arrived and not been read (stale frames). */
    public void drain(String doing) throws DriverException {
        try {
            while (serial.available() > 0) {
                serial.read(chunk, 0, chunk.length);
            }
        } catch (RuntimeException e) {
            throw Pi4jFaults.map(e, where, doing);
        }
    }

    public void write(byte[] data, String doing) throws DriverException {
        try {
            serial.write(data, 0, data.length);
        } catch (RuntimeException e) {
            throw Pi4jFaults.map(e, where, doing);
        }
    }

    /**
     * Reads until the reader has a good frame or the timeout passes.
     *
     * @throws DriverException the reader's reason when no good frame came in time, or the port's failure
     */
    public <T> T readFrame(FrameReader<T> reader, Duration timeout, String doing) throws DriverException {
        long start = System.nanoTime();
        long limit = time.realNanos(timeout);
        while (true) {
            int n;
            try {
                n = serial.available() > 0 ? serial.read(chunk, 0, chunk.length) : 0;
            } catch (RuntimeException e) {
                throw Pi4jFaults.map(e, where, doing);
            }
            reader.accept(chunk, n);
            T frame = reader.next();
            if (frame != null) {
                return frame;
            }
            if (System.nanoTime() - start > limit) {
                throw reader.noFrame(doing, timeout.toMillis());
            }
            if (n == 0) {
                time.pause(POLL);
            }
        }
    }

    /** Releases the port from the Pi4J context. Never throws. */
    @Override
    public void close() {
        try {
            pi4j.shutdown(serial.id());
        } catch (RuntimeException e) {
            try {
                serial.close();
            } catch (RuntimeException ignored) {
                // the port is unusable either way
            }
        }
    }
}
