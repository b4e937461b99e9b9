package io.streetgate.drivers.pi4j.serial;

import com.pi4j.context.Context;
import com.pi4j.exception.InitializeException;
import com.pi4j.exception.Pi4JException;
import com.pi4j.io.serial.Serial;
import com.pi4j.io.serial.SerialBase;
import com.pi4j.io.serial.SerialConfig;
import com.pi4j.io.serial.SerialProvider;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A Linux tty as a Pi4J {@link Serial}: the line is set raw with its speed, framing and {@code clocal} by
 * {@code stty} before the device file is opened (opened without {@code clocal}, a serial port waits for its
 * carrier), then read and written through a file channel. Reads never wait for data that has not arrived:
 * {@link #available()} asks the kernel (FIONREAD), and with {@code min 0 time 1} a read of an empty line
 * returns nothing after 0.1 s. Failures are Pi4J exceptions wrapping the {@link IOException}.
 *
 * <p>A gateway started as a session leader without a controlling terminal (as systemd starts services)
 * would make the first tty it opens its controlling terminal (Java cannot pass O_NOCTTY), and a USB adapter
 * pulled out would then hang it up: the launcher must not exec the JVM as the session leader, or
 * {@code -hupcl}/{@code clocal} alone will not prevent the SIGHUP.
 */
final class LinuxTtySerial extends SerialBase {

    private static final long STTY_SECONDS = 5;

    private RandomAccessFile file;
    private FileChannel channel;
    private FileInputStream availability;

    LinuxTtySerial(SerialProvider provider, SerialConfig config) {
        super(provider, config);
    }

    @Override
    public Serial initialize(Context context) throws InitializeException {
        super.initialize(context);
        open();
        return this;
    }

    @Override
    public synchronized void open() {
        if (file != null) {
            return;
        }
        String device = Objects.requireNonNull(config().device(), "device");
        try {
            if (!Files.exists(Path.of(device))) {
                throw new NoSuchFileException(device);
            }
            configureLine(device, config());
            file = new RandomAccessFile(device, "rw");
            channel = file.getChannel();
            availability = new FileInputStream(file.getFD());
            super.open();
        } catch (IOException e) {
            closeQuietly();
            throw new Pi4JException("cannot open serial port " + device + ": " + e.getMessage(), e);
        }
    }

    /** Runs stty; a speed stty does not know goes through termios2, except on a pseudo-terminal, which has none. */
    static void configureLine(String device, SerialConfig config) throws IOException {
        List<String> command = new ArrayList<>(List.of("stty", "-F", device));
        command.addAll(LineSettings.sttyArguments(config));
        run(command);
        int baud = config.baud() == null ? 9600 : config.baud();
        if (!LineSettings.standard(baud) && !isPseudoTerminal(device)) {
            Termios2.setSpeed(device, baud);
        }
    }

    static boolean isPseudoTerminal(String device) throws IOException {
        return Path.of(device).toRealPath().toString().startsWith("/dev/pts/");
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(STTY_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + STTY_SECONDS + " s");
            }
            String output = new String(process.getInputStream().readAllBytes()).trim();
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while setting the line up", e);
        }
    }

    @Override
    public synchronized int available() {
        try {
            return ensureOpen().available();
        } catch (IOException e) {
            throw failure("asking what has arrived", e);
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) == 1 ? one[0] & 0xFF : -1;
    }

    /** Reads what has arrived, up to {@code length} bytes; waits at most 0.1 s when nothing has. */
    @Override
    public synchronized int read(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        try {
            ensureOpen();
            int n = channel.read(ByteBuffer.wrap(buffer, offset, length));
            return Math.max(0, n); // an empty read of a tty with min 0 looks like the end of a file
        } catch (IOException e) {
            throw failure("reading", e);
        }
    }

    @Override
    public int write(byte b) {
        return write(new byte[] {b}, 0, 1);
    }

    @Override
    public synchronized int write(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        try {
            ensureOpen();
            ByteBuffer out = ByteBuffer.wrap(data, offset, length);
            while (out.hasRemaining()) {
                channel.write(out);
            }
            return length;
        } catch (IOException e) {
            throw failure("writing", e);
        }
    }

    private FileInputStream ensureOpen() throws IOException {
        if (availability == null) {
            throw new IOException("the port is closed");
        }
        return availability;
    }

    private com.pi4j.io.exception.IOException failure(String doing, IOException e) {
        return new com.pi4j.io.exception.IOException("serial port " + config().device() + " failed while " + doing, e);
    }

    @Override
    public synchronized void close() {
        closeQuietly();
        super.close();
    }

    @Override
    public Serial shutdown(Context context) throws com.pi4j.exception.ShutdownException {
        close();
        return super.shutdown(context);
    }

    private void closeQuietly() {
        try {
            if (file != null) {
                file.close(); // closes the channel and the shared descriptor
            }
        } catch (IOException ignored) {
            // closing a port that is gone
        }
        file = null;
        channel = null;
        availability = null;
    }
}
