package io.streetgate.control;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.control.hvac.HvacConfig;
import io.streetgate.analytics.control.lighting.DimmingProfile;
import io.streetgate.analytics.control.lighting.LampConfig;
import io.streetgate.analytics.control.lighting.LedDriverPower;
import io.streetgate.analytics.control.lighting.LightingClass;
import io.streetgate.analytics.control.lighting.LightingConfig;
import io.streetgate.analytics.control.lighting.PresenceConfig;
import io.streetgate.analytics.light.AmbientLight;
import io.streetgate.driver.sun.SolarPosition;
import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.Health;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.site.ControlConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.function.LongSupplier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The pole the control tests drive: two lamps (class M4 at level 0.3) on Harbour Street, Hamburg, a PIR at
 * lamp-1, a light sensor, and a cabinet with a heater, a cooler and a fan; the gateway around the loop
 * (health, uplink, light sensor state) as plain maps and lists.
 */
final class Street implements ControlLoop.Environment, HealthRegistry {

    static final double LAT = 53.5461;
    static final double LON = 9.9661;
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final BusConfig GPIO = new BusConfig("gpio", "gpio", Map.of());

    final Map<String, Health> health = new ConcurrentHashMap<>();
    final Map<String, Map<String, Object>> details = new ConcurrentHashMap<>();
    /** Every report, in order: each one the parts reported together. */
    final List<List<ComponentStatus>> reports = new CopyOnWriteArrayList<>();
    final List<AnalyticsRecord> published = new CopyOnWriteArrayList<>();
    final List<String> announced = new CopyOnWriteArrayList<>();
    volatile boolean lightSensorFaulty;
    volatile boolean lightSensorSilent;
    volatile boolean explode;
    /** When set, the light sensor's state throws it: a fault inside a step. */
    volatile Error stepError;
    /** When set, reporting health throws it: a fault after the step decided the actuators. */
    volatile Error reportError;
    volatile Instant lastLightReading;

    static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(BERLIN).toInstant();
    }

    static List<DeviceConfig> actuators() {
        return List.of(device("lamp-1", "pwm-dimmer", 18), device("lamp-2", "pwm-dimmer", 19),
                device("heater", "relay", 22), device("cooler", "relay", 23), device("fan", "pwm-dimmer", 13),
                device("spare", "relay", 24));
    }

    static DeviceConfig device(String id, String type, int pin) {
        return new DeviceConfig(id, type, GPIO, pin, Duration.ofSeconds(1), Map.of());
    }

    static ControlConfig control() {
        return control(Duration.ofSeconds(1));
    }

    static ControlConfig control(Duration period) {
        LampConfig lamp1 = new LampConfig("lamp-1", LightingClass.M4, 0.3, List.of("pir-1"), List.of("lamp-2"),
                new LedDriverPower(60, 0.1, 0.5), Optional.of("lamp-gw"));
        LampConfig lamp2 = new LampConfig("lamp-2", LightingClass.M4, 0.3, List.of(), List.of(),
                new LedDriverPower(60, 0.1, 0.5), Optional.empty());
        DimmingProfile profile = new DimmingProfile(List.of(DimmingProfile.Period.atDusk(1.0),
                new DimmingProfile.Period(LocalTime.of(22, 0), 0.7), new DimmingProfile.Period(LocalTime.MIDNIGHT, 0.4),
                new DimmingProfile.Period(LocalTime.of(5, 0), 1.0)));
        LightingConfig lighting = LightingConfig.builder(LAT, LON, BERLIN, List.of(lamp1, lamp2), profile)
                .presence(PresenceConfig.typical()).schedule(3, SolarPosition.CIVIL_TWILIGHT_ELEVATION)
                .lightSensor(Optional.of("light-1")).sensorTimeout(Duration.ofMinutes(2)).safeLevel(0.8).build();
        HvacConfig cabinet = HvacConfig.builder("cabinet", "cab-temp").heater(Optional.of("heater"))
                .cooler(Optional.of("cooler")).fan(Optional.of("fan"), false).co2Sensor(Optional.of("cab-co2"))
                .setpoints(5, 35).failSafeBand(0, 45).failSafeVentilation(0.5).build();
        return new ControlConfig(period, Duration.ofHours(8), Duration.ofMinutes(15),
                Optional.of(lighting), List.of(cabinet));
    }

    ControlLoop loop(FakeOutputs outputs, Path dir, Instant now) {
        return loop(control(), outputs, dir, now);
    }

    ControlLoop loop(ControlConfig config, FakeOutputs outputs, Path dir, Instant now) {
        return loop(config, outputs, dir, now, null);
    }

    /** A loop whose durations run on {@code nanos}, a monotonic clock the test moves apart from the wall clock. */
    ControlLoop loop(ControlConfig config, FakeOutputs outputs, Path dir, Instant now, LongSupplier nanos) {
        return new ControlLoop(config, actuators(), outputs, this, new StateStore(dir.resolve("state.json")),
                new AuditLog(dir.resolve("audit.log"), 4096, "pole-0042"), now, nanos);
    }

    @Override
    public Optional<AmbientLight> ambient(String sensorId) {
        if (explode) {
            throw new IllegalStateException("analytics view gone");
        }
        Error error = stepError;
        if (error != null) {
            throw error;
        }
        if (lightSensorSilent && lastLightReading != null) {
            return Optional.of(new AmbientLight(sensorId, lastLightReading, 1, 1, true));
        }
        return Optional.ofNullable(lastLightReading).map(t -> new AmbientLight(sensorId, t, 1, 1,
                new SolarPosition(LAT, LON).elevation(t) < -3));
    }

    /** The light sensor reports at {@code t} (unless it was made silent). */
    void light(Instant t) {
        if (!lightSensorSilent) {
            lastLightReading = t;
        }
    }

    @Override
    public boolean faulty(String sensorId) {
        return sensorId.equals("light-1") && lightSensorFaulty;
    }

    @Override
    public void report(List<ComponentStatus> parts) {
        Error error = reportError;
        if (error != null) {
            throw error;
        }
        reports.add(List.copyOf(parts));
        parts.forEach(p -> report(p.name(), p.health(), p.details()));
    }

    @Override
    public void report(String name, Health h, Map<String, Object> d) {
        health.put(name, h);
        details.put(name, d);
    }

    @Override
    public void reportAll(List<ComponentStatus> parts) {
        report(parts);
    }

    @Override
    public void remove(String name) {
        health.remove(name);
        details.remove(name);
    }

    @Override
    public List<ComponentStatus> snapshot() {
        return health.keySet().stream().map(n -> new ComponentStatus(n, health.get(n), details.get(n))).toList();
    }

    @Override
    public void publish(AnalyticsRecord record) {
        published.add(record);
    }

    @Override
    public void announce(String lampId, List<String> neighbours, Instant at) {
        announced.add(lampId + "->" + neighbours);
    }

    <T extends AnalyticsRecord> List<T> published(Class<T> type) {
        return published.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
