package io.streetgate.driver;

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
     * site-config component, the launcher's commands) needs no driver module: {@link #installed()} finds them on
     * the class path, and in the framework the gateway bundle offers its drivers' provider as a service.
     */
    public interface Provider {
        DeviceCatalog catalog();
    }

    private static final DeviceCatalog EMPTY = new DeviceCatalog(Map.of());

    private final Map<String, DeviceType> types;

    private DeviceCatalog(Map<String, DeviceType> types) {
        this.types = Collections.unmodifiableMap(types);
    }

    /** A catalog of these types; a name given twice is a programming error. */
    public static DeviceCatalog of(Collection<DeviceType> types) {
        Map<String, DeviceType> map = new LinkedHashMap<>();
        for (DeviceType type : types) {
            if (map.putIfAbsent(type.name(), type) != null) {
                throw new IllegalArgumentException("device type '" + type.name() + "' is defined twice");
            }
        }
        return new DeviceCatalog(map);
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
        return new DeviceCatalog(map);
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
