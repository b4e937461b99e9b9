package io.streetgate.drivers.pi4j;

import com.pi4j.context.Context;
import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.SensorDriver;
import io.streetgate.sim.ManualClock;
import io.streetgate.sim.Scenario;
import io.streetgate.sim.SimulatedStreet;
import io.streetgate.driver.time.TimeBase;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The drivers on a simulated street, as the gateway wires them: a {@link SimulatedStreet} for the devices,
 * a Pi4J context on its providers, and a {@link Pi4jDriverFactory} on a {@link ManualClock}.
 */
public final class StreetFixture implements AutoCloseable {

    public static final BusConfig I2C_1 = new BusConfig("i2c-1", "i2c", Map.of("number", "1"));
    public static final BusConfig GPIO = new BusConfig("gpio", "gpio", Map.of());
    public static final Instant START = Instant.parse("2024-10-01T18:00:00Z");

    /** The stepped clock; null on an accelerated street. */
    public final ManualClock clock;
    public final TimeBase time;
    public final ScriptedScenario scenario;
    public final SimulatedStreet street;
    public final Context pi4j;
    public final Pi4jDriverFactory factory;
    private final List<DeviceConfig> devices;
    private final List<SensorDriver> drivers = new ArrayList<>();

    public StreetFixture(DeviceConfig... devices) {
        this(new ScriptedScenario(), devices);
    }

    /** A street on a scenario set up beforehand (passers-by must be listed before the street is built). */
    public StreetFixture(ScriptedScenario scenario, DeviceConfig... devices) {
        this(scenario, scenario, devices);
    }

    /** A street following any scenario; {@link #scenario} is then null. */
    public static StreetFixture following(Scenario scenario, DeviceConfig... devices) {
        return new StreetFixture(scenario, null, null, devices);
    }

    /**
     * A street whose gateway time runs {@code speed} times the wall clock from {@link #START}, as
     * {@code run --simulate} wires it: for chips whose commands take seconds (self-tests). {@link #clock} is null.
     */
    public static StreetFixture accelerated(ScriptedScenario scenario, double speed, DeviceConfig... devices) {
        return new StreetFixture(scenario, scenario, TimeBase.accelerated(START, speed), devices);
    }

    private StreetFixture(Scenario followed, ScriptedScenario scripted, DeviceConfig... devices) {
        this(followed, scripted, null, devices);
    }

    private StreetFixture(Scenario followed, ScriptedScenario scripted, TimeBase accelerated, DeviceConfig... devices) {
        this.scenario = scripted;
        this.devices = Arrays.asList(devices);
        this.clock = accelerated == null ? new ManualClock(START) : null;
        this.time = accelerated == null ? TimeBase.of(clock) : accelerated;
        this.street = SimulatedStreet.create(this.devices, followed, time.clock());
        this.pi4j = street.newPi4jContext();
        this.factory = new Pi4jDriverFactory(pi4j, time);
    }

    public static DeviceConfig device(String id, String type, BusConfig bus, int address, Map<String, String> options) {
        return new DeviceConfig(id, type, bus, address, Duration.ofSeconds(30), options);
    }

    /** The one reading of a single-quantity sensor. */
    public static io.streetgate.driver.Measurement only(List<io.streetgate.driver.Measurement> readings) {
        org.junit.jupiter.api.Assertions.assertEquals(1, readings.size(), readings.toString());
        return readings.get(0);
    }

    /** The driver for a configured device, closed with the fixture. */
    @SuppressWarnings("unchecked")
    public <D extends SensorDriver> D driver(String id) throws DriverException {
        DeviceConfig config = devices.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
        SensorDriver driver = factory.create(config);
        drivers.add(driver);
        return (D) driver;
    }

    @Override
    public void close() {
        drivers.forEach(SensorDriver::close);
        pi4j.shutdown();
        street.close();
    }
}
