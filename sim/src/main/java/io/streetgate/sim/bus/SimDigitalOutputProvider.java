package io.streetgate.sim.bus;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.io.gpio.digital.DigitalOutputProviderBase;

/** Pi4J's digital output provider for the simulated board. */
public final class SimDigitalOutputProvider extends DigitalOutputProviderBase {

    public static final String ID = "streetgate-sim-digital-output";

    private final SimBoard board;

    SimDigitalOutputProvider(SimBoard board) {
        super(ID, "streetgate simulated digital output");
        this.board = board;
    }

    @Override
    public DigitalOutput create(DigitalOutputConfig config) {
        int pin = config.address();
        SimDigitalOutput output = new SimDigitalOutput(this, config, board.output("gpio " + pin), board.time());
        context.registry().add(output);
        return output;
    }
}
