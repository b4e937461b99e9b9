package io.streetgate.sim.bus;

import com.pi4j.context.Context;
import com.pi4j.exception.InitializeException;
import com.pi4j.io.serial.Serial;
import com.pi4j.io.serial.SerialBase;
import com.pi4j.io.serial.SerialConfig;
import com.pi4j.io.serial.SerialProvider;

import java.util.Objects;

/**
 * A Pi4J serial port on the simulated board. As pigpio's serial does, reads never wait: they return what has
 * arrived (possibly nothing), and {@link #available()} says how much that is. Failures surface as Pi4J
 * {@link com.pi4j.io.exception.IOException}s wrapping the Linux message.
 */
final class SimSerial extends SerialBase {

    private final SimSerialPort port;

    SimSerial(SerialProvider provider, SerialConfig config, SimSerialPort port) {
        super(provider, config);
        this.port = port;
    }

    @Override
    public Serial initialize(Context context) throws InitializeException {
        super.initialize(context);
        open();
        return this;
    }

    @Override
    public void open() {
        port.flush(); // a port opened afresh holds nothing from before
        super.open();
    }

    @Override
    public int available() {
        try {
            return port.available();
        } catch (java.io.IOException e) {
            throw failure(e);
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) == 1 ? one[0] & 0xFF : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        try {
            return port.read(buffer, offset, length);
        } catch (java.io.IOException e) {
            throw failure(e);
        }
    }

    @Override
    public int write(byte b) {
        return write(new byte[] {b}, 0, 1);
    }

    @Override
    public int write(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        try {
            port.write(data, offset, length);
            return length;
        } catch (java.io.IOException e) {
            throw failure(e);
        }
    }

    private com.pi4j.io.exception.IOException failure(java.io.IOException e) {
        return new com.pi4j.io.exception.IOException("serial port " + port.path() + " failed", e);
    }
}
