package io.streetgate.drivers.pi4j.pir;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.PullResistance;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DeviceInfo;
import io.streetgate.driver.DeviceType;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.OptionSpec;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.QualityFlag;
import io.streetgate.driver.SelfTestResult;
import io.streetgate.driver.SelfTestResult.Check;
import io.streetgate.driver.SensorDriver;
import io.streetgate.drivers.pi4j.support.DebouncedInput;
import io.streetgate.drivers.pi4j.support.Debouncer;
import io.streetgate.driver.DeviceOptions;
import io.streetgate.drivers.pi4j.support.DriverTime;
import io.streetgate.drivers.pi4j.support.Pi4jFaults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A PIR motion module on a GPIO input. Edges are debounced in software (the line must hold a level for the
 * debounce time), each accepted rise is a motion event. A {@link #read()} reports {@code presence} (1 when
 * there was motion since the last read or the line is high now) and {@code motion_events} since the last
 * read. A line high for longer than the stuck-high limit is a fault, not presence.
 *
 * <p>Options: see {@link #TYPE}.
 */
public final class PirDriver implements SensorDriver {

    private final String id;
    private final Context pi4j;
    private final int pin;
    private final DriverTime time;
    private final Duration debounce;
    private final Duration stuckHighLimit;
    private final Duration warmUp;
    private final boolean activeHigh;
    private final PullResistance pull;

    private DebouncedInput input;
    private Instant initialisedAt;

    PirDriver(String id, Context pi4j, int pin, DriverTime time, Duration debounce, Duration stuckHighLimit,
              Duration warmUp, boolean activeHigh, PullResistance pull) {
        this.id = Objects.requireNonNull(id, "id");
        this.pi4j = Objects.requireNonNull(pi4j, "pi4j");
        this.pin = pin;
        this.time = Objects.requireNonNull(time, "time");
        this.debounce = debounce;
        this.stuckHighLimit = stuckHighLimit;
        this.warmUp = warmUp;
        this.activeHigh = activeHigh;
        this.pull = pull;
    }

    /** What a site file may say about a PIR input. */
    public static final DeviceType TYPE = new DeviceType("pir", "PIR motion module on a GPIO input",
            List.of("gpio"), DeviceType.Addressing.gpioPin(), List.of(Quantity.PRESENCE, Quantity.MOTION_EVENTS),
            List.of(OptionSpec.duration("debounce", "a level counts once it has held this long",
                            Duration.ZERO, Duration.ofSeconds(5), Duration.ofMillis(50)),
                    OptionSpec.duration("stuck_high", "active for longer than this is a fault, not presence",
                            Duration.ofMinutes(1), Duration.ofDays(7), Duration.ofHours(2)),
                    OptionSpec.duration("warm_up", "readings this soon after start are flagged warming up "
                            + "(HC-SR501 modules need 30-60 s)", Duration.ZERO, Duration.ofMinutes(10), Duration.ZERO),
                    OptionSpec.choice("active", "the level the module gives on motion", "high", "high", "low"),
                    OptionSpec.choice("pull", "the input's pull resistor", "down", "down", "up", "off")));

    /** A driver for a configured device (GPIO line = the device's address); checks options, touches nothing. */
    public static PirDriver from(DeviceConfig config, Context pi4j, DriverTime time) throws DriverException {
        DeviceOptions options = new DeviceOptions(config, TYPE);
        int pin = options.address();
        PullResistance pull = switch (options.value("pull")) {
            case "up" -> PullResistance.PULL_UP;
            case "off" -> PullResistance.OFF;
            default -> PullResistance.PULL_DOWN;
        };
        return new PirDriver(config.id(), pi4j, pin, time, options.duration("debounce"),
                options.duration("stuck_high"), options.duration("warm_up"), options.value("active").equals("high"), pull);
    }

    @Override
    public String id() {
        return id;
    }

    /** Opens the input (kernel debounce off: the driver debounces) and starts listening to its edges. */
    @Override
    public DeviceInfo init() throws DriverException {
        if (input == null) {
            input = DebouncedInput.open(pi4j, id, pin, pull, activeHigh, debounce, time);
        } else {
            input.restart();
        }
        initialisedAt = time.now();
        return new DeviceInfo("PIR", input.where(), List.of(Quantity.PRESENCE, Quantity.MOTION_EVENTS));
    }

    @Override
    public List<Measurement> read() throws DriverException {
        Debouncer d = input == null ? null : input.debouncer();
        if (d == null) {
            throw Pi4jFaults.notInitialised(id);
        }
        Instant now = time.now();
        d.settle(now);
        boolean high = d.high();
        if (high) {
            Duration highFor = Duration.between(d.highSince(), now);
            if (highFor.compareTo(stuckHighLimit) > 0) {
                throw new DriverException(DriverFault.IMPLAUSIBLE, String.format(
                        "GPIO %d has been active for %d min, longer than the stuck-high limit of %d min: a stuck "
                                + "module or a short to the supply", pin, highFor.toMinutes(), stuckHighLimit.toMinutes()));
            }
        }
        long events = d.takeRises();
        Measurement presence = Measurement.of(id, Quantity.PRESENCE, events > 0 || high ? 1 : 0, now);
        Measurement motion = Measurement.of(id, Quantity.MOTION_EVENTS, events, now);
        if (Duration.between(initialisedAt, now).compareTo(warmUp) < 0) {
            return List.of(presence.flagged(QualityFlag.WARMING_UP), motion.flagged(QualityFlag.WARMING_UP));
        }
        return List.of(presence, motion);
    }

    /**
     * The input opens and its level is readable; the line is not stuck active. A running driver keeps its
     * history, so a line stuck for longer than the limit fails the test.
     */
    @Override
    public SelfTestResult selfTest() {
        List<Check> checks = new ArrayList<>();
        try {
            String where = input == null ? init().identity() : input.where();
            checks.add(Check.pass("input", where + " reads " + input.state()));
            List<Measurement> readings = read();
            checks.add(Check.pass("not stuck active", "presence " + (int) readings.get(0).value()));
        } catch (DriverException e) {
            checks.add(Check.fail(e.fault() == DriverFault.IMPLAUSIBLE ? "not stuck active" : "input", e.toString()));
        }
        return SelfTestResult.of(id, checks);
    }

    @Override
    public void close() {
        if (input != null) {
            input.close();
            input = null;
        }
    }
}
