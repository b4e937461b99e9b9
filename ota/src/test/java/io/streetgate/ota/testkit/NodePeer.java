package io.streetgate.ota.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node side of the interoperability tests (src/test/node). A missing node or node_modules fails the
 * test with the command that fixes it; it is never skipped.
 */
public final class NodePeer {
    public static final Path DIR = Path.of("src/test/node").toAbsolutePath();

    public record Result(int code, String out, String err) {
    }

    private NodePeer() {
    }

    public static Result run(String script, String... args) throws IOException, InterruptedException {
        if (!Files.isDirectory(DIR.resolve("node_modules/tuf-js")) || !Files.isDirectory(DIR.resolve("node_modules/@tufjs/models"))) {
            throw new AssertionError("the Node peers are not installed: run `npm ci --prefix ota/src/test/node`"
                    + " (needs Node 20 and npm; Debian package nodejs) before the Maven build");
        }
        List<String> cmd = new ArrayList<>(List.of("node", DIR.resolve(script).toString()));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(DIR.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start `node`: install Node 20 (Debian package nodejs) — " + e.getMessage(), e);
        }
        try {
            var out = p.getInputStream();
            var err = p.getErrorStream();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError("node " + script + " did not finish within 120 s");
            }
            return new Result(p.exitValue(), new String(out.readAllBytes(), StandardCharsets.UTF_8),
                    new String(err.readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }
}
