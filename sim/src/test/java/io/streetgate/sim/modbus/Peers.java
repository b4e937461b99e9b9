package io.streetgate.sim.modbus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Modbus masters these tests hold our slaves against: pymodbus's client under Debian's
 * {@code /usr/bin/python3} (package python3-pymodbus) and {@code mbpoll} (package mbpoll). A missing peer fails
 * the test with the package to install; it is never skipped.
 */
final class Peers {

    static final String PYTHON = "/usr/bin/python3";

    record Result(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private Peers() {
    }

    /** Runs pymodbus_read.py (next to this class in the test resources) with its arguments. */
    static Result pymodbus(String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new AssertionError(PYTHON + " is missing: install the Debian packages python3, python3-pymodbus and python3-serial-asyncio");
        }
        Path script = Files.createTempFile("pymodbus_read", ".py");
        try (var in = Peers.class.getResourceAsStream("pymodbus_read.py")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString()));
        cmd.addAll(List.of(args));
        try {
            Result r = run(cmd, "python3-pymodbus");
            if (r.err.contains("No module named '")) {
                throw new AssertionError("a Python module is missing for " + PYTHON + " (" + r.err.strip()
                        + "): install the Debian packages python3-pymodbus and python3-serial-asyncio");
            }
            return r;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** Runs mbpoll. */
    static Result mbpoll(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("mbpoll"));
        cmd.addAll(List.of(args));
        return run(cmd, "mbpoll");
    }

    static Result run(List<String> cmd, String debianPackage) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + cmd.get(0) + ": install the Debian package " + debianPackage
                    + " (" + e.getMessage() + ")", e);
        }
        try {
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError(cmd.get(0) + " did not finish within 60 s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }
}
