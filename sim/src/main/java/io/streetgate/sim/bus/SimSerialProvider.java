package io.streetgate.sim.bus;

import com.pi4j.exception.Pi4JException;
import com.pi4j.io.serial.Serial;
import com.pi4j.io.serial.SerialConfig;
import com.pi4j.io.serial.SerialProviderBase;

/** Pi4J's serial provider for the simulated board: ports by their device path. */
public final class SimSerialProvider extends SerialProviderBase {

    public static final String ID = "streetgate-sim-serial";

    private final SimBoard board;

    SimSerialProvider(SimBoard board) {
        super(ID, "streetgate simulated serial");
        this.board = board;
    }

    @Override
    public Serial create(SerialConfig config) {
        SimSerialPort port = board.serialPort(config.device()).orElseThrow(() -> new Pi4JException(
                "serial port " + config.device() + " does not exist on the simulated board (ports: "
                        + board.serialPorts() + ")", new java.nio.file.NoSuchFileException(config.device())));
        SimSerial serial = new SimSerial(this, config, port);
        context.registry().add(serial);
        return serial;
    }
}
