package io.streetgate.distribution;

import com.pi4j.context.Context;
import io.streetgate.driver.ActuatorDriver;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.SelfTestResult.Check;
import io.streetgate.driver.SensorDriver;
import io.streetgate.drivers.modbus.ModbusDriverFactory;
import io.streetgate.drivers.pi4j.Pi4jDriverFactory;
import io.streetgate.drivers.pi4j.Pi4jPlatforms;
import io.streetgate.distribution.SelfTestReport.Device;
import io.streetgate.distribution.SelfTestReport.DeviceResult;
import io.streetgate.site.ControlConfig;
import io.streetgate.site.SiteConfig;
import io.streetgate.driver.time.TimeBase;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The site file's devices built in this process, when no gateway runs ({@code --offline}): the same drivers on
 * the Pi's buses, or on the simulated street ({@code --simulate}). An actuator is set to its test level, read
 * back and given its level back; it is left as it was found.
 */
final class OfflineBench implements SelfTestBench {

    private final SiteConfig config;
    private final boolean simulated;
    private final Map<String, DeviceConfig> byId = new LinkedHashMap<>();
    private final List<Device> devices = new ArrayList<>();
    /** The simulated street and its Modbus devices, closed with the bench; null on hardware. */
    private final OfflineStreet simulatedStreet;
    private final Context context;
    private final String platformProblem;
    private final Pi4jDriverFactory drivers;
    /** Modbus devices are reached over their bus here too (TCP or RTU), one connection per bus. */
    private final ModbusDriverFactory modbus;
    private final Map<String, HeldOutput> held = new HashMap<>();

    private record HeldOutput(ActuatorDriver driver, double previous) {
    }

    private OfflineBench(SiteConfig config, Path siteFolder, boolean simulated, OfflineStreet simulatedStreet,
                         Context context, String platformProblem, TimeBase time) {
        this.config = config;
        this.simulated = simulated;
        this.simulatedStreet = simulatedStreet;
        this.context = context;
        this.platformProblem = platformProblem;
        this.drivers = context == null ? null : new Pi4jDriverFactory(context, time);
        this.modbus = new ModbusDriverFactory(time, siteFolder);
        config.sensors().forEach(d -> add(d, "sensor"));
        config.actuators().forEach(d -> add(d, "actuator"));
    }

    private void add(DeviceConfig d, String kind) {
        byId.put(d.id(), d);
        devices.add(new Device(d.id(), kind, d.type()));
    }

    /** The Pi's buses (Pi4J's linuxfs and gpiod providers). */
    static OfflineBench hardware(SiteConfig config, Path siteFolder) {
        try {
            return new OfflineBench(config, siteFolder, false, null, Pi4jPlatforms.hardware(), "", TimeBase.system());
        } catch (RuntimeException | LinkageError e) {
            return new OfflineBench(config, siteFolder, false, null, null, "the buses cannot be opened: " + e,
                    TimeBase.system());
        }
    }

    /**
     * The simulated street of the site file, with faults injected first.
     *
     * @param faults device id to fault name ({@code nack}, {@code crc}, {@code stuck}, {@code timeout}, ...)
     * @throws IllegalArgumentException naming an unknown device or fault and the valid ones
     */
    static OfflineBench simulated(SiteConfig config, Path siteFolder, Map<String, String> faults) {
        OfflineStreet street = OfflineStreet.of(config);
        try {
            faults.forEach((device, fault) -> {
                try {
                    street.faults.injectFault(device, fault);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--fault: " + e.getMessage(), e);
                }
            });
            return new OfflineBench(config, siteFolder, true, street, street.platform.pi4j(), "", street.time);
        } catch (RuntimeException e) {
            street.close();
            throw e;
        }
    }

    @Override
    public String node() {
        return config.node().id();
    }

    @Override
    public String mode() {
        return simulated ? "offline-simulated" : "offline";
    }

    @Override
    public List<Device> devices() {
        return devices;
    }

    @Override
    public DeviceResult test(Device device) {
        DeviceConfig cfg = byId.get(device.id());
        if (drivers == null && !modbus.types().contains(cfg.type())) {
            return new DeviceResult(device, List.of(Check.fail("platform", platformProblem)));
        }
        return device.actuator() ? testActuator(device, cfg) : testSensor(device, cfg);
    }

    private DeviceResult testSensor(Device device, DeviceConfig cfg) {
        SensorDriver driver;
        try {
            driver = sensorDriver(cfg);
        } catch (DriverException | RuntimeException | LinkageError e) {
            return new DeviceResult(device, List.of(Check.fail("driver", e.toString())));
        }
        try (driver) {
            return new DeviceResult(device, driver.selfTest().checks());
        } catch (RuntimeException e) {
            return new DeviceResult(device, List.of(Check.fail("self-test", "driver error: " + e)));
        }
    }

    private SensorDriver sensorDriver(DeviceConfig cfg) throws DriverException {
        return modbus.types().contains(cfg.type()) ? modbus.create(cfg) : drivers.create(cfg);
    }

    private ActuatorDriver actuatorDriver(DeviceConfig cfg) throws DriverException {
        return modbus.types().contains(cfg.type()) ? modbus.createActuator(cfg) : drivers.createActuator(cfg);
    }

    private DeviceResult testActuator(Device device, DeviceConfig cfg) {
        List<Check> checks = new ArrayList<>();
        ActuatorDriver driver;
        try {
            driver = actuatorDriver(cfg);
        } catch (DriverException | RuntimeException | LinkageError e) {
            return new DeviceResult(device, List.of(Check.fail("driver", e.toString())));
        }
        try (driver) {
            driver.init();
            double previous = driver.readBack();
            checks.add(Check.pass("reachable", "at " + level(previous)));
            double test = testLevel(previous);
            if (!step(checks, "set " + level(test), () -> driver.apply(test))) {
                return new DeviceResult(device, checks);
            }
            double reported = driver.readBack();
            checks.add(new Check("read back", Math.abs(reported - test) < 1e-3, "reports " + level(reported)));
            step(checks, "restore", () -> driver.apply(previous));
        } catch (DriverException | RuntimeException e) {
            checks.add(Check.fail(checks.isEmpty() ? "reachable" : "read back", e.toString()));
        }
        return new DeviceResult(device, checks);
    }

    private interface Step {
        void run() throws DriverException;
    }

    private static boolean step(List<Check> checks, String name, Step step) {
        try {
            step.run();
            checks.add(Check.pass(name, "ok"));
            return true;
        } catch (DriverException | RuntimeException e) {
            checks.add(Check.fail(name, e.toString()));
            return false;
        }
    }

    /** The end of the range farther from where the output is: the most visible change. */
    static double testLevel(double current) {
        return current >= 0.5 ? 0 : 1;
    }

    private static String level(double level) {
        return level == Math.rint(level) ? String.valueOf((int) level) : String.format(Locale.ROOT, "%.2f", level);
    }

    /** Reads the sensor over and over for the window: presence reported, or motion events counted. */
    @Override
    public boolean presence(Device sensor, Duration window) throws InterruptedException {
        try (SensorDriver driver = sensorDriver(byId.get(sensor.id()))) {
            driver.init();
            long deadline = System.nanoTime() + window.toNanos();
            while (System.nanoTime() < deadline) {
                for (Measurement m : driver.read()) {
                    if ((m.quantity() == Quantity.PRESENCE || m.quantity() == Quantity.MOTION_EVENTS) && m.value() > 0) {
                        return true;
                    }
                }
                Thread.sleep(200);
            }
            return false;
        } catch (DriverException e) {
            return false;
        }
    }

    @Override
    public Held hold(Device actuator) {
        String role = config.control().map(ControlConfig::roles).map(r -> r.get(actuator.id())).orElse("output");
        try {
            ActuatorDriver driver = actuatorDriver(byId.get(actuator.id()));
            try {
                driver.init();
                double previous = driver.readBack();
                double test = testLevel(previous);
                driver.apply(test);
                held.put(actuator.id(), new HeldOutput(driver, previous));
                return new Held(true, "at " + level(test), test, role);
            } catch (DriverException | RuntimeException e) {
                driver.close();
                return new Held(false, e.toString(), Double.NaN, role);
            }
        } catch (DriverException e) {
            return new Held(false, e.toString(), Double.NaN, role);
        }
    }

    @Override
    public Check release(Device actuator) {
        HeldOutput h = held.remove(actuator.id());
        if (h == null) {
            return Check.fail("restore", "it was not held");
        }
        try (ActuatorDriver driver = h.driver()) {
            driver.apply(h.previous());
            return Check.pass("restore", "back at " + level(h.previous()));
        } catch (DriverException | RuntimeException e) {
            return Check.fail("restore", e.toString());
        }
    }

    @Override
    public void close() {
        held.values().forEach(h -> h.driver().close());
        held.clear();
        modbus.close();
        if (simulatedStreet != null) {
            simulatedStreet.close();
        } else if (context != null) {
            try {
                context.shutdown();
            } catch (RuntimeException e) {
                // closing anyway
            }
        }
    }
}
