package io.streetgate.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code streetgate scan} on the simulated street: the real scans over simulated buses and a Modbus TCP server. */
class ScanCommandTest {

    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int scan(String... args) {
        CommandLine cli = Streetgate.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 3];
        all[0] = "scan";
        all[1] = "--state-dir";
        all[2] = dir.resolve("state").toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return cli.execute(all);
    }

    private Path street() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path site = dir.resolve("street.yaml");
        Files.writeString(site, Files.readString(Path.of("src/main/dist/conf/simulated-street.yaml"))
                .replace("port: 15020", "port: " + port));
        return site;
    }

    @Test
    void theSimulatedStreetsChipsAreFoundAndConfirmedAndItsMeterAnswersAtItsUnit() throws Exception {
        assertEquals(0, scan("--simulate", "--site", street().toString(), "--units", "1-3", "--timeout", "200"),
                out + "\n" + err);
        String o = out.toString();
        assertTrue(o.contains("I2C bus 1"), o);
        assertTrue(o.contains("0x76  BME280 (confirmed)  chip id 0x60"), o);
        assertTrue(o.contains("0x23  BH1750 (likely)"), o);
        assertTrue(o.contains("0x44  SHT4x (confirmed)"), o);
        assertTrue(o.contains("0x62  SCD4x (confirmed)"), o);
        assertTrue(o.contains("unit 1  answered"), o);
        assertTrue(o.contains("1 unit(s) answer: [1]"), o);
        assertFalse(o.contains("unit 2  answered"), o);
        assertTrue(o.contains("Serial ports"), o);
    }

    @Test
    void aModbusServerThatIsNotThereIsReportedAndTheExitCodeSaysSo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertEquals(1, scan("--modbus-tcp", "127.0.0.1:" + port, "--units", "1-2"), out + "\n" + err);
        assertTrue(out.toString().contains("Modbus modbus-tcp (tcp 127.0.0.1:" + port + "), units 1..2"), out.toString());
        assertTrue(out.toString().contains("cannot be scanned"), out.toString());
    }

    @Test
    void badRangesAreRefusedWithTheFix() {
        assertEquals(2, scan("--modbus-tcp", "127.0.0.1:502", "--units", "0-300"));
        assertTrue(err.toString().contains("--units 0-300: give unit ids within 1-247"), err.toString());
        assertArrayEquals(new int[]{5, 5}, ScanCommand.unitRange("5"));
        assertArrayEquals(new int[]{1, 32}, ScanCommand.unitRange("1-32"));
        assertThrows(IllegalArgumentException.class, () -> ScanCommand.unitRange("9-3"));
    }
}
