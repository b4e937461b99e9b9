package io.streetgate.drivers.pi4j.output;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import io.streetgate.driver.ActuatorDriver;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DeviceInfo;
import io.streetgate.driver.DeviceType;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.OptionSpec;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.DeviceOptions;
import io.streetgate.drivers.pi4j.support.Pi4jFaults;

import java.util.List;
import java.util.Objects;

/**
 * A relay (fan, heater, cooler, a lamp's mains) on a GPIO output: level 1 is on, 0 off; anything else is
 * refused, a relay has no middle. Relay boards are often active-low (the coil pulls in when the pin is low):
 * {@code active: low} says so. A GPIO line is an input until it is claimed, and claiming an output sets a
 * level: {@code initial} chooses it (off by default, whatever the board's polarity). After each setting the
 * line is read back; a line that reports another level is {@link DriverFault#IMPLAUSIBLE}. Closing leaves the
 * relay as it is.
 */
public final class RelayDriver implements ActuatorDriver {

    /** What a site file may say about a relay. */
    public static final DeviceType TYPE = new DeviceType("relay", "Relay on a GPIO output (on/off)", List.of("gpio"),
            DeviceType.Addressing.gpioPin(), List.of(Quantity.LEVEL),
            List.of(OptionSpec.choice("active", "the pin level that switches the relay on (many boards: low)", "high",
                            "high", "low"),
                    OptionSpec.choice("initial", "the state when the line is first claimed as an output", "off",
                            "off", "on")));

    private final String id;
    private final Context pi4j;
    private final int pin;
    private final boolean activeHigh;
    private final boolean initiallyOn;

    private DigitalOutput output;

    RelayDriver(String id, Context pi4j, int pin, boolean activeHigh, boolean initiallyOn) {
        this.id = Objects.requireNonNull(id, "id");
        this.pi4j = Objects.requireNonNull(pi4j, "pi4j");
        this.pin = pin;
        this.activeHigh = activeHigh;
        this.initiallyOn = initiallyOn;
    }

    /** A driver for a configured relay (GPIO line = the device's address); checks options, touches nothing. */
    public static RelayDriver from(DeviceConfig config, Context pi4j) throws DriverException {
        DeviceOptions options = new DeviceOptions(config, TYPE);
        return new RelayDriver(config.id(), pi4j, options.address(), options.value("active").equals("high"),
                options.value("initial").equals("on"));
    }

    @Override
    public String id() {
        return id;
    }

    /** Claims the line as an output at the {@code initial} state (once; a second init keeps its state). */
    @Override
    public DeviceInfo init() throws DriverException {
        if (output == null) {
            try {
                output = pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id(id).name(id + " @ " + where()).address(pin)
                        .initial(level(initiallyOn)).build());
            } catch (RuntimeException e) {
                throw Pi4jFaults.map(e, where(), "claiming the line");
            }
        }
        return new DeviceInfo("relay", where() + ", active " + (activeHigh ? "high" : "low"), List.of(Quantity.LEVEL));
    }

    private String where() {
        return "GPIO " + pin;
    }

    private DigitalState level(boolean on) {
        return on == activeHigh ? DigitalState.HIGH : DigitalState.LOW;
    }

    /**
     * Switches the relay.
     *
     * @throws IllegalArgumentException for a level other than 0 or 1
     */
    @Override
    public void apply(double level) throws DriverException {
        ActuatorDriver.checkLevel(level);
        if (level != 0 && level != 1) {
            throw new IllegalArgumentException("level " + level + " for relay '" + id + "': a relay is on (1) or off (0)");
        }
        if (output == null) {
            throw Pi4jFaults.notInitialised(id);
        }
        DigitalState wanted = level(level == 1);
        try {
            output.state(wanted);
        } catch (RuntimeException e) {
            throw Pi4jFaults.map(e, where(), "switching the relay " + (level == 1 ? "on" : "off"));
        }
        DigitalState reported = output.state();
        if (reported != wanted) {
            throw new DriverException(DriverFault.IMPLAUSIBLE, where() + " reports " + reported + " after " + wanted
                    + " was set: the line did not take it");
        }
    }

    /** 1 when the line is at the level that switches the relay on, else 0. */
    @Override
    public double readBack() throws DriverException {
        if (output == null) {
            throw Pi4jFaults.notInitialised(id);
        }
        try {
            return output.state() == level(true) ? 1 : 0;
        } catch (RuntimeException e) {
            throw Pi4jFaults.map(e, where(), "reading the line back");
        }
    }

    /** Releases the line; the relay stays as it is (no shutdown state is configured). */
    @Override
    public void close() {
        if (output != null) {
            try {
                pi4j.shutdown(output.id());
            } catch (RuntimeException e) {
                // already gone
            }
            output = null;
        }
    }
}
