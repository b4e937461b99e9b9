package io.streetgate.sim.bus;

import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CBase;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProvider;

import java.util.Arrays;
import java.util.Objects;

/**
 * A Pi4J I2C handle on the simulated board. Every call is one bus transaction (write, or write then read
 * after a repeated START), as the Linux adapter does it; failures surface as Pi4J's wrapped
 * {@link java.io.IOException}s with the Linux messages.
 */
final class SimI2C extends I2CBase<SimI2CBus> implements I2C {

    private final SimBoard board;

    SimI2C(I2CProvider provider, I2CConfig config, SimI2CBus bus, SimBoard board) {
        super(provider, config, bus);
        this.board = board;
    }

    private byte[] transfer(byte[] write, int readLength) {
        byte[] read = new byte[readLength];
        execute(() -> {
            board.transfer(bus(), device(), write, read);
            return null;
        });
        return read;
    }

    @Override
    public int write(byte b) {
        transfer(new byte[] {b}, 0);
        return 1;
    }

    @Override
    public int write(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        transfer(Arrays.copyOfRange(data, offset, offset + length), 0);
        return length;
    }

    @Override
    public int read() {
        return transfer(new byte[0], 1)[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        System.arraycopy(transfer(new byte[0], length), 0, buffer, offset, length);
        return length;
    }

    @Override
    public int readRegister(int register) {
        return transfer(new byte[] {(byte) register}, 1)[0] & 0xFF;
    }

    @Override
    public int readRegister(int register, byte[] buffer, int offset, int length) {
        return readRegister(new byte[] {(byte) register}, buffer, offset, length);
    }

    @Override
    public int readRegister(byte[] register, byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        System.arraycopy(transfer(register.clone(), length), 0, buffer, offset, length);
        return length;
    }

    @Override
    public int writeRegister(int register, byte b) {
        transfer(new byte[] {(byte) register, b}, 0);
        return 1;
    }

    @Override
    public int writeRegister(int register, byte[] data, int offset, int length) {
        return writeRegister(new byte[] {(byte) register}, data, offset, length);
    }

    @Override
    public int writeRegister(byte[] register, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        byte[] frame = Arrays.copyOf(register, register.length + length);
        System.arraycopy(data, offset, frame, register.length, length);
        transfer(frame, 0);
        return length;
    }
}
