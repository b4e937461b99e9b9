package io.streetgate.analytics.control;

import java.util.Locale;

/** Why an actuator is at its level; shown in {@code streetgate status} and sent upstream. */
public enum Reason {
    /** The lighting schedule: the night's dimming profile, or off by day. */
    SCHEDULE,
    /** Raised for someone detected at the lamp, or at a neighbouring lamp. */
    PRESENCE,
    /** The thermostat: heating or cooling to keep the temperature band. */
    THERMOSTAT,
    /** Ventilation for the CO2 level (demand-controlled), or the minimum ventilation. */
    VENTILATION,
    /** A person set it by a command; it ends at its expiry at the latest. */
    OVERRIDE,
    /** A sensor or the control loop failed: the configured safe state. */
    FAIL_SAFE,
    /** After a restart, the last safe state kept until the control loop has what it needs to decide. */
    RESTORED;

    /** The lower-case name used in status, upstream records and the audit log, e.g. {@code fail-safe}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Reason fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
