package io.streetgate.analytics.control;

import java.util.Objects;

/**
 * What a control loop wants one actuator to be, and why.
 *
 * @param level  0..1 (on/off outputs 0 or 1)
 * @param reason why
 * @param detail one line for people: which period, which sensor, which override
 */
public record Setting(double level, Reason reason, String detail) {

    public Setting {
        if (!(level >= 0 && level <= 1)) {
            throw new IllegalArgumentException("level " + level + " is outside 0..1");
        }
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
    }

    public boolean isOn() {
        return level > 0;
    }
}
