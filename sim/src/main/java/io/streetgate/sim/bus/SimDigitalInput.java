package io.streetgate.sim.bus;

import com.pi4j.context.Context;
import com.pi4j.exception.ShutdownException;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputBase;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalInputProvider;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;

import java.util.function.Consumer;

/** A Pi4J digital input on a simulated GPIO line: reports every edge, like gpiod with debounce 0. */
final class SimDigitalInput extends DigitalInputBase {

    private final GpioLine line;
    private final Consumer<DigitalState> onEdge = this::edge;

    SimDigitalInput(DigitalInputProvider provider, DigitalInputConfig config, GpioLine line) {
        super(provider, config);
        this.line = line;
        line.addListener(onEdge);
    }

    private void edge(DigitalState state) {
        dispatch(new DigitalStateChangeEvent<>(this, state));
    }

    @Override
    public DigitalState state() {
        return line.state();
    }

    @Override
    public DigitalInput shutdown(Context context) throws ShutdownException {
        line.removeListener(onEdge);
        return super.shutdown(context);
    }
}
