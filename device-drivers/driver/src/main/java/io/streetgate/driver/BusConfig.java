package io.streetgate.driver;

import java.util.Map;
import java.util.Objects;

/**
 * A bus as named in the site file.
 *
 * @param id       the bus id devices refer to, e.g. {@code i2c-1}
 * @param kind     {@code i2c}, {@code gpio}, {@code serial}, {@code modbus-tcp} or {@code modbus-rtu}
 * @param settings kind-specific settings, already validated (I2C bus number, serial port, baud rate, host...)
 */
public record BusConfig(String id, String kind, Map<String, String> settings) {

    public BusConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        settings = Map.copyOf(settings == null ? Map.of() : settings);
    }

    public String setting(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }

    public int intSetting(String key, int fallback) {
        String value = settings.get(key);
        return value == null ? fallback : Integer.decode(value.trim());
    }
}
