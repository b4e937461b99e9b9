package io.streetgate.drivers.modbus;

import io.streetgate.driver.ActuatorDriver;
import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DeviceCatalog;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DeviceOptions;
import io.streetgate.driver.DeviceType;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.OptionSpec;
import io.streetgate.driver.SensorDriver;
import io.streetgate.driver.SensorDriverFactory;
import io.streetgate.drivers.modbus.bus.LinkSettings;
import io.streetgate.drivers.modbus.bus.ModbusLink;
import io.streetgate.drivers.modbus.map.BuiltInMaps;
import io.streetgate.drivers.modbus.map.Point;
import io.streetgate.drivers.modbus.map.Polling;
import io.streetgate.drivers.modbus.map.RegisterMap;
import io.streetgate.drivers.modbus.map.RegisterMapException;
import io.streetgate.drivers.modbus.map.RegisterMapLoader;
import io.streetgate.driver.time.TimeBase;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Makes Modbus sensor and actuator drivers for devices described by register maps: one type per shipped map
 * ({@code eastron-sdm630}, {@code tuf-2000m}, {@code sound-level-meter}, {@code dali-lamp-gateway},
 * {@code hvac-controller}) and {@value #GENERIC_TYPE} for any device with a map file of its own. Devices sit on a
 * {@code modbus-tcp} or {@code modbus-rtu} bus and are addressed by their unit id; the devices of one bus share
 * one connection ({@link ModbusLink}), opened on first use and closed with the last driver on it or with
 * {@link #close()}.
 */
public final class ModbusDriverFactory implements SensorDriverFactory, AutoCloseable {

    /** The type for a device with its own map file (option {@code map}). */
    public static final String GENERIC_TYPE = "modbus-device";

    static final String MAP = "map";
    static final String MAX_REGISTERS = "max-registers-per-request";
    static final String MAX_GAP = "max-gap";
    static final String POINT = "point";

    private static final List<String> BUS_KINDS = List.of("modbus-tcp", "modbus-rtu");
    private static final DeviceCatalog CATALOG = buildCatalog();

    private final TimeBase time;
    private final Path mapDirectory;
    private final Map<String, SharedLink> links = new HashMap<>();

    private static final class SharedLink {
        final ModbusLink link;
        int users;

        SharedLink(ModbusLink link) {
            this.link = link;
        }
    }

    /** Drivers on the gateway's time base; relative map paths are taken from the working directory. */
    public ModbusDriverFactory(TimeBase time) {
        this(time, Path.of(""));
    }

    /**
     * @param time         stamps readings and times back-offs
     * @param mapDirectory where relative {@code map} paths of the site file are looked up (the site file's folder)
     */
    public ModbusDriverFactory(TimeBase time, Path mapDirectory) {
        this.time = Objects.requireNonNull(time, "time");
        this.mapDirectory = Objects.requireNonNull(mapDirectory, "mapDirectory");
    }

    /** The device types these drivers make, with their buses, addressing and options, for site-file validation. */
    public static DeviceCatalog catalog() {
        return CATALOG;
    }

    @Override
    public Set<String> types() {
        return Set.copyOf(CATALOG.names());
    }

    @Override
    public SensorDriver create(DeviceConfig config) throws DriverException {
        Resolved r = resolve(config);
        return new ModbusSensorDriver(r.device, time, () -> release(config.bus().id()));
    }

    /**
     * Makes an actuator for one writable entry of a device: option {@code point} names it (default: the map's
     * first writable entry). Does not touch the device.
     */
    public ActuatorDriver createActuator(DeviceConfig config) throws DriverException {
        Resolved r = resolve(config);
        RegisterMap map = r.device.map();
        String name = config.options().get(POINT);
        Optional<Point> point = name == null ? map.writable().stream().findFirst() : map.point(name);
        if (point.isEmpty() || !point.get().isWritable()) {
            release(config.bus().id());
            throw new DriverException(DriverFault.CONFIGURATION, "device '" + config.id() + "' (" + config.type()
                    + "): point='" + (name == null ? "" : name) + "' is not a writable entry of map " + map.type()
                    + "; use one of " + map.writable().stream().map(Point::name).toList());
        }
        return new ModbusActuatorDriver(r.device, point.get(), () -> release(config.bus().id()));
    }

    /** The connection of a bus, shared with the drivers on it (for tools such as {@link ModbusScan}). */
    public synchronized ModbusLink link(BusConfig bus) throws DriverException {
        return acquire(bus);
    }

    /** Closes every bus connection; drivers made by this factory fail from then on. */
    @Override
    public synchronized void close() {
        links.values().forEach(s -> s.link.close());
        links.clear();
    }

    private record Resolved(ModbusDevice device) {
    }

    private Resolved resolve(DeviceConfig config) throws DriverException {
        String type = config.type().toLowerCase(Locale.ROOT);
        DeviceType deviceType = CATALOG.type(type).orElseThrow(() -> new DriverException(DriverFault.CONFIGURATION,
                "device '" + config.id() + "': type '" + config.type() + "' is not a Modbus device type; use one of "
                        + CATALOG.names()));
        if (!BUS_KINDS.contains(config.bus().kind().toLowerCase(Locale.ROOT))) {
            throw new DriverException(DriverFault.CONFIGURATION, "device '" + config.id() + "' (" + config.type()
                    + ") is on bus '" + config.bus().id() + "' of kind '" + config.bus().kind()
                    + "'; it needs a modbus-tcp or modbus-rtu bus");
        }
        DeviceOptions options = new DeviceOptions(config, deviceType);
        int unit = options.address();
        RegisterMap map = map(config, type, options.value(MAP));
        Polling polling = map.polling();
        try {
            if (config.options().containsKey(MAX_REGISTERS)) {
                polling = polling.withMaxRegisters(options.integer(MAX_REGISTERS));
            }
            if (config.options().containsKey(MAX_GAP)) {
                polling = polling.withMaxGap(options.integer(MAX_GAP));
            }
        } catch (IllegalArgumentException e) {
            throw new DriverException(DriverFault.CONFIGURATION, "device '" + config.id() + "': " + e.getMessage());
        }
        synchronized (this) {
            ModbusLink link = acquire(config.bus());
            try {
                return new Resolved(new ModbusDevice(config.id(), link, unit, map.withPolling(polling), time::now));
            } catch (DriverException e) {
                release(config.bus().id());
                throw e;
            }
        }
    }

    private RegisterMap map(DeviceConfig config, String type, String mapOption) throws DriverException {
        if (mapOption == null || mapOption.isBlank()) {
            return BuiltInMaps.forType(type).orElseThrow(() -> new DriverException(DriverFault.CONFIGURATION,
                    "device '" + config.id() + "' (" + type + "): map='' is missing; give the path of the device's "
                            + "register map file"));
        }
        Path file = mapDirectory.resolve(mapOption.trim());
        try {
            return RegisterMapLoader.load(file);
        } catch (RegisterMapException e) {
            throw new DriverException(DriverFault.CONFIGURATION, "device '" + config.id() + "': map '" + mapOption
                    + "': " + String.join("; ", e.problems()));
        }
    }

    private ModbusLink acquire(BusConfig bus) throws DriverException {
        LinkSettings settings = LinkSettings.of(bus);
        SharedLink shared = links.get(bus.id());
        if (shared != null && !shared.link.settings().equals(settings)) {
            throw new DriverException(DriverFault.CONFIGURATION, "bus '" + bus.id() + "' is already open as "
                    + shared.link.settings().describe() + "; two buses with one id must have the same settings");
        }
        if (shared == null) {
            shared = new SharedLink(new ModbusLink(settings, time));
            links.put(bus.id(), shared);
        }
        shared.users++;
        return shared.link;
    }

    private synchronized void release(String busId) {
        SharedLink shared = links.get(busId);
        if (shared != null && --shared.users <= 0) {
            shared.link.close();
            links.remove(busId);
        }
    }

    private static DeviceCatalog buildCatalog() {
        List<DeviceType> types = new ArrayList<>();
        for (RegisterMap map : BuiltInMaps.all().values()) {
            List<OptionSpec> options = new ArrayList<>(List.of(
                    OptionSpec.text(MAP, "a register map file (YAML or JSON) to use instead of the built-in one; "
                            + "relative to the site file", ""),
                    OptionSpec.integer(MAX_REGISTERS, "registers one request may read (the device's limit)", 1,
                            Polling.PROTOCOL_MAX_REGISTERS, (long) map.polling().maxRegisters()),
                    OptionSpec.integer(MAX_GAP, "unused registers a request may read through to save a request", 0,
                            Polling.PROTOCOL_MAX_REGISTERS, (long) map.polling().maxGap())));
            List<String> writable = map.writable().stream().map(Point::name).toList();
            if (!writable.isEmpty()) {
                options.add(OptionSpec.choice(POINT, "the entry an actuator writes", writable.get(0),
                        writable.toArray(String[]::new)));
            }
            types.add(new DeviceType(map.type(), map.description(), BUS_KINDS, DeviceType.Addressing.modbusUnit(),
                    map.quantities(), options));
        }
        types.add(new DeviceType(GENERIC_TYPE, "any Modbus device described by a register map file (option map)",
                BUS_KINDS, DeviceType.Addressing.modbusUnit(), List.of(), List.of(
                OptionSpec.text(MAP, "the device's register map file (YAML or JSON), relative to the site file", null),
                OptionSpec.integer(MAX_REGISTERS, "registers one request may read (the device's limit)", 1,
                        Polling.PROTOCOL_MAX_REGISTERS, (long) Polling.PROTOCOL_MAX_REGISTERS),
                OptionSpec.integer(MAX_GAP, "unused registers a request may read through to save a request", 0,
                        Polling.PROTOCOL_MAX_REGISTERS, (long) Polling.DEFAULT.maxGap()),
                OptionSpec.text(POINT, "the entry an actuator writes (default: the map's first writable entry)", ""))));
        return DeviceCatalog.of(types).checkedBy(ModbusDriverFactory::mapProblems);
    }

    /**
     * A map file named in a device's options, loaded as the driver will load it: every mistake in it is a
     * problem of the device's {@code map} option, and a {@code point} must be one of its writable entries.
     */
    static List<DeviceCatalog.OptionProblem> mapProblems(String type, Map<String, String> options, Path siteFolder) {
        String mapOption = options.getOrDefault(MAP, "").trim();
        if (mapOption.isEmpty() || siteFolder == null) {
            return List.of();
        }
        RegisterMap map;
        try {
            map = RegisterMapLoader.load(siteFolder.resolve(mapOption));
        } catch (RegisterMapException e) {
            return e.problems().stream().map(p -> new DeviceCatalog.OptionProblem(MAP, mapOption, p)).toList();
        }
        String point = options.getOrDefault(POINT, "").trim();
        if (!point.isEmpty() && map.point(point).filter(Point::isWritable).isEmpty()) {
            return List.of(new DeviceCatalog.OptionProblem(POINT, point, "is not a writable entry of map "
                    + mapOption + "; use one of " + map.writable().stream().map(Point::name).toList()));
        }
        return List.of();
    }
}
