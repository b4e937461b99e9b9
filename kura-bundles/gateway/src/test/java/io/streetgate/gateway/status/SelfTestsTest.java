package io.streetgate.gateway.status;

import io.streetgate.driver.Health;
import io.streetgate.driver.SelfTestResult;
import io.streetgate.driver.SelfTestResult.Check;
import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.CommandHandler;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.SelfTestable;
import io.streetgate.site.SiteConfig;
import io.streetgate.site.SiteFile;
import io.streetgate.driver.DeviceCatalog;
import io.streetgate.driver.time.TimeBase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelfTestsTest {

    private static final Instant NOW = Instant.parse("2026-06-21T20:00:00Z");
    private static final String SITE = """
            node: { id: pole-7 }
            buses:
              i2c-1: { kind: i2c, number: 1 }
              gpio: { kind: gpio }
            sensors:
              env-1: { type: bme280, bus: i2c-1, address: 0x76 }
              light-1: { type: bh1750, bus: i2c-1, address: 0x23 }
            actuators:
              lamp-1: { type: pwm_dimmer, bus: gpio, channel: 0 }
              heater: { type: relay, bus: gpio, pin: 22 }
            """;

    private final HealthRegistryImpl health = new HealthRegistryImpl();
    private final List<SelfTestable> testables = new ArrayList<>();
    private final FakeControl control = new FakeControl();
    private final List<CommandHandler> handlers = new ArrayList<>(List.of(control));
    private final SiteConfig config = SiteFile.parse(SITE, "site.yaml", DeviceCatalog.installed()).config().orElseThrow();
    private final SelfTests tests = new SelfTests(() -> Optional.of(config), testables, handlers, health,
            TimeBase.accelerated(NOW, 60));

    /** What the control component does with overrides and releases, reduced to levels, and its status parts. */
    final class FakeControl implements CommandHandler {
        final Map<String, Double> levels = new HashMap<>(Map.of("lamp-1", 0.0, "heater", 1.0));
        final Map<String, Double> reports = new HashMap<>();
        final Map<String, String> broken = new HashMap<>();
        final List<Command> received = new ArrayList<>();

        FakeControl() {
            levels.keySet().forEach(this::report);
        }

        void report(String id) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("role", id.startsWith("lamp") ? "lamp" : "heating");
            d.put("level", levels.get(id));
            d.put("applied", levels.get(id));
            health.report("actuator/" + id, Health.ok(NOW), d);
        }

        @Override
        public Set<String> commands() {
            return Set.of("actuator.override", "actuator.release");
        }

        @Override
        public CommandResult handle(Command command) {
            received.add(command);
            String id = command.target();
            if (broken.containsKey(id)) {
                return CommandResult.refused(id + " did not take the level (" + broken.get(id) + ")");
            }
            if (command.name().equals("actuator.override")) {
                double level = ((Number) command.arguments().get("level")).doubleValue();
                levels.put(id, level);
                return CommandResult.done(id + " overridden to " + level, Map.of("level", level,
                        "applied", reports.getOrDefault(id, level)));
            }
            return CommandResult.done(id + " released; now 0.4 (schedule)", Map.of("level", 0.4));
        }
    }

    record FakeTestable(String deviceId, String kind, SelfTestResult result) implements SelfTestable {
        @Override
        public SelfTestResult selfTest(Duration timeout) {
            if (result == null) {
                throw new IllegalStateException("bus closed");
            }
            return result;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> checks(Map<String, Object> result) {
        return (List<Map<String, Object>>) result.get("checks");
    }

    private Map<String, Object> test(String id) {
        return tests.test(tests.device(id).orElseThrow(), Duration.ofSeconds(5));
    }

    @Test
    void theDevicesAreTheSensorsThenTheActuatorsOfTheSiteFile() {
        assertEquals(List.of(new SelfTests.Device("env-1", "sensor", "bme280"),
                new SelfTests.Device("light-1", "sensor", "bh1750"),
                new SelfTests.Device("lamp-1", "actuator", "pwm_dimmer"),
                new SelfTests.Device("heater", "actuator", "relay")), tests.devices());
        assertTrue(tests.device("nope").isEmpty());
    }

    @Test
    void aSensorIsTestedByTheComponentThatOwnsIt() {
        testables.add(new FakeTestable("env-1", "sensor", SelfTestResult.of("env-1", List.of(
                Check.pass("reachable", "BME280 0x60"), Check.pass("temperature", "21.4 Cel")))));
        Map<String, Object> result = test("env-1");
        assertEquals(true, result.get("passed"));
        assertEquals("bme280", result.get("type"));
        assertEquals(List.of(Map.of("name", "reachable", "passed", true, "detail", "BME280 0x60"),
                Map.of("name", "temperature", "passed", true, "detail", "21.4 Cel")), checks(result));
    }

    @Test
    void aSensorThatNothingSamplesFailsWithItsHealthReason() {
        health.report("sensor/light-1", Health.faulty("CONFIGURATION: no driver", NOW), Map.of());
        Map<String, Object> result = test("light-1");
        assertEquals(false, result.get("passed"));
        assertEquals(List.of(Map.of("name", "running", "passed", false, "detail", "CONFIGURATION: no driver")),
                checks(result));
        assertEquals("no component samples it; see streetgate status", checks(test("env-1")).get(0).get("detail"));
    }

    @Test
    void aTestThatThrowsIsAFailedCheck() {
        testables.add(new FakeTestable("env-1", "sensor", null));
        Map<String, Object> result = test("env-1");
        assertEquals(false, result.get("passed"));
        assertEquals("error: java.lang.IllegalStateException: bus closed", checks(result).get(0).get("detail"));
    }

    @Test
    void anActuatorIsSetToTheFartherEndOfItsRangeReadBackAndReleasedThroughItsControl() {
        Map<String, Object> lamp = test("lamp-1");
        assertEquals(true, lamp.get("passed"), lamp.toString());
        assertEquals(List.of("set 1", "read back", "restore"), checks(lamp).stream().map(c -> c.get("name")).toList());
        assertEquals("reports 1", checks(lamp).get(1).get("detail"));
        Command override = control.received.get(0);
        assertEquals("actuator.override", override.name());
        assertEquals("lamp-1", override.target());
        // 60 s of real time at 60x is an hour of gateway time: the override ends by itself if the test is cut short
        assertEquals(Map.of("level", 1.0, "for", "1h", "note", "self-test"), override.arguments());
        assertEquals("local:selftest", override.origin());
        assertEquals("actuator.release", control.received.get(1).name());

        // the heater is on: its test switches it off
        test("heater");
        assertEquals(0.0, control.received.get(2).arguments().get("level"));
    }

    @Test
    void anOutputThatRefusesTheLevelFailsTheSetStep() {
        control.broken.put("lamp-1", "NACK: remote I/O error");
        Map<String, Object> lamp = test("lamp-1");
        assertEquals(false, lamp.get("passed"));
        assertEquals(List.of(Map.of("name", "set 1", "passed", false,
                "detail", "lamp-1 did not take the level (NACK: remote I/O error)")), checks(lamp));
    }

    @Test
    void anOutputThatReportsAnotherLevelFailsTheReadBackAndIsStillReleased() {
        control.reports.put("lamp-1", 0.0);
        Map<String, Object> lamp = test("lamp-1");
        assertEquals(false, lamp.get("passed"));
        assertEquals(Map.of("name", "read back", "passed", false, "detail", "reports 0"), checks(lamp).get(1));
        assertEquals("actuator.release", control.received.get(1).name());
    }

    @Test
    void anOutputTheControlHoldsBackPassesOnceItSwitchesWithinTheTimeout() throws Exception {
        // the heater's minimum off time outranks the override: the control answers "applied 1" only later
        control.levels.put("heater", 0.0);
        control.report("heater");
        control.reports.put("heater", 0.0);
        Thread later = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            health.report("actuator/heater", Health.ok(NOW), Map.of("role", "heating", "level", 1.0, "applied", 1.0));
        });
        later.start();
        Map<String, Object> heater = tests.test(tests.device("heater").orElseThrow(), Duration.ofSeconds(20));
        later.join();
        assertEquals(Map.of("name", "read back", "passed", true, "detail", "reports 1"), checks(heater).get(1));
        assertEquals(true, heater.get("passed"));
    }

    @Test
    void anOutputHeldBackPastTheTimeoutFailsSayingWhy() {
        control.reports.put("lamp-1", 0.0);
        health.report("actuator/lamp-1", Health.ok(NOW), Map.of("role", "lamp", "level", 0.0, "applied", 0.0,
                "detail", "held off until 20:05 (minimum off time)"));
        Map<String, Object> lamp = tests.test(tests.device("lamp-1").orElseThrow(), Duration.ofSeconds(1));
        assertEquals(Map.of("name", "read back", "passed", false,
                "detail", "reports 0 (held off until 20:05 (minimum off time))"), checks(lamp).get(1));
    }

    @Test
    void anActuatorUnderAManualOverrideIsNotTouched() {
        health.report("actuator/lamp-1", Health.ok(NOW), Map.of("role", "lamp", "level", 0.7,
                "override_until", "2026-06-21T23:00:00Z", "override_by", "cli:anna"));
        Map<String, Object> lamp = test("lamp-1");
        assertEquals(false, lamp.get("passed"));
        assertEquals("free", checks(lamp).get(0).get("name"));
        assertTrue(checks(lamp).get(0).get("detail").toString().contains("cli:anna until 2026-06-21T23:00:00Z"));
        assertTrue(control.received.isEmpty());
    }

    @Test
    void anActuatorWithoutControlFails() {
        health.remove("actuator/heater");
        handlers.clear();
        Map<String, Object> heater = test("heater");
        assertEquals(false, heater.get("passed"));
        assertEquals("control", checks(heater).get(0).get("name"));
    }

    @Test
    void anActuatorsOwnSelfTestIsPreferred() {
        testables.add(new FakeTestable("lamp-1", "actuator", SelfTestResult.of("lamp-1",
                List.of(Check.pass("read back", "0.30")))));
        assertEquals(true, test("lamp-1").get("passed"));
        assertTrue(control.received.isEmpty());
    }

    @Test
    void aPersonMayLookAtATestLevelForUpToFiveMinutes() {
        SelfTests.Device lamp = tests.device("lamp-1").orElseThrow();
        SelfTests.Held held = tests.hold(lamp, Duration.ofSeconds(20));
        assertTrue(held.accepted());
        assertEquals(1.0, held.level());
        assertEquals(Optional.of(1.0), held.applied());
        assertEquals(0.0, held.previous());
        assertEquals("lamp", held.role());
        assertEquals("20m", control.received.get(0).arguments().get("for"));
        assertTrue(tests.release(lamp).accepted());
        assertThrows(IllegalArgumentException.class, () -> tests.hold(lamp, Duration.ofMinutes(6)));
        assertThrows(IllegalArgumentException.class, () -> tests.hold(lamp, Duration.ZERO));
        assertFalse(control.received.size() > 2);
    }
}
