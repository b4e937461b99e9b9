package io.streetgate.driver;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The device types a gateway knows, by name. Immutable. */
public final class DeviceCatalog {

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
