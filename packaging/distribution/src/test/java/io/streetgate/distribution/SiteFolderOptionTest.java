package io.streetgate.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --config-dir DIR}, provision's name for the site folder, points {@code scan}, {@code selftest} and
 * {@code run} at {@code DIR/site.yaml}, as a technician does with a folder brought on a stick.
 */
class SiteFolderOptionTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cli = Streetgate.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** The simulated street as a site folder's site.yaml, its Modbus meter on a free port. */
    private Path siteFolder() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path folder = Files.createDirectories(dir.resolve("pole-0042"));
        Files.writeString(folder.resolve("site.yaml"), Files.readString(Path.of("src/main/dist/conf/simulated-street.yaml"))
                .replace("port: 15020", "port: " + port));
        return folder;
    }

    private String state() {
        return dir.resolve("state").toString();
    }

    @Test
    void scanReadsTheBusesOfTheSiteFoldersFile() throws Exception {
        assertEquals(0, execute("scan", "--simulate", "--config-dir", siteFolder().toString(), "--units", "1-1",
                "--timeout", "200", "--state-dir", state()), out + "\n" + err);
        assertTrue(out.toString().contains("0x76  BME280 (confirmed)"), out.toString());
        assertTrue(out.toString().contains("unit 1  answered"), out.toString());
    }

    @Test
    void anOfflineSelfTestTestsTheDevicesOfTheSiteFoldersFile() throws Exception {
        assertEquals(0, execute("selftest", "--offline", "--simulate", "--config-dir", siteFolder().toString(),
                "--no-prompt", "env-1", "--state-dir", state()), out + "\n" + err);
        assertTrue(out.toString().startsWith("selftest pole-0042 (offline, simulated)"), out.toString());
        assertTrue(out.toString().contains("PASS env-1"), out.toString());
    }

    @Test
    void runReadsTheSiteFoldersFileAndSaysWhichFileCannotBeUsed() throws Exception {
        Path folder = siteFolder();
        Path site = folder.resolve("site.yaml");
        Files.writeString(site, "node: [pole-0042\n"); // not YAML: nothing of it can run, so nothing starts
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stderr = System.err;
        System.setErr(new java.io.PrintStream(printed, true));
        try {
            assertEquals(2, execute("run", "--config-dir", folder.toString(), "--state-dir", state()), out + "\n" + err);
        } finally {
            System.setErr(stderr);
        }
        assertTrue(printed.toString().contains(site.toAbsolutePath() + " cannot be used"), printed.toString());
    }

    @Test
    void aSiteFileAndASiteFolderTogetherAreRefusedAndOfflineIsNeededForTheSelfTest() throws Exception {
        Path folder = siteFolder();
        for (String command : new String[]{"scan", "run"}) {
            assertEquals(2, execute(command, "--site", folder.resolve("site.yaml").toString(),
                    "--config-dir", folder.toString(), "--state-dir", state()), command + ": " + err);
        }
        assertTrue(err.toString().contains("both name the site file; give one of them (--config-dir DIR means "
                + "DIR/site.yaml)"), err.toString());
        assertEquals(2, execute("selftest", "--config-dir", folder.toString(), "--state-dir", state()));
        assertTrue(err.toString().contains("--config-dir needs --offline"), err.toString());
    }
}
