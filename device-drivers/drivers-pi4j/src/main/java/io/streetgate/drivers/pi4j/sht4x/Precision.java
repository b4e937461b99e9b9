package io.streetgate.drivers.pi4j.sht4x;

import java.time.Duration;
import java.util.Locale;

/** Measurement commands by repeatability, with their maximum measurement times (datasheet: 8.3 / 4.5 / 1.7 ms; verify). */
public enum Precision {
    HIGH(0xFD, Duration.ofNanos(8_300_000)),
    MEDIUM(0xF6, Duration.ofNanos(4_500_000)),
    LOW(0xE0, Duration.ofNanos(1_700_000));

    final int command;
    final Duration maxTime;

    Precision(int command, Duration maxTime) {
        this.command = command;
        this.maxTime = maxTime;
    }

    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
