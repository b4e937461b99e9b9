package io.streetgate.driver;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How one device is attached and configured, as read from the site file.
 *
 * @param id      the device's id in the site file; becomes {@link Measurement#sourceId()}
 * @param type    the driver type, e.g. {@code bme280}
 * @param bus     the bus it sits on
 * @param address the bus address (I2C address, GPIO pin, Modbus unit id); -1 when the bus has none
 * @param period  how often it is sampled
 * @param options driver-specific options (oversampling, mode, register map, ...), already validated
 */
public record DeviceConfig(String id, String type, BusConfig bus, int address, Duration period,
                           Map<String, String> options) {

    public DeviceConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(period, "period");
        options = Map.copyOf(options == null ? Map.of() : options);
    }

    public String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }
}
