package io.streetgate.drivers.pi4j.serial;

import com.pi4j.io.serial.Serial;
import com.pi4j.io.serial.SerialConfig;
import com.pi4j.io.serial.SerialProviderBase;

/**
 * Pi4J's serial provider for plain Linux ttys ({@code /dev/ttyAMA0}, {@code /dev/ttyUSB0}, and the stable
 * {@code /dev/serial/by-id/...} names), needing neither pigpio (which Pi4J 2.8's own serial providers use)
 * nor native code for the standard speeds: {@link LinuxTtySerial}.
 */
public final class LinuxTtySerialProvider extends SerialProviderBase {

    public static final String ID = "streetgate-linux-tty";

    public LinuxTtySerialProvider() {
        super(ID, "streetgate Linux tty serial");
    }

    @Override
    public Serial create(SerialConfig config) {
        LinuxTtySerial serial = new LinuxTtySerial(this, config);
        context.registry().add(serial);
        return serial;
    }
}
