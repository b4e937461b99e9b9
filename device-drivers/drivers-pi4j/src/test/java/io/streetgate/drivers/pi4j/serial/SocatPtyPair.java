package io.streetgate.drivers.pi4j.serial;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two linked pseudo-terminals from a real socat ({@code socat -d -d pty,raw,echo=0 pty,raw,echo=0}): what is
 * written to one can be read from the other. The names come from socat's log; the process is stopped by its
 * own pid. A missing socat fails the test with the package to install.
 */
final class SocatPtyPair implements AutoCloseable {

    private static final Pattern PTY = Pattern.compile("PTY is (/dev/pts/\\d+)");

    final String a;
    final String b;
    private final Process process;

    private SocatPtyPair(Process process, String a, String b) {
        this.process = process;
        this.a = a;
        this.b = b;
    }

    static SocatPtyPair start() throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0").start();
        } catch (IOException e) {
            fail("socat is missing: install the Debian package 'socat' (apt-get install socat); " + e.getMessage());
            throw e;
        }
        List<String> ptys = new ArrayList<>();
        BufferedReader log = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String line;
        while (System.nanoTime() < deadline && (line = log.readLine()) != null) {
            Matcher m = PTY.matcher(line);
            if (m.find()) {
                ptys.add(m.group(1));
            }
            if (line.contains("starting data transfer loop")) {
                break;
            }
        }
        if (ptys.size() != 2) {
            process.destroy();
            fail("socat did not report two ptys: " + ptys);
        }
        Thread drain = new Thread(() -> {
            try {
                log.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
                // socat ended
            }
        }, "socat log");
        drain.setDaemon(true);
        drain.start();
        return new SocatPtyPair(process, ptys.get(0), ptys.get(1));
    }

    /** Stops socat by the pid this test started. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
