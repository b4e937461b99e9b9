package io.streetgate.drivers.pi4j.bme280;

/** The mode field of ctrl_meas (datasheet section 5.4.5; 0b10 is forced mode as well). */
enum Mode {
    SLEEP(0b00),
    FORCED(0b01),
    NORMAL(0b11);

    final int code;

    Mode(int code) {
        this.code = code;
    }
}
