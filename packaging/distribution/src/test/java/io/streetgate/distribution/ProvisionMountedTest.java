package io.streetgate.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code streetgate provision} is the technicians' command of the launcher (specified in packaging/provision):
 * here the shipped example site file is installed and the node's key made, through the launcher.
 */
class ProvisionMountedTest {

    @TempDir
    Path dir;

    @Test
    void theLauncherProvisionsANodeWithTheExampleSiteFile() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Streetgate.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        Path state = dir.resolve("state");
        Path etc = dir.resolve("etc");

        int exit = cli.execute("provision", "--state-dir", state.toString(), "--config-dir", etc.toString(),
                "--site", "src/main/dist/conf/simulated-street.yaml", "--broker", "ssl://mqtt.city.example:8883");

        assertEquals(0, exit, out + "\n" + err);
        assertTrue(out.toString().contains("provision pole-0042"), out.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(state.resolve("identity/node.key"))));
        assertTrue(Files.readString(state.resolve("identity/node.csr")).startsWith("-----BEGIN CERTIFICATE REQUEST-----"));
        assertEquals(Files.readString(Path.of("src/main/dist/conf/simulated-street.yaml")),
                Files.readString(etc.resolve("site.yaml")));
    }
}
