package io.streetgate.distribution;

import com.fasterxml.jackson.jr.ob.JSON;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code streetgate selftest} against the built distribution running on the simulated street: every sensor and
 * actuator passes; a fault injected through {@code /sim/fault} fails exactly the line of its device (a sensor that
 * stops answering, an output that no longer takes a level); a person at the terminal sees the lamp at its test
 * level while asked, and the lamp goes back to its control after.
 */
class SelfTestIT {

    private static final Duration UP = Duration.ofSeconds(90);
    /** Outputs on the simulated street, added when the shipped street has none. */
    private static final String ACTUATORS = """

            actuators:
              lamp-1: { type: pwm_dimmer, bus: gpio, channel: 0 }
              cab-heater: { type: relay, bus: gpio, pin: 22 }
            """;

    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private RunningGateway start() throws Exception {
        String street = Files.readString(RunningGateway.DIST.resolve("conf/simulated-street.yaml"));
        return RunningGateway.start(dir, "felix", null, 60, street.contains("\nactuators:") ? "" : ACTUATORS);
    }

    private static List<Map<String, Object>> parts(Map<String, Object> status, String prefix) {
        return GatewayRuntimeIT.list(status, "parts").stream()
                .filter(p -> String.valueOf(p.get("name")).startsWith(prefix)).toList();
    }

    /** Every sensor sampled fine, every actuator driven by the control. */
    private static boolean ready(Map<String, Object> s) {
        List<Map<String, Object>> sensors = parts(s, "sensor/");
        List<Map<String, Object>> actuators = parts(s, "actuator/");
        return sensors.size() >= 4 && sensors.stream().allMatch(p -> "ok".equals(p.get("state")))
                && actuators.size() >= 2 && actuators.stream().allMatch(p -> p.get("details") instanceof Map<?, ?> d
                && d.containsKey("applied"));
    }

    private int selftest(RunningGateway gw, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = Streetgate.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("selftest", "--state-dir", gw.state.toString()));
        all.addAll(List.of(args));
        return cli.execute(all.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Boolean> passedByDevice() throws Exception {
        Map<String, Boolean> passed = new LinkedHashMap<>();
        for (Map<String, Object> d : (List<Map<String, Object>>) JSON.std.mapFrom(out.toString()).get("devices")) {
            passed.put((String) d.get("device"), (Boolean) d.get("passed"));
        }
        return passed;
    }

    private String line(String device) {
        return out.toString().lines().filter(l -> l.length() > 5 && l.substring(5).startsWith(device + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + device + " in\n" + out));
    }

    @Test
    void everyDevicePassesAndAnInjectedFaultFailsExactlyItsLine() throws Exception {
        try (RunningGateway gw = start()) {
            gw.awaitStatus("every sensor ok and every actuator driven", SelfTestIT::ready, UP);

            assertEquals(0, selftest(gw, "--json"), out + "\n" + err + "\n" + gw.logText());
            Map<String, Object> report = JSON.std.mapFrom(out.toString());
            assertEquals(true, report.get("simulated"), "the report says the street was simulated");
            assertEquals("gateway-simulated", report.get("mode"));
            Map<String, Boolean> passed = passedByDevice();
            assertTrue(passed.keySet().containsAll(List.of("env-1", "light-1", "pir-north", "pir-south", "lamp-1",
                    "cab-heater")), passed.toString());
            assertTrue(passed.values().stream().allMatch(p -> p), passed.toString());

            // the BME280 and BH1750 share I2C bus 1: only the one that stopped answering fails
            assertEquals(200, gw.request("POST", "/sim/fault?device=light-1&fault=nack"));
            assertEquals(1, selftest(gw), out.toString());
            assertTrue(line("light-1").startsWith("FAIL light-1      reachable: "), out.toString());
            assertEquals("selftest pole-0042 (simulated)", out.toString().lines().findFirst().orElse(""));
            assertTrue(line("env-1").startsWith("PASS "), out.toString());
            assertTrue(line("lamp-1").startsWith("PASS "), out.toString());
            out.toString().lines().forEach(l -> assertTrue(l.length() <= SelfTestReport.WIDTH, l));
            assertTrue(out.toString().contains("FAIL: 1 of "), out.toString());

            // an output that keeps its old level: the control refuses the test level, the line says why
            assertEquals(200, gw.request("DELETE", "/sim/fault?device=light-1"));
            assertEquals(200, gw.request("POST", "/sim/fault?device=lamp-1&fault=stuck"));
            assertEquals(1, selftest(gw, "--json"), out.toString());
            passed = passedByDevice();
            assertEquals(false, passed.get("lamp-1"), out.toString());
            passed.remove("lamp-1");
            assertTrue(passed.values().stream().allMatch(p -> p), "only lamp-1 fails: " + out);

            assertEquals(200, gw.request("DELETE", "/sim/fault?device=lamp-1"));
            gw.awaitStatus("lamp-1 ok again", s -> parts(s, "actuator/lamp-1").stream()
                    .allMatch(p -> "ok".equals(p.get("state"))), UP);
            assertEquals(0, selftest(gw, "lamp-1", "light-1"), out + "\n" + err);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPersonSeesTheLampAtItsTestLevelWhileAskedAndItGoesBackToItsControl() throws Exception {
        try (RunningGateway gw = start()) {
            gw.awaitStatus("every sensor ok and every actuator driven", SelfTestIT::ready, UP);
            List<Object> appliedWhileAsked = new ArrayList<>();
            List<String> asked = new ArrayList<>();
            List<Integer> waved = new ArrayList<>();
            Technician person = new Technician() {
                @Override
                public void tell(String text) {
                    asked.add(text);
                    if (text.startsWith("Wave at pir-north")) {
                        // what the prompt tells a technician on a simulated street to do
                        try {
                            waved.add(gw.request("POST", "/sim/motion?device=pir-north"));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }

                @Override
                public boolean confirm(String question) {
                    asked.add(question);
                    Map<String, Object> lamp = parts(gw.status(), "actuator/lamp-1").get(0);
                    appliedWhileAsked.add(((Map<String, Object>) lamp.get("details")).get("applied"));
                    return true;
                }
            };
            SelfTestCommand command = new SelfTestCommand();
            CommandLine cli = new CommandLine(command);
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            command.technician = () -> Optional.of(person);
            assertEquals(0, cli.execute("pir-north", "lamp-1", "--state-dir", gw.state.toString(), "--details",
                    "--watch", "60"), out + "\n" + err);

            // the lamp's control may change it between any reading here and the self-test's (dusk comes a minute
            // after the start): the question says which level the test chose, from the lamp as the self-test found it
            assertEquals(2, asked.size(), asked.toString());
            assertEquals("Wave at pir-north within 60 s... (simulated street: streetgate sim motion pir-north)", asked.get(0));
            assertTrue(List.of("Does lamp-1 light up?", "Does lamp-1 go dark?").contains(asked.get(1)), asked.toString());
            double expected = asked.get(1).endsWith("light up?") ? 1 : 0;
            assertEquals(List.of(200), waved);
            assertTrue(out.toString().contains("  ok motion seen"), out.toString());
            assertEquals(expected, ((Number) appliedWhileAsked.get(0)).doubleValue());
            assertTrue(out.toString().contains("  ok seen by eye yes"), out.toString());
            // released: no override is left on the lamp
            gw.awaitStatus("lamp-1 back under its control", s -> parts(s, "actuator/lamp-1").stream()
                    .noneMatch(p -> ((Map<String, Object>) p.get("details")).containsKey("override_until")), UP);
        }
    }
}
