package io.streetgate.drivers.pi4j.support;

import com.pi4j.context.Context;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.SensorDriver;

import java.util.Objects;

/** What every I2C sensor driver has: its id, where it sits, its time, and a bus handle opened on first use. */
public abstract class I2cSensor implements SensorDriver {

    protected final String id;
    protected final DriverTime time;
    private final Context pi4j;
    private final int bus;
    private final int address;
    private I2cDevice device;

    protected I2cSensor(String id, Context pi4j, int bus, int address, DriverTime time) {
        this.id = Objects.requireNonNull(id, "id");
        this.pi4j = Objects.requireNonNull(pi4j, "pi4j");
        this.time = Objects.requireNonNull(time, "time");
        this.bus = bus;
        this.address = address;
    }

    @Override
    public final String id() {
        return id;
    }

    /** The bus handle, opened on the first call (and again after {@link #close()}). */
    protected final I2cDevice device() throws DriverException {
        if (device == null) {
            device = I2cDevice.open(pi4j, id, bus, address);
        }
        return device;
    }

    /** Puts the chip to sleep where it needs telling; the handle is still open. Must not throw. */
    protected void beforeClose(I2cDevice open) {
    }

    @Override
    public final void close() {
        if (device != null) {
            beforeClose(device);
            device.close();
            device = null;
        }
        forget();
    }

    /** Drops what init() learnt, so that a read after close fails until the next init(). */
    protected abstract void forget();
}
