package io.streetgate.distribution;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A command of the built distribution prints only what it means to: the libraries' WARN lines (Pi4J's GpioD
 * context on a machine that is not a Pi, PLC4X's Netty printing the stack trace of a refused connection) go to
 * the state folder's log/command.log, while the command's own answer and its own errors reach the terminal.
 */
class CommandOutputIT {
    /** A log line as conf/logback.xml writes one to the terminal: a time, then a level. */
    private static final Pattern LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} +(TRACE|DEBUG|INFO|WARN|ERROR) ");

    @TempDir
    static Path dir;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void distribution() {
        if (!Files.isDirectory(RunningGateway.DIST.resolve("lib"))) {
            fail("the distribution is not built at " + RunningGateway.DIST + ": run mvn verify on packaging/distribution");
        }
    }

    private static Run streetgate(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m", "-XX:+UseSerialGC",
                "-Dstreetgate.home=" + RunningGateway.DIST.toAbsolutePath(),
                "-Dlogback.configurationFile=" + RunningGateway.DIST.resolve("conf/logback.xml").toAbsolutePath(),
                "-cp", RunningGateway.DIST.resolve("lib") + File.separator + "*", "io.streetgate.distribution.Streetgate"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("streetgate " + String.join(" ", args) + " did not end within 3 minutes");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aScanPrintsItsAnswerAndTheLibrariesWarningsGoToTheLogFile() throws Exception {
        Path state = dir.resolve("scan-state");
        int port = closedPort();
        Run scan = streetgate("scan", "--modbus-tcp", "127.0.0.1:" + port, "--units", "1-1", "--state-dir",
                state.toString());

        assertEquals(1, scan.exit(), scan.out() + scan.err());
        List<String> lines = scan.out().lines().toList();
        assertEquals("Modbus modbus-tcp (tcp 127.0.0.1:" + port + "), units 1..1", lines.get(0), scan.out());
        assertTrue(lines.get(1).startsWith("  cannot be scanned: bus 'modbus-tcp' (tcp 127.0.0.1:" + port + ") "
                + "cannot be opened: Connection refused"), scan.out());
        assertEquals(2, lines.size(), scan.out());
        assertEquals("", scan.err(), "nothing but the answer: no log line, no library's stack trace");

        String log = Files.readString(state.resolve("log/command.log"));
        assertTrue(log.contains(" WARN "), log);
        assertTrue(log.contains("Connection refused"), "the stack trace a library printed is kept in the log: " + log);
    }

    @Test
    void aCommandsOwnErrorStillReachesTheTerminal() throws Exception {
        Run bad = streetgate("scan", "--modbus-tcp", "127.0.0.1:" + closedPort(), "--units", "0-300", "--state-dir",
                dir.resolve("bad-state").toString());

        assertEquals(2, bad.exit(), bad.out() + bad.err());
        assertTrue(bad.err().contains("--units 0-300: give unit ids within 1-247"), bad.err());
        bad.err().lines().forEach(l -> assertTrue(!LOG_LINE.matcher(l).find(), "a log line in the output: " + l));
    }
}
