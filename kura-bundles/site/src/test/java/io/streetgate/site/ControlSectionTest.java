package io.streetgate.site;

import io.streetgate.analytics.control.hvac.HvacConfig;
import io.streetgate.analytics.control.lighting.LampConfig;
import io.streetgate.analytics.control.lighting.LightingClass;
import io.streetgate.analytics.control.lighting.LightingConfig;
import io.streetgate.driver.DeviceCatalog;
import io.streetgate.driver.DeviceType;
import io.streetgate.driver.OptionSpec;
import io.streetgate.driver.Quantity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The actuators and control sections: read completely, or every mistake named with its key, value and fix. */
class ControlSectionTest {

    /** The parser's test types and two actuator types shaped like the drivers' ones. */
    static final DeviceCatalog CATALOG = TestCatalog.CATALOG.with(DeviceCatalog.of(List.of(
            new DeviceType("pwm-dimmer", "PWM dimming of an LED driver", List.of("gpio"),
                    DeviceType.Addressing.gpioPin(), List.of(Quantity.LEVEL),
                    List.of(OptionSpec.integer("frequency", "PWM frequency, Hz", 100, 40_000, 1000L))),
            new DeviceType("relay", "relay output", List.of("gpio"), DeviceType.Addressing.gpioPin(),
                    List.of(Quantity.LEVEL), List.of()))));

    static final String SITE = """
            node: { id: pole-0042, latitude: 53.5461, longitude: 9.9661 }
            buses:
              i2c-1: { kind: i2c }
              gpio: { kind: gpio }
            sensors:
              light-1: { type: bh1750, bus: i2c-1, address: 0x23 }
              pir-north: { type: pir, bus: gpio, pin: 17 }
              cab-temp: { type: bme280, bus: i2c-1, address: 0x77 }
              env-1: { type: bme280, bus: i2c-1, address: 0x76 }
            actuators:
              lamp-1: { type: pwm-dimmer, bus: gpio, pin: 18 }
              lamp-2: { type: pwm-dimmer, bus: gpio, pin: 19, options: { frequency: 500 } }
              cab-heater: { type: relay, bus: gpio, pin: 22 }
              cab-fan: { type: relay, bus: gpio, pin: 23 }
            analytics:
              light: { period: 15m, dark-below: 20, light-above: 40 }
            control:
              max-override: 4h
              lighting:
                time-zone: Europe/Berlin
                light-sensor: light-1
                schedule: { day-above: 2, night-below: -6 }
                profile:
                  - { from: dusk, level: 1.0 }
                  - { from: "22:00", level: 0.7 }
                  - { from: "00:00", level: 0.4 }
                  - { from: "05:00", level: 1.0 }
                presence: { level: 1.0, ramp-up: 1s, hold: 90s, fade: 20s, neighbour-level: 0.6 }
                safe-level: 0.8
                lamps:
                  lamp-1: { class: M4, class-level: 0.3, presence: [pir-north], neighbours: [lamp-2], rated-power: 60 }
                  lamp-2: { class: M4, class-level: 0.3, rated-power: 40 }
              hvac:
                cabinet:
                  temperature: cab-temp
                  fallback: env-1
                  heater: cab-heater
                  fan: cab-fan
                  fan-switching: true
                  heating-setpoint: 5
                  cooling-setpoint: 35
                  minimum-on: 3m
                  minimum-off: 5m
                  fail-safe: { band: [0, 45], ventilation: 1 }
            """;

    static SiteFile.Result parse(String yaml) {
        return SiteFile.parse(yaml, "site.yaml", CATALOG);
    }

    static List<String> problems(SiteFile.Result r) {
        return r.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void readsTheActuatorsAndEveryLoopCompletely() {
        SiteFile.Result r = parse(SITE);
        assertEquals(List.of(), problems(r));
        SiteConfig site = r.config().orElseThrow();
        assertEquals(List.of("lamp-1", "lamp-2", "cab-heater", "cab-fan"),
                site.actuators().stream().map(d -> d.id()).toList());
        assertEquals(19, site.actuators().get(1).address());
        assertEquals("500", site.actuators().get(1).option("frequency", null));
        assertEquals("1000", site.actuators().get(0).option("frequency", null), "defaults are filled in");

        ControlConfig control = site.control().orElseThrow();
        assertEquals(Duration.ofHours(4), control.maxOverride());
        assertEquals(Duration.ofSeconds(1), control.period());
        LightingConfig lighting = control.lighting().orElseThrow();
        assertEquals(ZoneId.of("Europe/Berlin"), lighting.zone());
        assertEquals(53.5461, lighting.latitude());
        assertEquals(Optional.of("light-1"), lighting.lightSensor());
        assertEquals(0.7, lighting.profile().periodAt(LocalTime.of(23, 0)).level());
        assertEquals(Duration.ofSeconds(90), lighting.presence().hold());
        assertEquals(2.0, lighting.dayAbove());
        LampConfig lamp1 = lighting.lamps().get(0);
        assertEquals(LightingClass.M4, lamp1.lightingClass());
        assertEquals(0.3, lamp1.floor());
        assertEquals(List.of("pir-north"), lamp1.presenceSensors());
        assertEquals(List.of("lamp-2"), lamp1.neighbours());
        assertEquals(40, lighting.lamps().get(1).power().ratedWatts());

        HvacConfig cabinet = control.hvac().get(0);
        assertEquals("cabinet", cabinet.name());
        assertEquals(Optional.of("cab-heater"), cabinet.heater());
        assertEquals(Optional.empty(), cabinet.cooler());
        assertTrue(cabinet.fanSwitching());
        assertEquals(0.0, cabinet.safeLow());
        assertEquals(45.0, cabinet.safeHigh());
        assertEquals(Duration.ofMinutes(5), cabinet.minimumOff());
        assertEquals(Map.of("lamp-1", "lamp", "lamp-2", "lamp", "cab-heater", "heating", "cab-fan", "ventilation"),
                control.roles());
    }

    @Test
    void lightingKeysLeftOutTakeTheDefaultsOfLightingConfigsBuilder() {
        String minimal = SITE.replace("    light-sensor: light-1\n", "")
                .replace("    schedule: { day-above: 2, night-below: -6 }\n", "")
                .replace("    presence: { level: 1.0, ramp-up: 1s, hold: 90s, fade: 20s, neighbour-level: 0.6 }\n", "")
                .replace("    safe-level: 0.8\n", "");
        SiteFile.Result r = parse(minimal);
        assertEquals(List.of(), problems(r));
        LightingConfig read = r.config().orElseThrow().control().orElseThrow().lighting().orElseThrow();
        assertEquals(LightingConfig.builder(53.5461, 9.9661, ZoneId.of("Europe/Berlin"), read.lamps(), read.profile())
                .build(), read);
    }

    @Test
    void aProfileBelowTheClassFloorIsRefusedNamingTheClass() {
        SiteFile.Result r = parse(SITE.replace("{ from: \"00:00\", level: 0.4 }", "{ from: \"00:00\", level: 0.2 }"));
        assertEquals(1, r.problems().size(), problems(r).toString());
        String p = problems(r).get(0);
        assertTrue(p.contains("control.lighting: ") && p.contains("the period from 00:00 at 0.2 is below the "
                + "M4 (0.75 cd/m²) floor of lamp-1 (0.3); raise it or lower the lamp's class"), p);
        assertTrue(r.config().orElseThrow().control().isEmpty(), "a control section with a problem does not run");
    }

    @Test
    void namesThatAreNotActuatorsOrSensorsAreRefusedWithTheDefinedOnes() {
        SiteFile.Result r = parse(SITE.replace("lamp-2: { class: M4", "lamp-3: { class: M4")
                .replace("presence: [pir-north]", "presence: [pir-nort]"));
        List<String> p = problems(r);
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).contains("control.lighting.lamps.lamp-1.presence: 'pir-nort' is not a sensor in the sensors "
                + "section; did you mean 'pir-north'?"), p.get(0));
        assertTrue(p.get(1).contains("control.lighting.lamps.lamp-3: 'lamp-3' is not an actuator in the actuators "
                + "section; did you mean 'lamp-1'?"), p.get(1));
    }

    @Test
    void mistakesInTheLampsAreNamedWithTheFix() {
        List<String> p = problems(parse(SITE.replace("lamp-2: { class: M4, class-level: 0.3, rated-power: 40 }",
                "lamp-2: { class: M9, rated-powr: 40 }")));
        assertEquals(3, p.size(), p.toString());
        assertTrue(p.get(0).contains("control.lighting.lamps.lamp-2.class: 'M9' is not an EN 13201-2 class; valid: M1"), p.get(0));
        assertTrue(p.get(1).contains("control.lighting.lamps.lamp-2.class-level: is missing; the dimming level"), p.get(1));
        assertTrue(p.get(2).contains("control.lighting.lamps.lamp-2.rated-powr: is not a known key; did you mean 'rated-power'?"), p.get(2));
    }

    @Test
    void anActuatorServesOneLoopAndHasAnIdOfItsOwn() {
        List<String> p = problems(parse(SITE.replace("heater: cab-heater", "heater: lamp-2")
                .replace("cab-fan: { type: relay", "light-1: { type: relay")));
        assertTrue(p.stream().anyMatch(m -> m.contains("control.hvac.cabinet.heater: 'lamp-2' is already driven by "
                + "lighting; an actuator serves one control loop")), p.toString());
        assertTrue(p.stream().anyMatch(m -> m.contains("actuators.light-1: 'light-1' is also a sensor id")), p.toString());
    }

    @Test
    void theLightSensorNeedsTheAnalyticsLightSectionAndTheZoneMustExist() {
        List<String> p = problems(parse(SITE.replace("  light: { period: 15m, dark-below: 20, light-above: 40 }\n", "  windows: [ { size: 1m } ]\n")
                .replace("time-zone: Europe/Berlin", "time-zone: Europe/Hamburg")));
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).contains("control.lighting.time-zone: 'Europe/Hamburg' is not a time zone"), p.get(0));
        assertTrue(p.get(1).contains("control.lighting.light-sensor: 'light-1' needs the analytics.light section"), p.get(1));
    }

    @Test
    void hvacSetpointsAndBandsAreChecked() {
        List<String> p = problems(parse(SITE.replace("band: [0, 45]", "band: [cold, 45]")));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("control.hvac.cabinet.fail-safe.band: 'cold, 45' is not two temperatures"), p.get(0));
        p = problems(parse(SITE.replace("cooling-setpoint: 35", "cooling-setpoint: 5.5")));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("heating-setpoint 5.0 and cooling-setpoint 5.5 are closer than the deadband"), p.get(0));
    }

    @Test
    void theControlConfigurationIsWrittenOnlyWhileThereIsSomethingToControl() {
        SiteConfig site = parse(SITE).config().orElseThrow();
        ConfigAdminMapping.Entry entry = ConfigAdminMapping.entries(site).stream()
                .filter(e -> e.pid().equals(ConfigAdminMapping.CONTROL_PID)).findFirst().orElseThrow();
        assertEquals(4L, entry.properties().get("actuators"));
        assertEquals(1000L, entry.properties().get("period.ms"));
        assertTrue(ConfigAdminMapping.OPTIONAL_PIDS.contains(ConfigAdminMapping.CONTROL_PID));
        SiteConfig plain = parse("node: { id: pole-1 }\n").config().orElseThrow();
        assertTrue(ConfigAdminMapping.entries(plain).stream().noneMatch(e -> e.pid().equals(ConfigAdminMapping.CONTROL_PID)));
    }
}
