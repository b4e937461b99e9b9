package io.streetgate.driver;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The device types a gateway knows, by name. Immutable. */
public final class DeviceCatalog {

    /**
     * A driver module's device types. Each driver module names its provider in
     * {@code META-INF/services/io.streetgate.driver.DeviceCatalog$Provider}, so that what checks site files (the
     * site component, the launcher's commands) needs no driver module: {@link #installed()} finds them on
     * the class path, and in the framework the gateway bundle offers its drivers' provider as a service.
     */
    public interface Provider {
        DeviceCatalog catalog();
    }

    /**
     * What only a driver can check in a device's options before the device runs, such as a register map file
     * it would load: the site file's validation asks it, so `config validate` reports what the driver would.
     */
    @FunctionalInterface
    public interface OptionCheck {
        /**
         * @param options    the device's options, checked against their {@link OptionSpec}s already
         * @param siteFolder the site file's folder, against which relative paths are read
         */
        List<OptionProblem> problems(String type, Map<String, String> options, Path siteFolder);
    }

    /** One problem in a device option: its key, its value and what is wrong with it and how to fix it. */
    public record OptionProblem(String key, String value, String reason) {
    }

    private static final DeviceCatalog EMPTY = new DeviceCatalog(Map.of(), Map.of());

    private final Map<String, DeviceType> types;
    private final Map<String, OptionCheck> checks;

    private DeviceCatalog(Map<String, DeviceType> types, Map<String, OptionCheck> checks) {
        this.types = Collections.unmodifiableMap(types);
        this.checks = Collections.unmodifiableMap(checks);
    }

    /** A catalog of these types; a name given twice is a programming error. */
    public static DeviceCatalog of(Collection<DeviceType> types) {
        Map<String, DeviceType> map = new LinkedHashMap<>();
        for (DeviceType type : types) {
            if (map.putIfAbsent(type.name(), type) != null) {
                throw new IllegalArgumentException("device type '" + type.name() + "' is defined twice");
            }
        }
        return new DeviceCatalog(map, Map.of());
    }

    /** This catalog with a check of the options of every one of its types. */
    public DeviceCatalog checkedBy(OptionCheck check) {
        Map<String, OptionCheck> map = new LinkedHashMap<>(checks);
        types.keySet().forEach(name -> map.put(name, check));
        return new DeviceCatalog(types, map);
    }

    /** What the type's driver finds wrong in these options; nothing for a type without a check. */
    public List<OptionProblem> problems(String type, Map<String, String> options, Path siteFolder) {
        OptionCheck check = checks.get(type);
        return check == null ? List.of() : check.problems(type, options, siteFolder);
    }

    /**
     * Every driver module's catalog that this class's loader finds, together, in the providers' class-name
     * order: the launcher's whole build.
     */
    public static DeviceCatalog installed() {
        List<Provider> providers = ServiceLoader.load(Provider.class, DeviceCatalog.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).sorted(Comparator.comparing(p -> p.getClass().getName())).toList();
        DeviceCatalog all = EMPTY;
        for (Provider p : providers) {
            all = all.with(p.catalog());
        }
        return all;
    }

    /** This catalog and another one together. */
    public DeviceCatalog with(DeviceCatalog other) {
        Map<String, DeviceType> map = new LinkedHashMap<>(types);
        other.types.values().forEach(t -> {
            if (map.putIfAbsent(t.name(), t) != null) {
                throw new IllegalArgumentException("device type '" + t.name() + "' is defined twice");
            }
        });
        Map<String, OptionCheck> allChecks = new LinkedHashMap<>(checks);
        allChecks.putAll(other.checks);
        return new DeviceCatalog(map, allChecks);
    }

    public Optional<DeviceType> type(String name) {
        return Optional.ofNullable(types.get(name));
    }

    public Collection<DeviceType> types() {
        return types.values();
    }

    public Collection<String> names() {
        return types.keySet();
    }
}
