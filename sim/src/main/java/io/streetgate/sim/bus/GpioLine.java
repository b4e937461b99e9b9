package io.streetgate.sim.bus;

import com.pi4j.io.gpio.digital.DigitalState;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** One GPIO line of the simulated board: driven by a simulated device, read by Pi4J digital inputs. */
public final class GpioLine {

    private final int pin;
    private final List<Consumer<DigitalState>> listeners = new CopyOnWriteArrayList<>();
    private volatile DigitalState state = DigitalState.LOW;

    GpioLine(int pin) {
        this.pin = pin;
    }

    public int pin() {
        return pin;
    }

    public DigitalState state() {
        return state;
    }

    /** Drives the line; inputs on it see an edge (synchronously, in this thread) when the level changes. */
    public void drive(DigitalState level) {
        DigitalState previous;
        synchronized (this) {
            previous = state;
            state = level;
        }
        if (previous != level) {
            for (Consumer<DigitalState> listener : listeners) {
                listener.accept(level);
            }
        }
    }

    void addListener(Consumer<DigitalState> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<DigitalState> listener) {
        listeners.remove(listener);
    }
}
