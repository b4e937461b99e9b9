package io.streetgate.drivers.pi4j.sht4x;

import java.time.Duration;

/**
 * The heater commands (datasheet, "Command Overview" and "Heater Operation"): each heats at a power for a
 * time and ends with a high-precision measurement of the heated sensor. The datasheet asks for a heater duty
 * cycle of at most 10 %.
 */
public enum HeaterPulse {
    MW200_1S("200mW-1s", 0x39, 200, Duration.ofSeconds(1)),
    MW200_100MS("200mW-0.1s", 0x32, 200, Duration.ofMillis(100)),
    MW110_1S("110mW-1s", 0x2F, 110, Duration.ofSeconds(1)),
    MW110_100MS("110mW-0.1s", 0x24, 110, Duration.ofMillis(100)),
    MW20_1S("20mW-1s", 0x1E, 20, Duration.ofSeconds(1)),
    MW20_100MS("20mW-0.1s", 0x15, 20, Duration.ofMillis(100));

    final String optionValue;
    final int command;
    final int milliwatts;
    final Duration length;

    HeaterPulse(String optionValue, int command, int milliwatts, Duration length) {
        this.optionValue = optionValue;
        this.command = command;
        this.milliwatts = milliwatts;
        this.length = length;
    }

    /** The pulse and the high-precision measurement that ends it; the datasheet allows 10 % over (verify). */
    Duration maxTime() {
        return length.plus(length.dividedBy(10)).plus(Precision.HIGH.maxTime);
    }

    /** The shortest wait after a pulse that keeps the duty cycle at 10 %: nine times the pulse. */
    Duration rest() {
        return length.multipliedBy(9);
    }

    static HeaterPulse ofOptionValue(String value) {
        for (HeaterPulse pulse : values()) {
            if (pulse.optionValue.equals(value)) {
                return pulse;
            }
        }
        throw new IllegalArgumentException("no heater pulse '" + value + "'");
    }

    static String[] optionValues() {
        String[] all = new String[values().length + 1];
        all[0] = "off";
        for (HeaterPulse pulse : values()) {
            all[pulse.ordinal() + 1] = pulse.optionValue;
        }
        return all;
    }
}
