package io.streetgate.drivers.pi4j;

import com.pi4j.context.Context;
import io.streetgate.driver.ActuatorDriver;
import io.streetgate.driver.DeviceCatalog;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.SensorDriver;
import io.streetgate.driver.SensorDriverFactory;
import io.streetgate.drivers.pi4j.ads1115.Ads1115Driver;
import io.streetgate.drivers.pi4j.bh1750.Bh1750Driver;
import io.streetgate.drivers.pi4j.bme280.Bme280Driver;
import io.streetgate.drivers.pi4j.ld2410.Ld2410Driver;
import io.streetgate.drivers.pi4j.output.PwmDimmerDriver;
import io.streetgate.drivers.pi4j.output.RelayDriver;
import io.streetgate.drivers.pi4j.pms5003.Pms5003Driver;
import io.streetgate.drivers.pi4j.pulse.WaterMeterDriver;
import io.streetgate.drivers.pi4j.pir.PirDriver;
import io.streetgate.drivers.pi4j.scd4x.Scd4xDriver;
import io.streetgate.drivers.pi4j.sht4x.Sht4xDriver;
import io.streetgate.drivers.pi4j.sps30.Sps30Driver;
import io.streetgate.drivers.pi4j.veml7700.Veml7700Driver;
import io.streetgate.drivers.pi4j.support.DriverTime;
import io.streetgate.driver.time.TimeBase;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Makes the Pi4J drivers: {@code bme280} and {@code bh1750} on an {@code i2c} bus (bus setting {@code
 * number}, default 1; the device's address is its I2C address), {@code pir} on a {@code gpio} bus (the
 * device's address is the GPIO line). The same drivers run on a Pi (context from
 * {@link Pi4jPlatforms#hardware()}) and on a simulated street (context from the simulator's providers).
 */
public final class Pi4jDriverFactory implements SensorDriverFactory {

    private static final DeviceCatalog CATALOG = DeviceCatalog.of(List.of(Bme280Driver.TYPE, Bh1750Driver.TYPE,
            PirDriver.TYPE, Sht4xDriver.TYPE, Scd4xDriver.TYPE, Sps30Driver.TYPE, Veml7700Driver.TYPE,
            Ads1115Driver.SOUND_LEVEL, Ads1115Driver.ANALOG, Pms5003Driver.TYPE, Ld2410Driver.TYPE,
            WaterMeterDriver.TYPE, PwmDimmerDriver.TYPE, RelayDriver.TYPE));
    private static final Set<String> ACTUATOR_TYPES = Set.of(PwmDimmerDriver.TYPE.name(), RelayDriver.TYPE.name());

    private final Context pi4j;
    private final DriverTime time;
    private final Path stateDirectory;

    /** Drivers stamping readings from {@code clock} and waiting for chips in real time. */
    public Pi4jDriverFactory(Context pi4j, Clock clock) {
        this(pi4j, TimeBase.of(Objects.requireNonNull(clock, "clock")));
    }

    /**
     * Drivers on the gateway's time base: readings stamped from its clock, waits for chips shortened as it
     * runs faster than the wall clock (only ever on a simulated street; on hardware it runs at speed 1).
     */
    public Pi4jDriverFactory(Context pi4j, TimeBase timeBase) {
        this(pi4j, timeBase, null);
    }

    /**
     * Drivers on the gateway's time base that keep state across restarts in {@code stateDirectory} (water
     * meters' pulse counts, one small file per device); null keeps it in memory only.
     */
    public Pi4jDriverFactory(Context pi4j, TimeBase timeBase, Path stateDirectory) {
        this(pi4j, new DriverTime(timeBase), stateDirectory);
    }

    /**
     * Drivers on a driver time of the caller's: a test that steps a simulated street's clock lets the waits for
     * chips pass by advancing it ({@link DriverTime#DriverTime(TimeBase, DriverTime.Pause)}) instead of sleeping.
     */
    public Pi4jDriverFactory(Context pi4j, DriverTime time, Path stateDirectory) {
        this.pi4j = Objects.requireNonNull(pi4j, "pi4j");
        this.time = Objects.requireNonNull(time, "time");
        this.stateDirectory = stateDirectory;
    }

    /** The device types these drivers make, with their buses, addressing and options, for site-file validation. */
    public static DeviceCatalog catalog() {
        return CATALOG;
    }

    /** The sensor types: {@link #create(DeviceConfig)} makes these. */
    @Override
    public Set<String> types() {
        return CATALOG.names().stream().filter(n -> !ACTUATOR_TYPES.contains(n)).collect(java.util.stream.Collectors.toSet());
    }

    /** The actuator types: {@link #createActuator(DeviceConfig)} makes these ({@code pwm_dimmer}, {@code relay}). */
    public Set<String> actuatorTypes() {
        return ACTUATOR_TYPES;
    }

    /**
     * Makes an actuator driver: {@code pwm_dimmer} on a hardware PWM channel (the device's address; bus kind
     * {@code pwm} or {@code gpio}), {@code relay} on a GPIO line. Does not touch the output yet.
     *
     * @throws DriverException with {@link DriverFault#CONFIGURATION} when the config cannot work
     */
    public ActuatorDriver createActuator(DeviceConfig config) throws DriverException {
        String type = config.type().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "pwm_dimmer" -> {
                if (!config.bus().kind().equalsIgnoreCase("pwm")) {
                    requireBusKind(config, "gpio");
                }
                yield PwmDimmerDriver.from(config, pi4j);
            }
            case "relay" -> {
                requireBusKind(config, "gpio");
                yield RelayDriver.from(config, pi4j);
            }
            default -> throw new DriverException(DriverFault.CONFIGURATION, "actuator '" + config.id() + "': type '"
                    + config.type() + "' is not a Pi4J actuator type; use one of " + new java.util.TreeSet<>(ACTUATOR_TYPES));
        };
    }

    @Override
    public SensorDriver create(DeviceConfig config) throws DriverException {
        String type = config.type().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "bme280" -> Bme280Driver.from(config, pi4j, i2cBus(config), time);
            case "bh1750" -> Bh1750Driver.from(config, pi4j, i2cBus(config), time);
            case "sht4x" -> Sht4xDriver.from(config, pi4j, i2cBus(config), time);
            case "scd4x" -> Scd4xDriver.from(config, pi4j, i2cBus(config), time);
            case "sps30" -> Sps30Driver.from(config, pi4j, i2cBus(config), time);
            case "veml7700" -> Veml7700Driver.from(config, pi4j, i2cBus(config), time);
            case "sound_level", "analog" -> Ads1115Driver.from(config, pi4j, i2cBus(config), time);
            case "pms5003" -> Pms5003Driver.from(config, pi4j, serialPort(config), baud(config, Pms5003Driver.defaultBaud()), time);
            case "ld2410" -> Ld2410Driver.from(config, pi4j, serialPort(config), baud(config, Ld2410Driver.defaultBaud()), time);
            case "pir" -> {
                requireBusKind(config, "gpio");
                yield PirDriver.from(config, pi4j, time);
            }
            case "water_meter" -> {
                requireBusKind(config, "gpio");
                yield WaterMeterDriver.from(config, pi4j, time, stateDirectory);
            }
            default -> throw new DriverException(DriverFault.CONFIGURATION, "device '" + config.id() + "': type '"
                    + config.type() + "' is not a Pi4J " + (ACTUATOR_TYPES.contains(type) ? "sensor type (it is an "
                    + "actuator: createActuator)" : "driver type") + "; use one of " + new java.util.TreeSet<>(types()));
        };
    }

    private static int i2cBus(DeviceConfig config) throws DriverException {
        requireBusKind(config, "i2c");
        try {
            int number = config.bus().intSetting("number", 1);
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new DriverException(DriverFault.CONFIGURATION, "bus '" + config.bus().id() + "': setting number='"
                    + config.bus().setting("number", "") + "' is not an I2C bus number; use e.g. 1 for /dev/i2c-1");
        }
    }

    /** The serial bus's {@code port} setting: a device path, best a stable {@code /dev/serial/by-id/...} name. */
    private static String serialPort(DeviceConfig config) throws DriverException {
        requireBusKind(config, "serial");
        String port = config.bus().setting("port", "").trim();
        if (!port.startsWith("/dev/")) {
            throw new DriverException(DriverFault.CONFIGURATION, "bus '" + config.bus().id() + "': setting port='" + port
                    + "' is not a device path; use the /dev/serial/by-id/... name `streetgate scan` lists (it survives "
                    + "re-plugging), or /dev/ttyAMA0 for the Pi's own UART");
        }
        return port;
    }

    /** The serial bus's {@code baud} setting, or the device's factory speed. */
    private static int baud(DeviceConfig config, int fallback) throws DriverException {
        try {
            int baud = config.bus().intSetting("baud", fallback);
            if (baud < 50 || baud > 4_000_000) {
                throw new NumberFormatException();
            }
            return baud;
        } catch (NumberFormatException e) {
            throw new DriverException(DriverFault.CONFIGURATION, "bus '" + config.bus().id() + "': setting baud='"
                    + config.bus().setting("baud", "") + "' is not a baud rate; use e.g. " + fallback);
        }
    }

    private static void requireBusKind(DeviceConfig config, String kind) throws DriverException {
        if (!config.bus().kind().equalsIgnoreCase(kind)) {
            throw new DriverException(DriverFault.CONFIGURATION, "device '" + config.id() + "' (" + config.type()
                    + ") is on bus '" + config.bus().id() + "' of kind '" + config.bus().kind() + "'; it needs a "
                    + kind + " bus");
        }
    }
}
