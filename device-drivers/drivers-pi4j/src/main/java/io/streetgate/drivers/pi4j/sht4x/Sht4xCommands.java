package io.streetgate.drivers.pi4j.sht4x;

import java.time.Duration;

/** The SHT4x's one-byte commands and their maximum durations (SHT4x datasheet, "Command Overview" and "Timings"). */
final class Sht4xCommands {

    private Sht4xCommands() {
    }

    /** I2C addresses: 0x44 for SHT40/41/45-AD1B, 0x45 for -BD1B, 0x46 for -CD1B variants (datasheet, "Ordering Information"). */
    static final int ADDRESS_A = 0x44;
    static final int ADDRESS_B = 0x45;
    static final int ADDRESS_C = 0x46;

    /** Replies with two words (serial number high and low), each with its CRC. */
    static final int READ_SERIAL = 0x89;
    static final int SOFT_RESET = 0x94;
    /** Soft reset time, and the time a serial-number read takes (verify: the datasheet gives 1 ms at most). */
    static final Duration RESET_TIME = Duration.ofMillis(1);
    static final Duration SERIAL_TIME = Duration.ofMillis(1);

    /** The datasheet's operating range; a conversion outside it is a damaged or sentinel value (raw 0 = -45 °C). */
    static final double MIN_CELSIUS = -40;
    static final double MAX_CELSIUS = 125;
}
