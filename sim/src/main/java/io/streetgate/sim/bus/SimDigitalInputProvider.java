package io.streetgate.sim.bus;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalInputProviderBase;

/** Pi4J's digital input provider for the simulated board. */
public final class SimDigitalInputProvider extends DigitalInputProviderBase {

    public static final String ID = "streetgate-sim-digital-input";

    private final SimBoard board;

    SimDigitalInputProvider(SimBoard board) {
        super(ID, "streetgate simulated digital input");
        this.board = board;
    }

    @Override
    public DigitalInput create(DigitalInputConfig config) {
        SimDigitalInput input = new SimDigitalInput(this, config, board.line(config.address()));
        context.registry().add(input);
        return input;
    }
}
