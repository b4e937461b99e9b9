package io.streetgate.drivers.pi4j.sps30;

import java.time.Duration;

/** The SPS30's I2C commands (SPS30 datasheet, "I2C Commands"; domain facts, section 1). */
final class Sps30Commands {

    private Sps30Commands() {
    }

    static final int ADDRESS = 0x69;

    static final int START_MEASUREMENT = 0x0010;
    /** Argument of start measurement: big-endian IEEE 754 float output. */
    static final int FLOAT_FORMAT = 0x0300;
    static final int STOP_MEASUREMENT = 0x0104;
    static final int READ_DATA_READY = 0x0202;
    static final int READ_VALUES = 0x0300;
    static final int SLEEP = 0x1001;
    static final int WAKE_UP = 0x1103;
    static final int START_FAN_CLEANING = 0x5607;
    static final int AUTO_CLEANING_INTERVAL = 0x8004;
    static final int READ_SERIAL = 0xD033;
    static final int READ_STATUS = 0xD206;
    static final int RESET = 0xD304;

    /** Words in the serial-number reply: up to 32 ASCII characters, NUL-terminated. */
    static final int SERIAL_WORDS = 16;
    /** Ten floats of two words each. */
    static final int VALUE_WORDS = 20;

    /** Device status register bits: fan speed out of range, laser failure, fan failure ("Device Status Register"). */
    static final int STATUS_FAN_SPEED = 1 << 21;
    static final int STATUS_LASER = 1 << 5;
    static final int STATUS_FAN = 1 << 4;

    /** Execution times: 20 ms for start, stop, sleep, wake, cleaning; 100 ms for reset (verify against the datasheet). */
    static final Duration COMMAND_TIME = Duration.ofMillis(20);
    static final Duration RESET_TIME = Duration.ofMillis(100);
    /** A new result every second. */
    static final Duration PERIOD = Duration.ofSeconds(1);
    /** Fan cleaning runs the fan at full speed for 10 s (verify). */
    static final Duration CLEANING_TIME = Duration.ofSeconds(10);
    /** Mass concentration range the output is specified for, µg/m³. */
    static final double MAX_MASS = 1000;
}
