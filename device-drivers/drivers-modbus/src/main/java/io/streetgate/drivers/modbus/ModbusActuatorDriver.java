package io.streetgate.drivers.modbus;

import io.streetgate.driver.ActuatorDriver;
import io.streetgate.driver.DeviceInfo;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.drivers.modbus.map.Actuation;
import io.streetgate.drivers.modbus.map.Point;

import java.util.List;

/**
 * One writable entry of a Modbus device (a lamp level, a setpoint, a mode, a fan stage) as an actuator. A level
 * 0..1 maps onto the entry's range ({@link Actuation}); {@link #applyValue} and {@link #readValue} work in the
 * entry's own unit (21.5 degC, fan stage 2) for control code that knows it. Every apply is read back from the
 * device, so a device that silently limits or ignores a value shows it at once.
 */
public final class ModbusActuatorDriver implements ActuatorDriver {

    private final ModbusDevice device;
    private final Point point;
    private final Runnable onClose;
    private volatile boolean closed;

    ModbusActuatorDriver(ModbusDevice device, Point point, Runnable onClose) {
        this.device = device;
        this.point = point;
        this.onClose = onClose;
    }

    @Override
    public String id() {
        return device.id();
    }

    /** The entry this actuator writes. */
    public Point point() {
        return point;
    }

    /** Reads the entry once to see that the device answers; changes nothing. */
    @Override
    public DeviceInfo init() throws DriverException {
        device.read(point);
        return new DeviceInfo(device.map().model(), "unit " + device.unit() + " on "
                + device.link().settings().describe() + ", " + point.name(),
                point.quantity() == null ? List.of() : List.of(point.quantity()));
    }

    @Override
    public void apply(double level) throws DriverException {
        ActuatorDriver.checkLevel(level);
        applyValue(point.actuation().value(level));
    }

    /** The level the device reports now, read back from the entry. */
    @Override
    public double readBack() throws DriverException {
        return point.actuation().level(readValue());
    }

    /**
     * Writes a value in the entry's unit and reads it back.
     *
     * @return the value the device reports after the write
     * @throws IllegalArgumentException when the value is outside the entry's range
     * @throws DriverException          when the write or the read-back fails, or the device reports another value
     */
    public double applyValue(double value) throws DriverException {
        Actuation a = point.actuation();
        if (!(value >= a.min() && value <= a.max())) {
            throw new IllegalArgumentException(point.name() + " value " + value + " is outside " + a.min() + ".."
                    + a.max());
        }
        device.write(point, value);
        double back = readValue();
        // a step or a register's resolution may round: accept what the encoding itself gives back
        double expected = point.decode(point.encode(value), 0);
        if (Math.abs(back - expected) > 1e-6 * Math.max(1, Math.abs(expected))) {
            throw new ModbusDriverException(DriverFault.PROTOCOL, "device '" + device.id() + "' reads back " + back
                    + " for " + point.name() + " after " + value + " was written");
        }
        return back;
    }

    /** The entry's value, read from the device. */
    public double readValue() throws DriverException {
        return device.read(point);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }
}
