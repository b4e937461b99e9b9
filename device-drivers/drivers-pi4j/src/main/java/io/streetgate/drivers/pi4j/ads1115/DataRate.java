package io.streetgate.drivers.pi4j.ads1115;

import java.time.Duration;

/** Data rate: config bits 7:5 (section 8.6.3); a single conversion takes 1/DR. */
public enum DataRate {
    SPS8(0b000, 8), SPS16(0b001, 16), SPS32(0b010, 32), SPS64(0b011, 64), SPS128(0b100, 128),
    SPS250(0b101, 250), SPS475(0b110, 475), SPS860(0b111, 860);

    final int code;
    final int samplesPerSecond;

    DataRate(int code, int samplesPerSecond) {
        this.code = code;
        this.samplesPerSecond = samplesPerSecond;
    }

    /** The longest a conversion takes: 1/DR plus the oscillator's 10 % tolerance (section 7.5; verify). */
    Duration maxConversionTime() {
        return Duration.ofNanos(1_100_000_000L / samplesPerSecond);
    }

    static String[] optionValues() {
        String[] values = new String[values().length];
        for (DataRate rate : values()) {
            values[rate.ordinal()] = Integer.toString(rate.samplesPerSecond);
        }
        return values;
    }

    static DataRate ofOptionValue(String value) {
        for (DataRate rate : values()) {
            if (Integer.toString(rate.samplesPerSecond).equals(value)) {
                return rate;
            }
        }
        throw new IllegalArgumentException("no data rate '" + value + "'");
    }
}
