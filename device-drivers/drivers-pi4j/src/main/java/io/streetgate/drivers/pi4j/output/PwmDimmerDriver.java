package io.streetgate.drivers.pi4j.output;

import com.pi4j.context.Context;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmType;
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
 * Dims an LED driver through a hardware PWM channel of the Pi: a level 0..1 becomes a duty cycle through a
 * {@link DutyCurve} at the configured frequency (kHz range by default: far above what the eye sees as
 * flicker; domain facts, section 3). After each setting the channel is read back; a channel that reports
 * another duty than was set is {@link DriverFault#IMPLAUSIBLE}. Closing leaves the lamp as it is.
 */
public final class PwmDimmerDriver implements ActuatorDriver {

    /** One duty step of tolerance when comparing what the channel reports with what was set, percent. */
    private static final double READ_BACK_TOLERANCE = 0.01;

    /** What a site file may say about a PWM-dimmed lamp. */
    public static final DeviceType TYPE = new DeviceType("pwm_dimmer",
            "LED driver dimmed through a hardware PWM channel (level 0..1 to duty cycle)", List.of("pwm", "gpio"),
            new DeviceType.Addressing("channel", 0, 3, List.of(), false), List.of(Quantity.LEVEL),
            List.of(OptionSpec.integer("frequency", "PWM frequency, Hz (kHz range: no visible flicker; check the "
                            + "LED driver's PWM input range)", 100, 100_000, 1000L),
                    OptionSpec.bool("inverted", "the output stage inverts (duty taken from 100 %)", false),
                    OptionSpec.decimal("min_duty", "duty cycle at the lowest level above 0, percent", 0, 100, 0.0),
                    OptionSpec.decimal("max_duty", "duty cycle at level 1, percent", 0, 100, 100.0)));

    private final String id;
    private final Context pi4j;
    private final int channel;
    private final int frequency;
    private final DutyCurve curve;

    private Pwm pwm;
    private double applied = Double.NaN;

    PwmDimmerDriver(String id, Context pi4j, int channel, int frequency, DutyCurve curve) {
        this.id = Objects.requireNonNull(id, "id");
        this.pi4j = Objects.requireNonNull(pi4j, "pi4j");
        this.channel = channel;
        this.frequency = frequency;
        this.curve = curve;
    }

    /** A driver for a configured lamp (PWM channel = the device's address); checks options, touches nothing. */
    public static PwmDimmerDriver from(DeviceConfig config, Context pi4j) throws DriverException {
        DeviceOptions options = new DeviceOptions(config, TYPE);
        int channel = options.address();
        DutyCurve curve;
        try {
            curve = new DutyCurve(Double.parseDouble(options.value("min_duty")), Double.parseDouble(options.value("max_duty")),
                    Boolean.parseBoolean(options.value("inverted")));
        } catch (IllegalArgumentException e) {
            throw new DriverException(DriverFault.CONFIGURATION, "device '" + config.id() + "' (pwm_dimmer): "
                    + e.getMessage());
        }
        return new PwmDimmerDriver(config.id(), pi4j, channel, options.integer("frequency"), curve);
    }

    @Override
    public String id() {
        return id;
    }

    /** Claims the channel (hardware PWM) without setting a duty cycle: the lamp stays as it is. */
    @Override
    public DeviceInfo init() throws DriverException {
        String where = where();
        if (pwm == null) {
            try {
                pwm = pi4j.create(Pwm.newConfigBuilder(pi4j).id(id).name(id + " @ " + where).address(channel)
                        .pwmType(PwmType.HARDWARE).frequency(frequency).build());
            } catch (RuntimeException e) {
                throw Pi4jFaults.map(e, where, "claiming the channel");
            }
        }
        return new DeviceInfo("PWM dimmer", where + " at " + frequency + " Hz" + (curve.inverted() ? ", inverted" : ""),
                List.of(Quantity.LEVEL));
    }

    private String where() {
        return "PWM channel " + channel;
    }

    @Override
    public void apply(double level) throws DriverException {
        ActuatorDriver.checkLevel(level);
        if (pwm == null) {
            throw Pi4jFaults.notInitialised(id);
        }
        double duty = curve.duty(level);
        try {
            if (duty <= 0) {
                pwm.off();
            } else {
                pwm.on(duty, frequency);
            }
        } catch (RuntimeException e) {
            throw Pi4jFaults.map(e, where(), "setting " + String.format("%.2f %%", duty));
        }
        double reported = pinDuty();
        if (Math.abs(reported - duty) > READ_BACK_TOLERANCE) {
            throw new DriverException(DriverFault.IMPLAUSIBLE, String.format(
                    "%s reports %.2f %% duty after %.2f %% was set for level %.3f: the output did not take it",
                    where(), reported, duty, level));
        }
        applied = level;
    }

    /** The duty the pin carries: 0 while the channel is off. */
    private double pinDuty() throws DriverException {
        try {
            return pwm.isOn() ? pwm.getDutyCycle() : 0;
        } catch (RuntimeException e) {
            throw Pi4jFaults.map(e, where(), "reading the duty cycle back");
        }
    }

    /** The level the channel's duty cycle stands for. */
    @Override
    public double readBack() throws DriverException {
        if (pwm == null) {
            throw Pi4jFaults.notInitialised(id);
        }
        return curve.level(pinDuty());
    }

    /** The last level applied successfully, or NaN. */
    public double applied() {
        return applied;
    }

    /** Releases the channel; the lamp stays at its level (no shutdown value is configured). */
    @Override
    public void close() {
        if (pwm != null) {
            try {
                pi4j.shutdown(pwm.id());
            } catch (RuntimeException e) {
                // already gone
            }
            pwm = null;
        }
    }
}
