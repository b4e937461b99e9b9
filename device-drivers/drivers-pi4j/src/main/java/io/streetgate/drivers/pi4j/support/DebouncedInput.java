package io.streetgate.drivers.pi4j.support;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import io.streetgate.driver.DriverException;

import java.time.Duration;

/**
 * A GPIO input debounced in software: Pi4J's own debounce is off (so every edge is seen, as gpiod reports it),
 * each edge goes to a {@link Debouncer} stamped from the gateway clock, in the "active" sense of the wiring (a
 * PIR drives its line high, a contact to ground pulls it low).
 */
public final class DebouncedInput implements AutoCloseable {

    private final Context pi4j;
    private final DigitalInput input;
    private final DigitalStateChangeListener listener;
    private final boolean activeHigh;
    private final Duration debounce;
    private final DriverTime time;
    private final String where;
    private volatile Debouncer debouncer;

    private DebouncedInput(Context pi4j, DigitalInput input, boolean activeHigh, Duration debounce, DriverTime time,
                           String where) {
        this.pi4j = pi4j;
        this.input = input;
        this.activeHigh = activeHigh;
        this.debounce = debounce;
        this.time = time;
        this.where = where;
        this.listener = event -> {
            Debouncer d = debouncer;
            if (d != null) {
                d.edge(active(event.state()), time.now());
            }
        };
        input.addListener(listener);
        restart();
    }

    /**
     * Opens the input and starts listening.
     *
     * @param id the Pi4J I/O id (the device's configured id)
     */
    public static DebouncedInput open(Context pi4j, String id, int pin, PullResistance pull, boolean activeHigh,
                                      Duration debounce, DriverTime time) throws DriverException {
        String where = "GPIO " + pin;
        try {
            DigitalInput input = pi4j.create(DigitalInput.newConfigBuilder(pi4j).id(id).name(id + " @ " + where)
                    .address(pin).pull(pull).debounce(0L).build());
            return new DebouncedInput(pi4j, input, activeHigh, debounce, time, where);
        } catch (RuntimeException e) {
            throw Pi4jFaults.map(e, where, "opening the input");
        }
    }

    /** Starts a fresh debouncer from the line's level now (what was counted before is dropped). */
    public void restart() {
        debouncer = new Debouncer(debounce, active(input.state()), time.now());
    }

    public Debouncer debouncer() {
        return debouncer;
    }

    /** e.g. {@code GPIO 17}. */
    public String where() {
        return where;
    }

    /** The line's electrical level now. */
    public DigitalState state() {
        return input.state();
    }

    private boolean active(DigitalState state) {
        return (state == DigitalState.HIGH) == activeHigh;
    }

    /** Stops listening and releases the input. Never throws. */
    @Override
    public void close() {
        debouncer = null;
        try {
            input.removeListener(listener);
            pi4j.shutdown(input.id());
        } catch (RuntimeException e) {
            // already gone
        }
    }
}
