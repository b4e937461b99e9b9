package io.streetgate.analytics.control.lighting;

import io.streetgate.analytics.control.ActuatorLimits;
import io.streetgate.analytics.control.Overrides;
import io.streetgate.analytics.control.Reason;
import io.streetgate.analytics.control.Setting;
import io.streetgate.analytics.light.AmbientLight;
import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated nights (any time of year, random profiles above the floor, passers-by, a flickering or failing
 * light sensor, overrides from people): whatever happens, a lamp is either off or at least its class floor,
 * and it is never off while the schedule lights it unless a person switched it off.
 */
class LightingPropertiesTest {

    private static long seed = 6201L;

    @RepeatedTest(25)
    void noLampIsEverBelowItsClassFloorWhileLit() {
        Random random = new Random(seed++);
        double floor = 0.1 + 0.4 * random.nextDouble();
        List<DimmingProfile.Period> periods = new ArrayList<>();
        periods.add(DimmingProfile.Period.atDusk(level(random, floor)));
        int hour = 18 + random.nextInt(3);
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            hour = hour + 1 + random.nextInt(3);
            periods.add(new DimmingProfile.Period(LocalTime.of(hour % 24, random.nextInt(60)), level(random, floor)));
            if (hour >= 28) {
                break;
            }
        }
        PresenceConfig presence = new PresenceConfig(level(random, floor), Duration.ofSeconds(random.nextInt(5)),
                Duration.ofSeconds(random.nextInt(180)), Duration.ofSeconds(random.nextInt(90)),
                random.nextBoolean() ? 0 : random.nextDouble());
        LampConfig a = new LampConfig("lamp-a", LightingClass.P3, floor, List.of("pir-a"), List.of("lamp-b"),
                LedDriverPower.typical(40), Optional.empty());
        LampConfig b = new LampConfig("lamp-b", LightingClass.P3, floor, List.of("pir-b"), List.of("lamp-a"),
                LedDriverPower.typical(40), Optional.empty());
        double latitude = -60 + 120 * random.nextDouble();
        LightingConfig config = LightingConfig.builder(latitude, -180 + 360 * random.nextDouble(), StreetLights.BERLIN,
                List.of(a, b), new DimmingProfile(periods)).presence(presence).schedule(3, -6)
                .lightSensor(Optional.of("light-1")).sensorTimeout(Duration.ofMinutes(2))
                .safeLevel(level(random, floor)).build();
        LightingPolicy policy = new LightingPolicy(config);
        Overrides overrides = new Overrides(Map.of("lamp-a", ActuatorLimits.lamp(floor, "the P3 floor"),
                "lamp-b", ActuatorLimits.lamp(floor, "the P3 floor")), Duration.ofHours(2));

        Instant t = Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofDays(random.nextInt(365)));
        Instant end = t.plus(Duration.ofHours(30));
        AmbientLight ambient = null;
        boolean sensorFaulty = false;
        while (t.isBefore(end)) {
            t = t.plusSeconds(1 + random.nextInt(random.nextInt(50) == 0 ? 600 : 20));
            if (random.nextInt(3) > 0) {
                ambient = new AmbientLight("light-1", t, 10, 10, random.nextInt(10) < 7);
            }
            if (random.nextInt(400) == 0) {
                sensorFaulty = !sensorFaulty;
            }
            if (random.nextInt(20) == 0) {
                policy.presence(random.nextBoolean() ? "pir-a" : "pir-b", t.minusSeconds(random.nextInt(10)));
            }
            if (random.nextInt(300) == 0) {
                Map<String, Object> args = new HashMap<>();
                args.put("level", random.nextInt(4) == 0 ? 0.0 : random.nextDouble());
                args.put("for", (1 + random.nextInt(3600)) + "s");
                overrides.request("c", random.nextBoolean() ? "lamp-a" : "lamp-b", args, "test", t);
            }
            overrides.expire(t);
            LightingPolicy.Schedule schedule = policy.schedule(t, Optional.ofNullable(ambient), sensorFaulty);
            Map<String, Setting> settings = policy.step(t, Optional.ofNullable(ambient), sensorFaulty, overrides.all());
            for (Map.Entry<String, Setting> e : settings.entrySet()) {
                Setting s = e.getValue();
                String where = e.getKey() + " at " + t + " (seed " + (seed - 1) + "): " + s;
                assertTrue(s.level() == 0 || s.level() >= floor - 1e-12, "below the floor: " + where);
                if (schedule.lit() && s.reason() != Reason.OVERRIDE) {
                    assertTrue(s.level() >= floor - 1e-12, "lit but below the floor: " + where);
                }
                if (!schedule.lit() && s.reason() != Reason.OVERRIDE) {
                    assertTrue(s.level() == 0, "on while the schedule says off: " + where);
                }
            }
        }
    }

    private static double level(Random random, double floor) {
        return floor + (1 - floor) * random.nextDouble();
    }
}
