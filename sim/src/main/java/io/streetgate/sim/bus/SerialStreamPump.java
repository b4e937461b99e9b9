package io.streetgate.sim.bus;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Puts a simulated UART device on a real tty: one daemon thread hands the device what arrives on the tty and
 * writes out the frames it sends, every few milliseconds. With one end of a pty pair (socat) the gateway's
 * real serial provider talks to the simulated device through the kernel; on a USB adapter looped to another,
 * a test bench can stand in for a sensor. The tty should already be raw (socat's {@code raw,echo=0}).
 */
public final class SerialStreamPump implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SerialStreamPump.class.getName());
    private static final long IDLE_MILLIS = 2;

    private final SerialDevice device;
    private final RandomAccessFile tty;
    private final FileInputStream in;
    private final Thread thread;
    private volatile boolean running = true;

    public SerialStreamPump(SerialDevice device, Path ttyPath) throws IOException {
        this.device = Objects.requireNonNull(device, "device");
        this.tty = new RandomAccessFile(ttyPath.toFile(), "rw");
        this.in = new FileInputStream(tty.getFD());
        this.thread = new Thread(this::run, "streetgate-serial-pump " + ttyPath);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        byte[] chunk = new byte[1024];
        while (running) {
            try {
                boolean busy = false;
                int available = in.available();
                if (available > 0) {
                    int n = tty.read(chunk, 0, Math.min(chunk.length, available));
                    if (n > 0) {
                        device.receive(java.util.Arrays.copyOf(chunk, n));
                        busy = true;
                    }
                }
                for (byte[] frame : device.transmitted()) {
                    tty.write(frame);
                    busy = true;
                }
                if (!busy) {
                    Thread.sleep(IDLE_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                if (running) {
                    LOG.log(System.Logger.Level.WARNING, "serial pump stopped: " + e.getMessage());
                }
                return;
            }
        }
    }

    /** Stops the thread and closes the tty. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            tty.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
