package io.streetgate.drivers.pi4j.scd4x;

import java.time.Duration;

/**
 * The SCD4x's 16-bit commands and execution times (SCD4x datasheet, "Sensor Commands"; also
 * torvalds/linux drivers/iio/chemical/scd4x.c). While periodic measurement runs, the sensor accepts only
 * read_measurement, get_data_ready_status, stop_periodic_measurement and set_ambient_pressure.
 */
final class Scd4xCommands {

    private Scd4xCommands() {
    }

    static final int ADDRESS = 0x62;

    static final int START_PERIODIC = 0x21B1;
    static final int START_LOW_POWER_PERIODIC = 0x21AC;
    static final int READ_MEASUREMENT = 0xEC05;
    static final int STOP_PERIODIC = 0x3F86;
    static final int GET_DATA_READY = 0xE4B8;
    static final int SET_TEMPERATURE_OFFSET = 0x241D;
    static final int SET_ALTITUDE = 0x2427;
    static final int SET_AMBIENT_PRESSURE = 0xE000;
    static final int SET_ASC = 0x2416;
    static final int GET_SERIAL = 0x3682;
    static final int SELF_TEST = 0x3639;

    /** Data ready when the low 11 bits of the status word are not all 0 (get_data_ready_status). */
    static final int DATA_READY_MASK = 0x07FF;

    /** Most commands execute within 1 ms. */
    static final Duration COMMAND_TIME = Duration.ofMillis(1);
    /** stop_periodic_measurement: the sensor answers again after 500 ms. */
    static final Duration STOP_TIME = Duration.ofMillis(500);
    /** perform_self_test: about 10 s. */
    static final Duration SELF_TEST_TIME = Duration.ofSeconds(10);
    /** A new result every 5 s in periodic mode, every 30 s in low-power periodic mode. */
    static final Duration PERIOD = Duration.ofSeconds(5);
    static final Duration LOW_POWER_PERIOD = Duration.ofSeconds(30);

    /** The output range of CO2 (0..40 000 ppm) and the range its accuracy is specified for (400..5000 ppm, SCD40). */
    static final int MAX_PPM = 40_000;
    static final int SPEC_MIN_PPM = 400;
    static final int SPEC_MAX_PPM = 5_000;
}
