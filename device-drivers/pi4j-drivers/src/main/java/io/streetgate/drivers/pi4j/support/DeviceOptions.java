package io.streetgate.drivers.pi4j.support;

import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Reads a device's options with errors that name the device, the key, the value and what would be valid. */
public final class DeviceOptions {

    private final DeviceConfig config;

    public DeviceOptions(DeviceConfig config) {
        this.config = config;
    }

    public int integer(String key, int fallback, int min, int max) throws DriverException {
        String raw = config.options().get(key);
        if (raw == null) {
            return fallback;
        }
        int value;
        try {
            value = Integer.decode(raw.trim());
        } catch (NumberFormatException e) {
            throw invalid(key, raw, "a whole number in " + min + ".." + max);
        }
        if (value < min || value > max) {
            throw invalid(key, raw, "a whole number in " + min + ".." + max);
        }
        return value;
    }

    /**
     * One of a fixed set of words.
     *
     * @param choices the accepted spellings (lower case) and what each means
     */
    public <T> T choice(String key, T fallback, Map<String, T> choices, Function<Map<String, T>, String> describe)
            throws DriverException {
        String raw = config.options().get(key);
        if (raw == null) {
            return fallback;
        }
        T value = choices.get(raw.trim().toLowerCase(Locale.ROOT));
        if (value == null) {
            throw invalid(key, raw, describe.apply(choices));
        }
        return value;
    }

    public DriverException invalid(String key, String value, String valid) {
        return new DriverException(DriverFault.CONFIGURATION, "device '" + config.id() + "' (" + config.type()
                + "): option " + key + "='" + value + "' is not valid; use " + valid);
    }
}
