package io.streetgate.analytics.control.hvac;

import io.streetgate.analytics.control.ManualOverride;
import io.streetgate.analytics.control.Setting;
import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated days of readings (drifting, jumping, noisy, missing, faulty) and overrides for random
 * configurations: heating and cooling are never on together, and no switched output changes state before
 * its minimum on or off time has passed.
 */
class HvacPropertiesTest {

    private static long seed = 1313L;

    @RepeatedTest(30)
    void neverHeatsAndCoolsAtOnceAndNeverShortCycles() {
        Random random = new Random(seed++);
        double heat = -5 + 25 * random.nextDouble();
        double deadband = 0.2 + 2 * random.nextDouble();
        double cool = heat + deadband + 0.1 + 15 * random.nextDouble();
        Duration minOn = Duration.ofSeconds(random.nextInt(600));
        Duration minOff = Duration.ofSeconds(random.nextInt(600));
        boolean fanSwitching = random.nextBoolean();
        HvacConfig config = HvacConfig.builder("zone", "t").heater(Optional.of("heater")).cooler(Optional.of("cooler"))
                .fan(Optional.of("fan"), fanSwitching).co2Sensor(Optional.of("co2"))
                .fallbackSensor(random.nextBoolean() ? Optional.of("fallback") : Optional.empty())
                .setpoints(heat, cool).deadband(deadband).minimumTimes(minOn, minOff)
                .co2(600 + random.nextInt(400), 100 + random.nextInt(600)).minimumVentilation(random.nextDouble() * 0.5)
                .failSafeBand(heat - 5, cool + 5).failSafeVentilation(0.5 + random.nextDouble() * 0.5)
                .sensorTimeout(Duration.ofMinutes(2)).build();
        Instant t = Instant.parse("2026-03-01T00:00:00Z");
        HvacPolicy policy = new HvacPolicy(config, t);
        Map<String, Boolean> state = new HashMap<>(Map.of("heater", false, "cooler", false, "fan", false));
        Map<String, Instant> since = new HashMap<>(Map.of("heater", t, "cooler", t, "fan", t));
        Map<String, ManualOverride> overrides = new HashMap<>();
        double temperature = heat + (cool - heat) * random.nextDouble();
        double co2 = 500;
        Instant lastTemperature = t;
        Instant end = t.plus(Duration.ofHours(24));
        while (t.isBefore(end)) {
            t = t.plusSeconds(1 + random.nextInt(30));
            temperature += random.nextGaussian() * (random.nextInt(50) == 0 ? 10 : 0.3);
            co2 = Math.max(380, co2 + random.nextGaussian() * 40);
            if (random.nextInt(10) > 0) {
                lastTemperature = t;
            }
            if (random.nextInt(200) == 0) {
                String id = random.nextBoolean() ? "heater" : random.nextBoolean() ? "cooler" : "fan";
                overrides.put(id, new ManualOverride(id, random.nextBoolean() ? 1 : 0, t,
                        t.plusSeconds(1 + random.nextInt(3600)), "test", "c", ""));
            }
            HvacInputs in = new HvacInputs(Optional.of(new HvacInputs.Reading(temperature, lastTemperature)),
                    random.nextInt(100) == 0, Optional.of(new HvacInputs.Reading(co2, t)), random.nextInt(100) == 0,
                    Optional.of(new HvacInputs.Reading(temperature + random.nextGaussian(), t)));
            Map<String, Setting> out = policy.step(t, in, overrides);
            String where = "at " + t + " (seed " + (seed - 1) + "): " + out;
            assertFalse(out.get("heater").level() > 0 && out.get("cooler").level() > 0, "heating and cooling together " + where);
            for (String id : new String[]{"heater", "cooler", "fan"}) {
                if (id.equals("fan") && !fanSwitching) {
                    continue;
                }
                boolean on = out.get(id).level() > 0;
                if (on != state.get(id)) {
                    Duration held = Duration.between(since.get(id), t);
                    Duration minimum = state.get(id) ? minOn : minOff;
                    assertTrue(held.compareTo(minimum) >= 0, id + " switched " + (on ? "on" : "off") + " after "
                            + held + " < " + minimum + " " + where);
                    state.put(id, on);
                    since.put(id, t);
                }
            }
        }
    }
}
