package io.streetgate.driver;

/** The kinds of driver failure, so that failures can be counted and handled by reason. */
public enum DriverFault {
    /** Nothing answers at the address (I2C NACK, no Modbus reply from that unit, no serial data). */
    NO_DEVICE(true),
    /** Something answered, but it is not the configured chip (wrong chip id). */
    WRONG_DEVICE(false),
    /** A checksum or CRC did not match. */
    CHECKSUM(true),
    /** The device did not answer in time. */
    TIMEOUT(true),
    /** The reply was malformed: short frame, bad header, a Modbus exception code. */
    PROTOCOL(true),
    /** The device has no new data yet; try again later. Not a fault of the device. */
    NOT_READY(true),
    /** The value read is impossible for this device (outside its datasheet range, calibration invalid). */
    IMPLAUSIBLE(true),
    /** The configuration cannot work (bad address, unsupported option). Retrying will not help. */
    CONFIGURATION(false),
    /** The bus itself failed (the I2C adapter or serial port is missing, the TCP connection is refused). */
    BUS(true);

    private final boolean transientFault;

    DriverFault(boolean transientFault) {
        this.transientFault = transientFault;
    }

    /** Whether retrying later can succeed. */
    public boolean isTransient() {
        return transientFault;
    }
}
