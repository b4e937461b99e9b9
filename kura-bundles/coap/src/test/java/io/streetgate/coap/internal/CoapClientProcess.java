package io.streetgate.coap.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * libcoap's command-line client (Debian package libcoap3-bin) as a constrained node: started by the test,
 * stopped by its own process id. A missing binary fails the test naming the package.
 */
final class CoapClientProcess implements AutoCloseable {

    static final String OPENSSL = "/usr/bin/coap-client-openssl";
    static final String NOTLS = "/usr/bin/coap-client-notls";

    private final Process process;
    private final Path out;
    private final Path err;

    private CoapClientProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static String binary(String path) {
        if (!Files.isExecutable(Path.of(path))) {
            throw new AssertionError(path + " is missing: install the Debian package libcoap3-bin "
                    + "(apt-get install -y libcoap3-bin)");
        }
        return path;
    }

    /** Starts the client with these arguments; output goes to files in {@code dir}. */
    static CoapClientProcess start(Path dir, String binary, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binary(binary));
        command.addAll(args);
        Path out = Files.createTempFile(dir, "coap-client", ".out");
        Path err = Files.createTempFile(dir, "coap-client", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new CoapClientProcess(p, out, err);
    }

    /** Runs the client to its end (at most a minute) and returns what it said on stdout and stderr. */
    static Result run(Path dir, String binary, String... args) throws IOException, InterruptedException {
        try (CoapClientProcess p = start(dir, binary, List.of(args))) {
            if (!p.process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("coap-client did not end: " + String.join(" ", args) + "\n" + p.output());
            }
            return new Result(p.process.exitValue(), Files.readString(p.out, StandardCharsets.UTF_8),
                    Files.readString(p.err, StandardCharsets.UTF_8));
        }
    }

    /** Waits for the client to end (failing after the deadline) and returns what it printed. */
    String awaitEnd(Duration deadline) throws IOException, InterruptedException {
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("coap-client did not end within " + deadline.toSeconds() + " s:\n" + output());
        }
        return output();
    }

    /** What the client printed so far, stdout then stderr. */
    String output() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8);
    }

    /** Waits until the client's output satisfies the condition. */
    String awaitOutput(String what, Predicate<String> condition, Duration deadline)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        String text = output();
        while (!condition.test(text)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("waited " + deadline.toSeconds() + " s for coap-client to print " + what
                        + "; it printed:\n" + text);
            }
            Thread.sleep(50);
            text = output();
        }
        return text;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The client's exit code and output. */
    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }
}
