package io.streetgate.fleet.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real mosquitto 2 on 127.0.0.1 with a free port, plain TCP, anonymous, with persistence (sessions and queued
 * messages survive a stop and start, as on a city's broker). Started and stopped by the process id this class
 * started; the uplink module's tests use the same peer with TLS.
 */
public final class Mosquitto implements AutoCloseable {

    public static final String BINARY = "/usr/sbin/mosquitto";

    private final Path dir;
    private final Path config;
    public final int port;
    private Process process;

    private Mosquitto(Path dir, Path config, int port) {
        this.dir = dir;
        this.config = config;
        this.port = port;
    }

    /** Fails (never skips) when the peer is missing, naming the Debian package. */
    public static Mosquitto start(Path dir) throws Exception {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new AssertionError(BINARY + " is missing: install the Debian package 'mosquitto' "
                    + "(apt-get install -y mosquitto mosquitto-clients)");
        }
        Files.createDirectories(dir);
        int port = freePort();
        StringBuilder c = new StringBuilder();
        if ("root".equals(System.getProperty("user.name"))) {
            c.append("user root\n"); // otherwise it drops to user mosquitto, who cannot write the test's folder
        }
        c.append("listener ").append(port).append(" 127.0.0.1\n")
                .append("allow_anonymous true\n")
                .append("persistence true\n")
                .append("persistence_location ").append(dir).append("/\n")
                .append("max_queued_messages 0\n")     // no limit: the tests count every message
                .append("log_dest file ").append(dir.resolve("mosquitto.log")).append('\n')
                .append("connection_messages true\n");
        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(config, c.toString());
        Mosquitto m = new Mosquitto(dir, config, port);
        m.start();
        return m;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public synchronized void start() throws Exception {
        if (process != null && process.isAlive()) {
            return;
        }
        process = new ProcessBuilder(BINARY, "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("mosquitto exited with " + process.exitValue() + ": " + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("mosquitto did not listen on " + port + " within 20 s: " + log());
    }

    /** SIGTERM to the process this class started; mosquitto saves its persistence file and exits. */
    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    public String log() {
        try {
            Path log = dir.resolve("mosquitto.log");
            Path stdout = dir.resolve("stdout.log");
            return (Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "")
                    + (Files.exists(stdout) ? Files.readString(stdout, StandardCharsets.UTF_8) : "");
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
