package io.streetgate.ota.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs an external command (rauc, reboot) with a timeout; injected so tests can point it at a test setup. */
@FunctionalInterface
public interface CommandRunner {
    record Result(int exitCode, String out, String err) {
    }

    Result run(List<String> command, Duration timeout) throws InstallException;

    /** Runs processes with extra environment variables; a command that outlives its timeout is killed. */
    static CommandRunner processes(Map<String, String> env) {
        return (command, timeout) -> {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(env);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new InstallException("cannot run " + command.get(0) + ": " + e.getMessage()
                        + (command.get(0).equals("rauc") ? " (install the Debian package rauc)" : ""), e);
            }
            try {
                CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
                CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new InstallException(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
                }
                return new Result(p.exitValue(), out.join(), err.join());
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new InstallException(String.join(" ", command) + " interrupted", e);
            }
        };
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
