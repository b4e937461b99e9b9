package io.streetgate.console;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an account may do; each role may do everything of the roles before it. */
public enum Role {
    /** Sees the overview, readings, self-test results and logs. */
    VIEWER,
    /** Also sets and releases overrides and runs the self-test (which moves actuators). */
    TECHNICIAN,
    /** Also manages accounts. */
    ADMIN;

    public boolean allows(Role needed) {
        return compareTo(needed) >= 0;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role of a label; the error names the value and the valid ones. */
    public static Role of(String label) {
        for (Role r : values()) {
            if (r.label().equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("role '" + label + "' is not one of "
                + Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", ")));
    }
}
