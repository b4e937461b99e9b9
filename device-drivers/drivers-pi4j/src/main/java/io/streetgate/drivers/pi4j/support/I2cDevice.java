package io.streetgate.drivers.pi4j.support;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;

/**
 * One device on an I2C bus through Pi4J, with every failure turned into a {@link DriverException}. Each
 * method is one bus transaction.
 */
public final class I2cDevice implements AutoCloseable {

    private final Context pi4j;
    private final I2C i2c;
    private final String where;

    private I2cDevice(Context pi4j, I2C i2c, String where) {
        this.pi4j = pi4j;
        this.i2c = i2c;
        this.where = where;
    }

    /**
     * Opens a handle (no bus traffic yet).
     *
     * @param id the Pi4J I/O id, unique in the context (the device's configured id)
     */
    public static I2cDevice open(Context pi4j, String id, int bus, int address) throws DriverException {
        String where = describe(bus, address);
        try {
            I2C i2c = pi4j.create(I2C.newConfigBuilder(pi4j).id(id).name(id + " @ " + where).bus(bus)
                    .device(address).build());
            return new I2cDevice(pi4j, i2c, where);
        } catch (RuntimeException e) {
            throw Pi4jFaults.map(e, where, "opening the bus");
        }
    }

    public static String describe(int bus, int address) {
        return String.format("I2C bus %d address 0x%02X", bus, address);
    }

    /** e.g. {@code I2C bus 1 address 0x76}. */
    public String where() {
        return where;
    }

    public int readRegister(int register, String doing) throws DriverException {
        byte[] one = new byte[1];
        readRegisters(register, one, doing);
        return one[0] & 0xFF;
    }

    /** Writes the register address, then reads {@code into.length} bytes after a repeated START. */
    public void readRegisters(int register, byte[] into, String doing) throws DriverException {
        int count;
        try {
            count = i2c.readRegister(register, into, 0, into.length);
        } catch (RuntimeException e) {
            throw Pi4jFaults.map(e, where, doing);
        }
        checkCount(count, into.length, doing);
    }

    public void writeRegister(int register, int value, String doing) throws DriverException {
        try {
            i2c.writeRegister(register, (byte) value);
        } catch (RuntimeException e) {
            throw Pi4jFaults.map(e, where, doing);
        }
    }

    /** Writes a register address followed by several bytes in one write transfer (16-bit registers, auto-increment). */
    public void writeRegister(int register, byte[] data, String doing) throws DriverException {
        try {
            i2c.writeRegister(register, data, 0, data.length);
        } catch (RuntimeException e) {
            throw Pi4jFaults.map(e, where, doing);
        }
    }

    /** Writes bytes in one write transfer (a command with its arguments). */
    public void write(byte[] data, String doing) throws DriverException {
        try {
            i2c.write(data, 0, data.length);
        } catch (RuntimeException e) {
            throw Pi4jFaults.map(e, where, doing);
        }
    }

    /** Writes one byte on its own (an opcode). */
    public void writeByte(int value, String doing) throws DriverException {
        try {
            i2c.write((byte) value);
        } catch (RuntimeException e) {
            throw Pi4jFaults.map(e, where, doing);
        }
    }

    /** Reads {@code into.length} bytes. */
    public void read(byte[] into, String doing) throws DriverException {
        int count;
        try {
            count = i2c.read(into, 0, into.length);
        } catch (RuntimeException e) {
            throw Pi4jFaults.map(e, where, doing);
        }
        checkCount(count, into.length, doing);
    }

    private void checkCount(int count, int expected, String doing) throws DriverException {
        if (count != expected) {
            throw new DriverException(DriverFault.PROTOCOL, where + " gave " + count + " of " + expected
                    + " bytes while " + doing);
        }
    }

    /** Releases the handle from the Pi4J context. Never throws. */
    @Override
    public void close() {
        try {
            pi4j.shutdown(i2c.id());
        } catch (RuntimeException e) {
            try {
                i2c.close();
            } catch (RuntimeException ignored) {
                // the handle is unusable either way
            }
        }
    }
}
