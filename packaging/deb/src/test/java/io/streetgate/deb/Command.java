package io.streetgate.deb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end and keeps its exit code and output (stdout and stderr together). */
record Command(int exitCode, String output) {

    static Command run(Path dir, String... command) throws IOException, InterruptedException {
        // the output goes to a file, not a pipe read to its end: a command that never ends (a gateway that
        // started when it should have refused to) is then stopped at the time limit instead of hanging the test
        Path out = Files.createTempFile("command", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not end:\n" + Files.readString(out));
            }
            return new Command(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static boolean installed(String tool) {
        return List.of("/usr/bin/", "/bin/", "/usr/sbin/").stream().anyMatch(d -> Files.isExecutable(Path.of(d + tool)));
    }

    Command ok() {
        if (exitCode != 0) {
            throw new AssertionError("exit code " + exitCode + ":\n" + output);
        }
        return this;
    }
}
