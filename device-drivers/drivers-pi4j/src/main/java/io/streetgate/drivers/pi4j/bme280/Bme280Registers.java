package io.streetgate.drivers.pi4j.bme280;

import java.time.Duration;

/** Register map and fixed values of the Bosch BME280 (datasheet BST-BME280-DS002, section 5.3 memory map, 5.4 registers). */
final class Bme280Registers {

    private Bme280Registers() {
    }

    /** I2C addresses: SDO to GND or to VDDIO (section 6.2). */
    static final int ADDRESS_SDO_LOW = 0x76;
    static final int ADDRESS_SDO_HIGH = 0x77;

    /** Trimming parameters dig_T1..dig_P9, reserved 0xA0, dig_H1 (section 4.2.2). */
    static final int CALIB_LOW = 0x88;
    static final int CALIB_LOW_LENGTH = 26;
    /** Trimming parameters dig_H2..dig_H6 (section 4.2.2). */
    static final int CALIB_HIGH = 0xE1;
    static final int CALIB_HIGH_LENGTH = 7;

    /** Chip id register and its value (section 5.4.1); a BMP280 answers 0x58 here. */
    static final int ID = 0xD0;
    static final int CHIP_ID = 0x60;
    static final int BMP280_CHIP_ID = 0x58;

    /** Soft reset: write {@link #RESET_WORD} (section 5.4.2). */
    static final int RESET = 0xE0;
    static final int RESET_WORD = 0xB6;

    /** osrs_h in bits 2:0; takes effect only after a write to ctrl_meas (section 5.4.3). */
    static final int CTRL_HUM = 0xF2;
    /** Bit 3 measuring, bit 0 im_update (section 5.4.4). */
    static final int STATUS = 0xF3;
    static final int STATUS_MEASURING = 0x08;
    static final int STATUS_IM_UPDATE = 0x01;
    /** The status bits that are unused and read 0 on a working chip. */
    static final int STATUS_UNUSED = 0xF6;
    /** osrs_t 7:5, osrs_p 4:2, mode 1:0 (section 5.4.5). */
    static final int CTRL_MEAS = 0xF4;
    /** t_sb 7:5, filter 4:2, spi3w_en 0 (section 5.4.6). */
    static final int CONFIG = 0xF5;

    /** press_msb..hum_lsb, read in one burst so that the values belong together (sections 4 and 5.4.7-5.4.9). */
    static final int DATA = 0xF7;
    static final int DATA_LENGTH = 8;

    /** What a skipped (or never run) measurement leaves in the data registers (section 5.3, reset values). */
    static final int SKIPPED_20_BIT = 0x80000;
    static final int SKIPPED_16_BIT = 0x8000;

    /** Start-up time after power-on or soft reset, before the trimming can be read (section 1, t_startup). */
    static final Duration START_UP = Duration.ofMillis(2);
}
