package io.streetgate.site;

import io.streetgate.driver.Durations;
import io.streetgate.driver.OptionSpec;

import java.time.Duration;

/**
 * A setting's default as a value, read from its one definition (the {@link OptionSpec} of a {@code *Settings}
 * class), so that the builders of the configuration records start from the values the site file is read with.
 */
final class SettingDefaults {

    private SettingDefaults() {
    }

    static boolean bool(OptionSpec spec) {
        return Boolean.parseBoolean(spec.defaultValue());
    }

    static int integer(OptionSpec spec) {
        return Integer.parseInt(spec.defaultValue());
    }

    static double decimal(OptionSpec spec) {
        return Double.parseDouble(spec.defaultValue());
    }

    static Duration duration(OptionSpec spec) {
        return Durations.parse(spec.defaultValue()).orElseThrow(() -> new IllegalStateException(
                spec.name() + ": default '" + spec.defaultValue() + "' is not a duration"));
    }
}
