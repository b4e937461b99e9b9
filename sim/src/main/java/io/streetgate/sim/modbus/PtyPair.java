package io.streetgate.sim.modbus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two linked pseudo-terminals made by socat ({@code socat -d -d pty,raw,echo=0 pty,raw,echo=0}): what is written
 * to one end is read at the other, so a simulated RTU slave on one end and a master on the other talk as over a
 * serial line. socat prints the names it made on stderr ({@code ... N PTY is /dev/pts/3}). Stopped by the
 * process it started.
 */
public final class PtyPair implements AutoCloseable {

    private static final Pattern PTY = Pattern.compile("PTY is (\\S+)");

    private final Process socat;
    private final Path slaveEnd;
    private final Path masterEnd;

    private PtyPair(Process socat, Path slaveEnd, Path masterEnd) {
        this.socat = socat;
        this.slaveEnd = slaveEnd;
        this.masterEnd = masterEnd;
    }

    /**
     * Starts socat and waits for both names.
     *
     * @throws IOException when socat is missing (Debian package {@code socat}) or prints no names within 10 s
     */
    public static PtyPair open() throws IOException {
        return open(true);
    }

    /**
     * Starts socat with the master's end raw or, with {@code rawMasterEnd} false, left in the terminal's cooked
     * mode (CR/LF translation, XON/XOFF, signal characters), as a serial port may be found after another
     * program used it: a master must set the line raw itself.
     */
    public static PtyPair open(boolean rawMasterEnd) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0", rawMasterEnd ? "pty,raw,echo=0" : "pty")
                    .start();
        } catch (IOException e) {
            throw new IOException("cannot start socat: install the Debian package socat (" + e.getMessage() + ")", e);
        }
        List<Path> names = new ArrayList<>();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        Thread lines = new Thread(() -> {
            try {
                String line;
                while ((line = err.readLine()) != null) {
                    Matcher m = PTY.matcher(line);
                    if (m.find()) {
                        synchronized (names) {
                            names.add(Path.of(m.group(1)));
                            names.notifyAll();
                        }
                    }
                }
            } catch (IOException ignored) {
                // socat ended
            }
        }, "socat-stderr");
        lines.setDaemon(true);
        lines.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (names) {
            while (names.size() < 2 && System.nanoTime() < deadline && p.isAlive()) {
                try {
                    names.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (names.size() < 2) {
                p.destroyForcibly();
                throw new IOException("socat made no pty pair within 10 s (exit " + (p.isAlive() ? "-" : p.exitValue())
                        + ")");
            }
            return new PtyPair(p, names.get(0), names.get(1));
        }
    }

    /** The end a simulated slave opens. */
    public Path slaveEnd() {
        return slaveEnd;
    }

    /** The end a master opens. */
    public Path masterEnd() {
        return masterEnd;
    }

    /** socat's process id. */
    public long pid() {
        return socat.pid();
    }

    @Override
    public void close() {
        socat.destroy();
        try {
            if (!socat.waitFor(5, TimeUnit.SECONDS)) {
                socat.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            socat.destroyForcibly();
        }
    }
}
