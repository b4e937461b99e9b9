package io.streetgate.uplink.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real mosquitto 2 on 127.0.0.1 with a free port: TLS with the test CA's server certificate, a password
 * file made with mosquitto_passwd, no anonymous access, persistence (its sessions and queued messages survive
 * a stop and start). Started and stopped by the process id this class started.
 */
public final class Mosquitto implements TestBroker {

    public static final String BINARY = "/usr/sbin/mosquitto";
    public static final String PASSWD = "/usr/bin/mosquitto_passwd";

    private final Path dir;
    private final Path config;
    private final Path log;
    public final int port;
    private final boolean tls;
    private Process process;

    private Mosquitto(Path dir, Path config, Path log, int port, boolean tls) {
        this.dir = dir;
        this.config = config;
        this.log = log;
        this.port = port;
        this.tls = tls;
    }

    /** Fails (never skips) when the peer is not installed, naming the Debian package. */
    public static void requireInstalled() {
        for (String binary : List.of(BINARY, PASSWD)) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new AssertionError(binary + " is missing: install the Debian package 'mosquitto' "
                        + "(apt-get install -y mosquitto mosquitto-clients)");
            }
        }
    }

    /** A broker with TLS (server certificate {@code cert}/{@code key}) and these user names and passwords. */
    public static Mosquitto start(Path dir, TestPki pki, Path cert, Path key, Map<String, String> users,
                                  boolean requireClientCertificate) throws Exception {
        requireInstalled();
        Files.createDirectories(dir);
        Path passwords = dir.resolve("passwd");
        boolean first = true;
        for (Map.Entry<String, String> u : users.entrySet()) {
            List<String> cmd = new ArrayList<>(List.of(PASSWD));
            if (first) {
                cmd.add("-c");
            }
            cmd.addAll(List.of("-b", passwords.toString(), u.getKey(), u.getValue()));
            run(cmd);
            first = false;
        }
        int port = freePort();
        Path config = dir.resolve("mosquitto.conf");
        StringBuilder c = new StringBuilder();
        if ("root".equals(System.getProperty("user.name"))) {
            c.append("user root\n"); // otherwise it drops to user mosquitto, who cannot read the test's files
        }
        c.append("listener ").append(port).append(" 127.0.0.1\n")
                .append("cafile ").append(pki.caCert).append('\n')
                .append("certfile ").append(cert).append('\n')
                .append("keyfile ").append(key).append('\n')
                .append("require_certificate ").append(requireClientCertificate).append('\n');
        if (requireClientCertificate) {
            c.append("use_identity_as_username true\n");
        }
        if (!users.isEmpty()) {
            c.append("password_file ").append(passwords).append('\n');
        }
        c.append("allow_anonymous ").append(requireClientCertificate).append('\n')
                .append("persistence true\n")
                .append("persistence_location ").append(dir).append("/\n")
                .append("max_queued_messages 0\n")     // no limit: the tests count every message
                .append("max_inflight_messages 20\n")
                .append("log_dest file ").append(dir.resolve("mosquitto.log")).append('\n')
                .append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\n")
                .append("connection_messages true\n");
        Files.writeString(config, c.toString());
        Mosquitto m = new Mosquitto(dir, config, dir.resolve("mosquitto.log"), port, true);
        m.start();
        return m;
    }

    /**
     * A plain broker on loopback that lets anyone in, keeping its sessions across a restart: for tests of many
     * clients where TLS and passwords are not the point (the fleet simulator's).
     */
    public static Mosquitto anonymous(Path dir) throws Exception {
        requireInstalled();
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
        Mosquitto m = new Mosquitto(dir, config, dir.resolve("mosquitto.log"), port, false);
        m.start();
        return m;
    }

    /** The broker's CPU time so far (user and system, from /proc), for benchmarks that weigh its share. */
    public synchronized java.time.Duration cpuTime() throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: proc(5) fields 14 and 15
        return java.time.Duration.ofMillis(ticks * 10); // USER_HZ is 100 on Linux
    }

    @Override
    public String name() {
        try {
            // "mosquitto version 2.0.11" is the first line of its help, which it prints with exit code 3
            Process p = new ProcessBuilder(BINARY, "-h").redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst()
                    .orElse("");
            p.waitFor(20, TimeUnit.SECONDS);
            return first.replace(" version", "").trim();
        } catch (IOException | InterruptedException e) {
            return "mosquitto (version unknown: " + e + ")";
        }
    }

    @Override
    public String url() {
        return tls ? "ssl://localhost:" + port : "tcp://127.0.0.1:" + port;
    }

    @Override
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
    @Override
    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public String log() {
        try {
            return (Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "")
                    + (Files.exists(dir.resolve("stdout.log")) ? Files.readString(dir.resolve("stdout.log")) : "");
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd.subList(0, Math.min(2, cmd.size()))) + " failed: " + out);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
