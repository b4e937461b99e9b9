package io.streetgate.drivers.modbus;

import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DeviceType;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A device's options checked against its {@link DeviceType}, so a driver made from an unchecked config refuses
 * what the site-file validator would, in the same words, and an absent option takes its default.
 */
final class Options {

    private final DeviceConfig config;
    private final DeviceType type;

    Options(DeviceConfig config, DeviceType type) {
        this.config = config;
        this.type = type;
    }

    String value(String key) throws DriverException {
        OptionSpec spec = type.option(key).orElseThrow(
                () -> new IllegalArgumentException(type.name() + " has no option '" + key + "'"));
        String raw = config.options().get(key);
        if (raw == null) {
            if (spec.defaultValue() == null) {
                throw invalid(key, "", "is missing; " + spec.description());
            }
            return spec.defaultValue();
        }
        List<String> problems = new ArrayList<>();
        Optional<String> checked = spec.check(raw, problems::add);
        if (checked.isEmpty()) {
            throw invalid(key, raw, problems.isEmpty() ? "is not valid" : problems.get(0));
        }
        return checked.get();
    }

    int integer(String key) throws DriverException {
        return Integer.parseInt(value(key));
    }

    /** The unit id, checked against the type's addressing (1..247). */
    int address() throws DriverException {
        DeviceType.Addressing addressing = type.addressing();
        if (!addressing.isValid(config.address())) {
            throw invalid(addressing.key(), addressing.format(config.address()), "is not valid; use "
                    + addressing.describeValid());
        }
        return config.address();
    }

    private DriverException invalid(String key, String value, String problem) {
        return new DriverException(DriverFault.CONFIGURATION, "device '" + config.id() + "' (" + config.type()
                + "): " + key + "='" + value + "' " + problem);
    }
}
