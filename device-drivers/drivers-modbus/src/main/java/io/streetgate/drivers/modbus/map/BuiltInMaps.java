package io.streetgate.drivers.modbus.map;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The register maps shipped with the drivers, one per device type, loaded once. */
public final class BuiltInMaps {

    /** The map files in this package's {@code maps/} resources, in catalog order. */
    public static final List<String> FILES = List.of("eastron-sdm630.yaml", "tuf-2000m.yaml", "sound-level-meter.yaml",
            "dali-lamp-gateway.yaml", "hvac-controller.yaml");

    private static final Map<String, RegisterMap> MAPS = load();

    private BuiltInMaps() {
    }

    /** Every shipped map by device type, in catalog order. */
    public static Map<String, RegisterMap> all() {
        return MAPS;
    }

    public static Optional<RegisterMap> forType(String type) {
        return Optional.ofNullable(MAPS.get(type));
    }

    private static Map<String, RegisterMap> load() {
        Map<String, RegisterMap> maps = new LinkedHashMap<>();
        for (String file : FILES) {
            try {
                RegisterMap map = RegisterMapLoader.resource(BuiltInMaps.class,
                        "/io/streetgate/drivers/modbus/maps/" + file);
                maps.put(map.type(), map);
            } catch (RegisterMapException e) {
                // a shipped map that does not load is a build error, caught by the tests
                throw new IllegalStateException("built-in map " + file + " is broken: " + e.getMessage(), e);
            }
        }
        return java.util.Collections.unmodifiableMap(maps);
    }
}
