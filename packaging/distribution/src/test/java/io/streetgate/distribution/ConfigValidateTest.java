package io.streetgate.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code streetgate config validate}: what a technician sees, and the exit code scripts see. */
class ConfigValidateTest {

    private static final Path SIMULATED_STREET = Path.of("src/main/dist/conf/simulated-street.yaml");
    private static final Path EXAMPLE_SITE = Path.of("src/main/dist/conf/site.yaml");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int validate(Path file) {
        CommandLine cli = Streetgate.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute("config", "validate", file.toString());
    }

    @Test
    void theShippedSiteFilesAreValid() {
        assertEquals(0, validate(SIMULATED_STREET), err.toString());
        assertTrue(out.toString().contains("is valid: node pole-0042, 3 bus(es), 9 sensor(s)"), out.toString());
        assertEquals(0, validate(EXAMPLE_SITE), err.toString());
    }

    @Test
    void aTypoGivesAClearMessageAndExitCode2() throws Exception {
        Path file = dir.resolve("site.yaml");
        Files.writeString(file, Files.readString(SIMULATED_STREET).replace("    period: 10s", "    perod: 10s"));

        assertEquals(2, validate(file));
        assertTrue(err.toString().contains("site.yaml:22: sensors.env-1.perod: is not a known key; did you mean "
                + "'period'?"), err.toString());
        assertTrue(err.toString().contains("has 1 problem(s); the entries with problems would not run"), err.toString());
    }

    @Test
    void aModbusMapFileIsReadAsTheDriverReadsItAndEachMistakeNamed() throws Exception {
        Path site = dir.resolve("site.yaml");
        Files.createDirectories(dir.resolve("maps"));
        Files.writeString(dir.resolve("maps/pump-7.yaml"), String.join("\n",
                "type: pump-7",
                "addressing: one-based",
                "defaults: { table: input, data-type: FLOAT32, word-order: CDBA }",
                "points:",
                "  - { name: pump_flow, address: 3, unit: l/s }",
                "  - { name: frequency, address: 5, unit: hz }",
                "  - { name: pump_speed_setpoint, address: 7, unit: \"%\", kind: setting }",
                ""));
        Files.writeString(site, Files.readString(SIMULATED_STREET).replace("sensors:\n", String.join("\n",
                "sensors:",
                "  pump-1: { type: modbus-device, bus: modbus-gw, unit: 7, options: { map: maps/pump-7.yaml } }",
                "  pump-2: { type: modbus-device, bus: modbus-gw, unit: 8, options: { map: maps/missing.yaml } }",
                "")));

        assertEquals(2, validate(site));
        String problems = err.toString();
        assertTrue(problems.contains("site.yaml:18: sensors.pump-1.options.map: 'maps/pump-7.yaml' "
                + "defaults.word-order='CDBA' is not ABCD (big-endian), CDAB (word-swapped)"), problems);
        assertTrue(problems.contains("site.yaml:18: sensors.pump-1.options.map: 'maps/pump-7.yaml' points[1] "
                + "(frequency).unit='hz' is not a SenML unit this gateway knows"), problems);
        assertTrue(problems.contains("site.yaml:18: sensors.pump-1.options.map: 'maps/pump-7.yaml' points[2] "
                + "(pump_speed_setpoint).kind='setting' is not measurement (a value that varies: min, mean and max "
                + "per window) or state (a setting or flag the device reports: its last value per window)"), problems);
        assertTrue(problems.contains("site.yaml:19: sensors.pump-2.options.map: 'maps/missing.yaml' cannot be read"),
                problems);
        assertTrue(problems.contains("has 4 problem(s)"), problems);
    }

    @Test
    void aFileThatIsNotYamlCannotBeUsed() throws Exception {
        Path file = dir.resolve("site.yaml");
        Files.writeString(file, "node: [unclosed\n");

        assertEquals(2, validate(file));
        assertTrue(err.toString().contains("is not valid YAML"), err.toString());
        assertTrue(err.toString().contains("it cannot be used"), err.toString());
    }

    @Test
    void aMissingFileIsNamed() {
        assertEquals(2, validate(dir.resolve("nope.yaml")));
        assertTrue(err.toString().contains("nope.yaml: (file): cannot be read"), err.toString());
    }

    @Test
    void anUnknownCommandIsBadInput() {
        CommandLine cli = Streetgate.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute("config", "check"));
    }
}
