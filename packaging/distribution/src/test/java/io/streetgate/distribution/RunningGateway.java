package io.streetgate.distribution;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The built distribution started as a separate process, as a user would start it, on a copy of the
 * simulated street with free ports and faster gateway time.
 */
final class RunningGateway implements AutoCloseable {

    static final Path DIST = Path.of(System.getProperty("streetgate.dist", "target/streetgate-0.1.0-SNAPSHOT"));

    final Path state;
    final Path log;
    final int brokerPort;
    final int statusPort;
    final int consolePort;
    private final Process process;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningGateway(Path state, Path log, int brokerPort, int statusPort, int consolePort, Process process) {
        this.state = state;
        this.log = log;
        this.brokerPort = brokerPort;
        this.statusPort = statusPort;
        this.consolePort = consolePort;
        this.process = process;
    }

    /**
     * Starts the gateway.
     *
     * @param framework  felix or equinox
     * @param extraJar   a jar to add to the launcher's class path (the Equinox framework), or null
     * @param speed      gateway time speed
     */
    static RunningGateway start(Path dir, String framework, Path extraJar, double speed) throws IOException {
        return start(dir, framework, extraJar, speed, "");
    }

    /** Starts the gateway with more site-file sections appended to the simulated street. */
    static RunningGateway start(Path dir, String framework, Path extraJar, double speed, String moreSite)
            throws IOException {
        return start(dir, framework, extraJar, speed, moreSite, List.of());
    }

    /** ... and with add-on bundle folders ({@code --add-bundles}). */
    static RunningGateway start(Path dir, String framework, Path extraJar, double speed, String moreSite,
                                List<Path> addBundles) throws IOException {
        return start(dir, framework, extraJar, speed, site -> site + moreSite, addBundles);
    }

    /** ... with the simulated street's site file edited as a whole (a section changed in place). */
    static RunningGateway start(Path dir, String framework, Path extraJar, double speed,
                                java.util.function.UnaryOperator<String> editSite, List<Path> addBundles)
            throws IOException {
        return start(dir, framework, extraJar, speed, editSite, addBundles, List.of());
    }

    /** ... with more options for its JVM (a trust store for an HTTPS repository under a test CA). */
    static RunningGateway start(Path dir, String framework, Path extraJar, double speed,
                                java.util.function.UnaryOperator<String> editSite, List<Path> addBundles,
                                List<String> jvmOptions) throws IOException {
        return start(dir, framework, extraJar, speed, editSite, addBundles, jvmOptions, java.util.Map.of());
    }

    /** ... and more environment for its process (the D-Bus a RAUC service listens on). */
    static RunningGateway start(Path dir, String framework, Path extraJar, double speed,
                                java.util.function.UnaryOperator<String> editSite, List<Path> addBundles,
                                List<String> jvmOptions, java.util.Map<String, String> environment) throws IOException {
        int brokerPort = freePort();
        int statusPort = freePort();
        int consolePort = freePort();
        Path siteFile = writeSite(dir, brokerPort, statusPort, consolePort, speed, editSite);
        Path state = dir.resolve("state");
        Path log = dir.resolve("gateway.log");
        String classPath = classPath(extraJar);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-Dstreetgate.home=" + DIST.toAbsolutePath(),
                "-Dlogback.configurationFile=" + DIST.resolve("conf/logback.xml").toAbsolutePath(),
                "-cp", classPath, "io.streetgate.distribution.Streetgate",
                "run", "--simulate", "--quiet", "--framework", framework,
                "--site", siteFile.toString(), "--state-dir", state.toString()));
        for (Path add : addBundles) {
            command.add("--add-bundles");
            command.add(add.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new RunningGateway(state, log, brokerPort, statusPort, consolePort, process);
    }

    /**
     * Starts the gateway on Felix as systemd starts it: through {@code bin/streetgate run} with the launcher's
     * own JVM options and these environment variables added.
     */
    static RunningGateway startWithLauncher(Path dir, double speed, Map<String, String> environment)
            throws IOException {
        int brokerPort = freePort();
        int statusPort = freePort();
        int consolePort = freePort();
        Path siteFile = writeSite(dir, brokerPort, statusPort, consolePort, speed, site -> site);
        Path state = dir.resolve("state");
        Path log = dir.resolve("gateway.log");
        ProcessBuilder builder = new ProcessBuilder(DIST.resolve("bin/streetgate").toAbsolutePath().toString(),
                "run", "--simulate", "--quiet", "--site", siteFile.toString(), "--state-dir", state.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("STREETGATE_JAVA_OPTS");
        builder.environment().putAll(environment);
        // the launcher execs java, so this process is the JVM itself
        return new RunningGateway(state, log, brokerPort, statusPort, consolePort, builder.start());
    }

    private static Path writeSite(Path dir, int brokerPort, int statusPort, int consolePort, double speed,
                                  java.util.function.UnaryOperator<String> editSite) throws IOException {
        String site = Files.readString(DIST.resolve("conf/simulated-street.yaml"))
                .replace("port: 1884", "port: " + brokerPort)
                .replace("port: 8087", "port: " + statusPort)
                .replace("port: 8443", "port: " + consolePort)
                .replace("port: 5684", "port: " + freeUdpPort())
                .replace("port: 15020", "port: " + freePort())
                .replace("speed: 10", "speed: " + speed);
        Path siteFile = dir.resolve("site.yaml");
        Files.writeString(siteFile, editSite.apply(site));
        return siteFile;
    }

    /**
     * The launcher's class path. With another framework jar (Equinox), Felix's jar is left out: Equinox
     * carries its own signed copy of the Felix resolver packages, and the JVM refuses to mix the two.
     */
    private static String classPath(Path extraJar) throws IOException {
        if (extraJar == null) {
            return DIST.resolve("lib") + File.separator + "*";
        }
        List<String> entries = new ArrayList<>();
        try (var jars = Files.list(DIST.resolve("lib"))) {
            jars.filter(j -> !j.getFileName().toString().startsWith("org.apache.felix.framework"))
                    .forEach(j -> entries.add(j.toString()));
        }
        entries.add(extraJar.toString());
        return String.join(File.pathSeparator, entries);
    }

    private static int freeUdpPort() throws IOException {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The status report, or null while the endpoint does not answer yet. */
    Map<String, Object> status() {
        try {
            Path tokenFile = state.resolve("status.token");
            if (!Files.exists(tokenFile)) {
                return null;
            }
            String token = Files.readString(tokenFile).trim();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort
                            + "/status")).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200 ? JSON.std.mapFrom(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Sends a request to the status endpoint and returns the HTTP code. */
    int request(String method, String path) throws Exception {
        String token = Files.readString(state.resolve("status.token")).trim();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + path))
                .header("Authorization", "Bearer " + token);
        b = method.equals("POST") ? b.POST(HttpRequest.BodyPublishers.noBody()) : b.method(method,
                HttpRequest.BodyPublishers.noBody());
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Waits for a status report that satisfies the condition; fails with the last report and the log. */
    Map<String, Object> awaitStatus(String what, Predicate<Map<String, Object>> condition, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the gateway exited with " + process.exitValue() + " while waiting for "
                        + what + "; log:\n" + logText());
            }
            Map<String, Object> s = status();
            if (s != null) {
                last = s;
                if (condition.test(s)) {
                    return s;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; last status: "
                + (last == null ? "none" : JSON.std.asString(last)) + "\nlog:\n" + logText());
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The gateway's process id (for what /proc says of it). */
    long pid() {
        return process.pid();
    }

    /** Waits for the process to end by itself; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the gateway did not exit within " + timeout + "; log:\n" + logText());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM and waits for the process to end; returns its exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the gateway did not stop within " + timeout + " of SIGTERM; log:\n" + logText());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
