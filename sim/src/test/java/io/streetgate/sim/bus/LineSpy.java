package io.streetgate.sim.bus;

import com.pi4j.io.gpio.digital.DigitalState;

import java.util.function.Consumer;

/** Lets tests in other packages watch a GPIO line's edges without Pi4J. */
public final class LineSpy {

    private LineSpy() {
    }

    public static void listen(GpioLine line, Consumer<DigitalState> listener) {
        line.addListener(listener);
    }
}
