package io.streetgate.distribution;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.driver.SelfTestResult.Check;
import io.streetgate.distribution.SelfTestReport.Device;
import io.streetgate.distribution.SelfTestReport.DeviceResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code streetgate selftest}: the report a technician reads (at most 40 columns, one line per device), the JSON
 * for the ticket system, the exit codes, the questions asked when a person is at the terminal and none under
 * scripts; then the offline test on a simulated street built in this process, with injected faults failing
 * exactly their device's line.
 */
class SelfTestCommandTest {

    /** A small simulated street: I2C and GPIO sensors, a dimmed lamp and a relay. */
    static final String STREET = """
            node: { id: pole-0042, site: harbour-street, latitude: 53.5461, longitude: 9.9661 }
            buses:
              i2c-1: { kind: i2c, number: 1 }
              gpio: { kind: gpio, chip: gpiochip0 }
            sensors:
              env-1: { type: bme280, bus: i2c-1, address: 0x76 }
              light-1: { type: bh1750, bus: i2c-1, address: 0x23 }
              cab-temp: { type: sht4x, bus: i2c-1, address: 0x44 }
              pir-north: { type: pir, bus: gpio, pin: 17 }
            actuators:
              lamp-1: { type: pwm_dimmer, bus: gpio, channel: 0 }
              cab-heater: { type: relay, bus: gpio, pin: 22 }
            control:
              lighting:
                time-zone: Europe/Berlin
                profile: [ { from: dusk, level: 1.0 } ]
                lamps:
                  lamp-1: { class: M4, class-level: 0.3 }
            simulation: { speed: 60, start: 2026-06-21T19:30:00Z, seed: 42 }
            """;

    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    // ---- a bench with devices whose answers the test decides

    static final Device ENV = new Device("env-1", "sensor", "bme280");
    static final Device PIR = new Device("pir-north", "sensor", "pir");
    static final Device LAMP = new Device("lamp-1", "actuator", "pwm_dimmer");
    static final Device BROKEN = new Device("light-sensor-at-the-crossing", "sensor", "bh1750");

    static final class FakeBench implements SelfTestBench {
        final List<Device> devices;
        final Set<String> failing = new HashSet<>();
        final List<String> calls = new ArrayList<>();
        boolean motion = true;
        boolean closed;

        FakeBench(Device... devices) {
            this.devices = List.of(devices);
        }

        @Override
        public String node() {
            return "pole-0042";
        }

        @Override
        public String mode() {
            return "gateway";
        }

        @Override
        public List<Device> devices() {
            return devices;
        }

        @Override
        public DeviceResult test(Device d) {
            calls.add("test " + d.id());
            if (failing.contains(d.id())) {
                return new DeviceResult(d, List.of(Check.fail("reachable",
                        "NACK: nothing answers at I2C bus 1 address 0x23 (Remote I/O error)")));
            }
            return new DeviceResult(d, List.of(Check.pass("reachable", d.type().toUpperCase() + " ok"),
                    Check.pass("value", "21.4 Cel")));
        }

        @Override
        public boolean presence(Device sensor, Duration window) {
            calls.add("watch " + sensor.id() + " " + window.toSeconds() + "s");
            return motion;
        }

        @Override
        public Held hold(Device actuator) {
            calls.add("hold " + actuator.id());
            return new Held(true, "at 1", 1, "lamp");
        }

        @Override
        public Check release(Device actuator) {
            calls.add("release " + actuator.id());
            return Check.pass("restore", "back to its control");
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A person who answers from a script and remembers what was asked and said. */
    static final class ScriptedTechnician implements Technician {
        final Deque<Boolean> answers;
        final List<String> heard = new ArrayList<>();

        ScriptedTechnician(Boolean... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public void tell(String text) {
            heard.add(text);
        }

        @Override
        public boolean confirm(String question) {
            heard.add(question);
            return answers.remove();
        }
    }

    private int run(FakeBench bench, Technician person, String... args) throws Exception {
        SelfTestCommand command = new SelfTestCommand();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.parseArgs(args);
        command.technician = () -> Optional.ofNullable(person);
        return command.run(bench);
    }

    private List<String> lines() {
        return out.toString().lines().toList();
    }

    @Test
    void everyDeviceGetsOneLineOfAtMost40ColumnsAndTheVerdictIsLast() throws Exception {
        FakeBench bench = new FakeBench(ENV, BROKEN, LAMP);
        bench.failing.add(BROKEN.id());
        assertEquals(1, run(bench, null));
        assertEquals(List.of(
                "selftest pole-0042",
                "PASS env-1        BME280 ok",
                "FAIL light-sensor-at-the-crossing reach…",
                "PASS lamp-1       PWM_DIMMER ok",
                "----------------------------------------",
                "Not checked (needs a person at a",
                "     terminal, without --json or",
                "     --no-prompt):",
                "  lamp-1: that it visibly moves",
                "FAIL: 1 of 3 devices"), lines());
        lines().forEach(l -> assertTrue(l.length() <= SelfTestReport.WIDTH, l));
    }

    @Test
    void allPassExitsWith0AndDetailsListEveryCheck() throws Exception {
        assertEquals(0, run(new FakeBench(ENV), null, "--details"));
        assertEquals(List.of(
                "selftest pole-0042",
                "PASS env-1        BME280 ok",
                "  ok reachable BME280 ok",
                "  ok value 21.4 Cel",
                "----------------------------------------",
                "ALL PASS: 1 devices"), lines());
    }

    @Test
    void aLongDetailIsWrappedNotCut() {
        List<String> lines = SelfTestReport.wrap("  !! reachable NO_DEVICE: no answer from I2C bus 1 address 0x23"
                + " (check the wiring and the address jumper)");
        assertEquals(List.of(
                "  !! reachable NO_DEVICE: no answer from",
                "     I2C bus 1 address 0x23 (check the",
                "     wiring and the address jumper)"), lines);
        lines.forEach(l -> assertTrue(l.length() <= SelfTestReport.WIDTH, l));
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonIsTheWholeReportForTheTicketSystem() throws Exception {
        FakeBench bench = new FakeBench(ENV, BROKEN);
        bench.failing.add(BROKEN.id());
        assertEquals(1, run(bench, new ScriptedTechnician(), "--json"));
        Map<String, Object> report = JSON.std.mapFrom(out.toString());
        assertEquals("pole-0042", report.get("node"));
        assertEquals("gateway", report.get("mode"));
        assertEquals(false, report.get("simulated"));
        assertEquals(false, report.get("passed"));
        List<Map<String, Object>> devices = (List<Map<String, Object>>) report.get("devices");
        assertEquals(List.of("env-1", "light-sensor-at-the-crossing"), devices.stream().map(d -> d.get("device")).toList());
        assertEquals(Map.of("device", "light-sensor-at-the-crossing", "kind", "sensor", "type", "bh1750",
                "passed", false, "checks", List.of(Map.of("name", "reachable", "passed", false,
                        "detail", "NACK: nothing answers at I2C bus 1 address 0x23 (Remote I/O error)"))), devices.get(1));
    }

    @Test
    @SuppressWarnings("unchecked")
    void whatOnlyAPersonCanCheckIsListedAsNotCheckedWhenNobodyIsAsked() throws Exception {
        assertEquals(0, run(new FakeBench(ENV, PIR, LAMP), new ScriptedTechnician(), "--json"));
        Map<String, Object> report = JSON.std.mapFrom(out.toString());
        List<Map<String, Object>> devices = (List<Map<String, Object>>) report.get("devices");
        assertEquals(null, devices.get(0).get("not_checked"), "a BME280 needs nobody");
        assertEquals("motion in front of it: needs a person at a terminal", devices.get(1).get("not_checked"));
        assertEquals("that it visibly moves: needs a person at a terminal", devices.get(2).get("not_checked"));

        out.getBuffer().setLength(0);
        assertEquals(0, run(new FakeBench(ENV, PIR, LAMP), new ScriptedTechnician(), "--no-prompt"));
        List<String> lines = lines();
        assertTrue(lines.contains("  " + PIR.id() + ": motion in front of it"), out.toString());
        assertTrue(lines.contains("  " + LAMP.id() + ": that it visibly moves"), out.toString());
        assertEquals("ALL PASS: 3 devices", lines.get(lines.size() - 1), "the verdict stays last");
    }

    @Test
    void namedDevicesAreTheOnlyOnesTestedAndAnUnknownOneIsBadInput() throws Exception {
        FakeBench bench = new FakeBench(ENV, PIR, LAMP);
        assertEquals(0, run(bench, null, "lamp-1"));
        assertEquals(List.of("test lamp-1"), bench.calls);
        assertEquals(2, run(bench, null, "lamp-9"));
        assertTrue(err.toString().contains("no device lamp-9 in the site file; devices: env-1, pir-north, lamp-1"),
                err.toString());
    }

    @Test
    void aPersonAtTheTerminalWavesAtThePirAndSaysWhetherTheLampLightsUp() throws Exception {
        FakeBench bench = new FakeBench(ENV, PIR, LAMP);
        ScriptedTechnician person = new ScriptedTechnician(true);
        assertEquals(0, run(bench, person, "--watch", "15"));
        assertEquals(List.of("Wave at pir-north within 15 s...", "Does lamp-1 light up?"), person.heard);
        assertEquals(List.of("test env-1", "test pir-north", "watch pir-north 15s", "test lamp-1", "hold lamp-1",
                "release lamp-1"), bench.calls);
        assertTrue(out.toString().contains("ALL PASS: 3 devices"), out.toString());
    }

    @Test
    void whatThePersonDidNotSeeFailsItsLine() throws Exception {
        FakeBench bench = new FakeBench(PIR, LAMP);
        bench.motion = false;
        assertEquals(1, run(bench, new ScriptedTechnician(false)));
        assertEquals(List.of(
                "selftest pole-0042",
                "FAIL pir-north    motion: none in 20 s",
                "FAIL lamp-1       seen by eye: no",
                "----------------------------------------",
                "FAIL: 2 of 2 devices"), lines());
        // the lamp was given back to its control although the person said no
        assertTrue(bench.calls.contains("release lamp-1"));
    }

    @Test
    void scriptsAreNeverAsked() throws Exception {
        FakeBench bench = new FakeBench(PIR, LAMP);
        assertEquals(0, run(bench, new ScriptedTechnician(), "--no-prompt"));
        assertEquals(List.of("test pir-north", "test lamp-1"), bench.calls);
        // without a console (System.console() is null under a test runner, a pipe or cron) nobody is asked
        assertEquals(Optional.empty(), Technician.atConsole());
    }

    @Test
    void aDeviceThatFailedItsAutomaticChecksIsNotShownToThePerson() throws Exception {
        FakeBench bench = new FakeBench(LAMP);
        bench.failing.add("lamp-1");
        ScriptedTechnician person = new ScriptedTechnician();
        assertEquals(1, run(bench, person));
        assertTrue(person.heard.isEmpty());
    }

    // ---- the command line as users call it

    private int execute(String... args) {
        CommandLine cli = Streetgate.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void optionsThatDoNotGoTogetherAreBadInput() {
        assertEquals(2, execute("selftest", "--simulate", "--state-dir", dir.toString()));
        assertTrue(err.toString().contains("--simulate needs --offline"), err.toString());
        assertEquals(2, execute("selftest", "--offline", "--fault", "light-1=nack", "--state-dir", dir.toString()));
        assertTrue(err.toString().contains("--fault needs --offline --simulate"), err.toString());
        assertEquals(2, execute("selftest", "--watch", "0", "--state-dir", dir.toString()));
        assertEquals(2, execute("selftest", "--bogus"));
    }

    @Test
    void withoutARunningGatewayItSaysSoAndPointsToOffline() {
        assertEquals(1, execute("selftest", "--state-dir", dir.toString()));
        assertTrue(err.toString().contains("with no gateway running, test with --offline"), err.toString());
    }

    private Path street(String text) throws Exception {
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, text);
        return site;
    }

    @Test
    void offlineOnTheSimulatedStreetEveryDevicePassesAndTheActuatorsAreLeftAsTheyWere() throws Exception {
        Path site = street(STREET);
        assertEquals(0, execute("selftest", "--offline", "--simulate", "--site", site.toString(), "--details",
                "--state-dir", dir.resolve("state").toString()), out + "\n" + err);
        List<String> lines = lines();
        assertEquals("selftest pole-0042 (offline, simulated)", lines.get(0));
        for (String id : List.of("env-1", "light-1", "cab-temp", "pir-north", "lamp-1", "cab-heater")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("PASS " + id + " ")), id + ":\n" + out);
        }
        assertTrue(lines.contains("  ok set 1 ok"), out.toString());
        assertTrue(lines.contains("  ok read back reports 1"), out.toString());
        assertTrue(lines.contains("  ok restore ok"), out.toString());
        assertEquals("ALL PASS: 6 devices", lines.get(lines.size() - 1));
        lines.forEach(l -> assertTrue(l.length() <= SelfTestReport.WIDTH, l));
    }

    @Test
    @SuppressWarnings("unchecked")
    void injectedFaultsFailExactlyTheirDevicesLine() throws Exception {
        Path site = street(STREET);
        assertEquals(1, execute("selftest", "--offline", "--simulate", "--site", site.toString(), "--json",
                "--fault", "light-1=nack", "--fault", "cab-temp=crc", "--fault", "lamp-1=stuck",
                "--state-dir", dir.resolve("state").toString()), err.toString());
        Map<String, Object> report = JSON.std.mapFrom(out.toString());
        Map<String, Boolean> passed = new java.util.LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> checks = new java.util.HashMap<>();
        for (Map<String, Object> d : (List<Map<String, Object>>) report.get("devices")) {
            passed.put((String) d.get("device"), (Boolean) d.get("passed"));
            checks.put((String) d.get("device"), (List<Map<String, Object>>) d.get("checks"));
        }
        assertEquals(Map.of("env-1", true, "light-1", false, "cab-temp", false, "pir-north", true,
                "lamp-1", false, "cab-heater", true), passed);
        assertEquals("reachable", failed(checks.get("light-1")).get("name"));
        assertTrue(failed(checks.get("cab-temp")).get("detail").toString().contains("CRC"), checks.get("cab-temp").toString());
        // a stuck output takes no new level: setting it fails its read-back check in the driver
        assertEquals("set 1", failed(checks.get("lamp-1")).get("name"), checks.get("lamp-1").toString());
    }

    private static Map<String, Object> failed(List<Map<String, Object>> checks) {
        return checks.stream().filter(c -> Boolean.FALSE.equals(c.get("passed"))).findFirst().orElseThrow();
    }

    @Test
    void anUnknownFaultOrDeviceAndASiteFileWithProblemsAreBadInput() throws Exception {
        Path site = street(STREET);
        String state = dir.resolve("state").toString();
        assertEquals(2, execute("selftest", "--offline", "--simulate", "--site", site.toString(), "--fault",
                "light-1=melted", "--state-dir", state));
        assertTrue(err.toString().contains("unknown fault 'melted'; valid: nack, crc, stuck, timeout, garbage, "
                + "short_frame"), err.toString());
        assertEquals(2, execute("selftest", "--offline", "--simulate", "--site", site.toString(), "--fault",
                "lamp-9=nack", "--state-dir", state));
        assertTrue(err.toString().contains("no simulated device 'lamp-9'"), err.toString());
        Path bad = street(STREET.replace("address: 0x76", "adress: 0x76"));
        assertEquals(2, execute("selftest", "--offline", "--simulate", "--site", bad.toString(), "--state-dir", state));
        assertTrue(err.toString().contains("sensors.env-1.adress"), err.toString());
    }

    @Test
    void offlineWithoutThePisBusesEveryDeviceFailsWithTheReason() throws Exception {
        // this build machine has no /dev/i2c-1 and no GPIO chip: what a technician sees on a board whose
        // interfaces are not enabled
        Path site = street(STREET);
        assertEquals(1, execute("selftest", "--offline", "--site", site.toString(), "--state-dir",
                dir.resolve("state").toString()), err.toString());
        List<String> lines = lines();
        assertEquals("selftest pole-0042 (offline)", lines.get(0));
        assertEquals(6, lines.stream().filter(l -> l.startsWith("FAIL ")).count(), out.toString());
        assertFalse(out.toString().contains("PASS "), out.toString());
    }
}
