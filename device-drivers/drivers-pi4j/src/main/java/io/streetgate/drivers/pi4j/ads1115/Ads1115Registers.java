package io.streetgate.drivers.pi4j.ads1115;

/** The ADS1115's registers and config fields (ADS111x datasheet, section 8.6 "Register Map"); big-endian. */
final class Ads1115Registers {

    private Ads1115Registers() {
    }

    /** ADDR pin to GND, VDD, SDA, SCL (section 8.5.1.1). */
    static final int ADDRESS_GND = 0x48;
    static final int ADDRESS_VDD = 0x49;
    static final int ADDRESS_SDA = 0x4A;
    static final int ADDRESS_SCL = 0x4B;

    static final int CONVERSION = 0x00;
    static final int CONFIG = 0x01;

    /** Bit 15 OS: write 1 to start a single conversion; reads 0 while converting, 1 when idle. */
    static final int OS = 0x8000;
    /** Bit 8 MODE: 1 = single-shot (power-down between conversions). */
    static final int MODE_SINGLE_SHOT = 0x0100;
    /** COMP_QUE = 11: comparator off, ALERT/RDY high impedance. */
    static final int COMPARATOR_OFF = 0x0003;
}
