package io.streetgate.driver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A device's options read against its {@link DeviceType}: the same specs the site-file validator checks,
 * so a driver made from an unvalidated config refuses what the validator would, with the same wording,
 * and an absent option takes the spec's default.
 */
public final class DeviceOptions {

    private final DeviceConfig config;
    private final DeviceType type;

    public DeviceOptions(DeviceConfig config, DeviceType type) {
        this.config = config;
        this.type = type;
    }

    /** The checked value, normalised as the validator does, or the default when absent. */
    public String value(String key) throws DriverException {
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

    public int integer(String key) throws DriverException {
        return Integer.parseInt(value(key));
    }

    public Duration duration(String key) throws DriverException {
        return Durations.parse(value(key)).orElseThrow();
    }

    /** The device's address, checked against the type's addressing. */
    public int address() throws DriverException {
        DeviceType.Addressing addressing = type.addressing();
        int address = config.address();
        if (!addressing.isValid(address)) {
            throw invalid(addressing.key(), addressing.format(address), "is not valid; use " + addressing.describeValid());
        }
        return address;
    }

    private DriverException invalid(String key, String value, String problem) {
        return new DriverException(DriverFault.CONFIGURATION, "device '" + config.id() + "' (" + config.type()
                + "): " + key + "='" + value + "' " + problem);
    }
}
