package io.streetgate.drivers.pi4j.pulse;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.PullResistance;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DeviceInfo;
import io.streetgate.driver.DeviceType;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.OptionSpec;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.SelfTestResult;
import io.streetgate.driver.SelfTestResult.Check;
import io.streetgate.driver.SensorDriver;
import io.streetgate.drivers.pi4j.support.CounterStore;
import io.streetgate.drivers.pi4j.support.DebouncedInput;
import io.streetgate.drivers.pi4j.support.Debouncer;
import io.streetgate.driver.DeviceOptions;
import io.streetgate.drivers.pi4j.support.DriverTime;
import io.streetgate.drivers.pi4j.support.Pi4jFaults;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A water meter's pulse output (reed contact or open collector) on a GPIO input. Edges are debounced in
 * software (a level must hold for the debounce time: reed contacts bounce for up to a few ms, so the default
 * 20 ms suits meters up to about 25 pulses a second, far above a DN20 meter's 1.4 Hz at Qmax and 1 l/pulse;
 * domain facts, section 3), and each accepted closure (the configured edge) is one pulse of
 * {@code litres_per_pulse}. {@link #read()} reports the meter's {@code volume} (m³: {@code initial_m3} plus the
 * pulses) and the mean {@code flow} since the previous reading (m³/s; absent on the first reading after init).
 *
 * <p>The pulse count is kept in a {@link CounterStore} in the factory's state directory, so a restart loses
 * no volume: it is saved at a reading once {@code persist_every} has passed since the last save, and on
 * close. A power cut therefore loses at most the pulses since the last save: those of one
 * {@code persist_every} plus at most one sampling period. Without a state directory the count lives in memory.
 */
public final class WaterMeterDriver implements SensorDriver {

    /** What a site file may say about a pulse water meter. */
    public static final DeviceType TYPE = new DeviceType("water_meter",
            "Water meter with a pulse output (reed contact or open collector) on a GPIO input", List.of("gpio"),
            DeviceType.Addressing.gpioPin(), List.of(Quantity.VOLUME, Quantity.FLOW),
            List.of(OptionSpec.decimal("litres_per_pulse", "the meter's pulse value (commonly 1, 10 or 100 l)",
                            0.001, 10_000, 10.0),
                    OptionSpec.decimal("initial_m3", "the meter's reading when counting started (its dial), m3", 0, 1e9,
                            0.0),
                    OptionSpec.duration("debounce", "a level counts once it has held this long; keep it below half the "
                            + "shortest pulse spacing at the meter's maximum flow", Duration.ZERO, Duration.ofSeconds(1),
                            Duration.ofMillis(20)),
                    OptionSpec.choice("edge", "the edge a pulse starts with: falling for a contact to ground with a "
                            + "pull-up (the usual wiring), rising for one to the supply", "falling", "falling", "rising"),
                    OptionSpec.choice("pull", "the input's pull resistor (up for a reed contact or open collector to "
                            + "ground)", "up", "up", "down", "off"),
                    OptionSpec.duration("persist_every", "save the count at most this often (and on close): the most "
                            + "a power cut can lose", Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofMinutes(1))));

    private final String id;
    private final Context pi4j;
    private final int pin;
    private final DriverTime time;
    private final double litresPerPulse;
    private final double initialM3;
    private final Duration debounce;
    private final boolean activeLow;
    private final PullResistance pull;
    private final Duration persistEvery;
    private final CounterStore store;

    private DebouncedInput input;
    private long counted;
    private long saved = -1;
    private Instant savedAt = Instant.MIN;
    private long lastCount = -1;
    private Instant lastAt;

    WaterMeterDriver(String id, Context pi4j, int pin, DriverTime time, double litresPerPulse, double initialM3,
                     Duration debounce, boolean activeLow, PullResistance pull, Duration persistEvery, CounterStore store) {
        this.id = Objects.requireNonNull(id, "id");
        this.pi4j = Objects.requireNonNull(pi4j, "pi4j");
        this.pin = pin;
        this.time = Objects.requireNonNull(time, "time");
        this.litresPerPulse = litresPerPulse;
        this.initialM3 = initialM3;
        this.debounce = debounce;
        this.activeLow = activeLow;
        this.pull = pull;
        this.persistEvery = persistEvery;
        this.store = store;
    }

    /**
     * A driver for a configured meter (GPIO line = the device's address); checks options, touches nothing.
     *
     * @param stateDirectory where counts are kept, or null to keep them in memory only
     */
    public static WaterMeterDriver from(DeviceConfig config, Context pi4j, DriverTime time, Path stateDirectory)
            throws DriverException {
        DeviceOptions options = new DeviceOptions(config, TYPE);
        int pin = options.address();
        PullResistance pull = switch (options.value("pull")) {
            case "down" -> PullResistance.PULL_DOWN;
            case "off" -> PullResistance.OFF;
            default -> PullResistance.PULL_UP;
        };
        CounterStore store = stateDirectory == null ? null : CounterStore.of(stateDirectory, config.id());
        return new WaterMeterDriver(config.id(), pi4j, pin, time, Double.parseDouble(options.value("litres_per_pulse")),
                Double.parseDouble(options.value("initial_m3")), options.duration("debounce"),
                options.value("edge").equals("falling"), pull, options.duration("persist_every"), store);
    }

    @Override
    public String id() {
        return id;
    }

    /** Loads the saved count, opens the input (kernel debounce off: the driver debounces) and listens. */
    @Override
    public DeviceInfo init() throws DriverException {
        if (input == null) {
            counted = store == null ? counted : store.load();
            saved = counted;
            input = DebouncedInput.open(pi4j, id, pin, pull, !activeLow, debounce, time);
        } else {
            pulses(); // a re-init keeps what was counted
            input.restart();
        }
        lastCount = -1;
        return new DeviceInfo("pulse water meter", input.where() + ", " + litresPerPulse + " l/pulse, " + counted
                + " pulses " + (store == null ? "kept in memory only (no state directory)" : "kept in " + store.file()),
                List.of(Quantity.VOLUME, Quantity.FLOW));
    }

    /** Pulses counted since the meter was first counted (saved and since). */
    public long pulses() {
        Debouncer d = input == null ? null : input.debouncer();
        if (d != null) {
            d.settle(time.now());
            counted += d.takeRises();
        }
        return counted;
    }

    @Override
    public List<Measurement> read() throws DriverException {
        if (input == null) {
            throw Pi4jFaults.notInitialised(id);
        }
        Instant now = time.now();
        long count = pulses();
        List<Measurement> readings = new ArrayList<>(2);
        readings.add(Measurement.of(id, Quantity.VOLUME, initialM3 + count * litresPerPulse / 1000, now));
        if (lastCount >= 0 && now.isAfter(lastAt)) {
            double seconds = Duration.between(lastAt, now).toNanos() / 1e9;
            readings.add(Measurement.of(id, Quantity.FLOW, (count - lastCount) * litresPerPulse / 1000 / seconds, now));
        }
        lastCount = count;
        lastAt = now;
        if (store != null && count != saved && !now.isBefore(savedAt.plus(persistEvery))) {
            save(count, now);
        }
        return readings;
    }

    private void save(long count, Instant now) throws DriverException {
        store.save(count);
        saved = count;
        savedAt = now;
    }

    /** The input opens and reads, the state file loads and saves, and the volume reads. */
    @Override
    public SelfTestResult selfTest() {
        List<Check> checks = new ArrayList<>();
        try {
            DeviceInfo info = input == null ? init() : null;
            checks.add(Check.pass("input", input.where() + " reads " + input.state()));
            if (store != null) {
                long count = pulses();
                save(count, time.now());
                checks.add(new Check("state file", store.load() == count, store.file() + " holds " + count));
            } else {
                checks.add(Check.pass("state file", "none: " + (info == null ? "count in memory" : info.identity())));
            }
            Measurement volume = read().get(0);
            checks.add(Check.pass("volume", String.format("%.3f m3", volume.value())));
        } catch (DriverException e) {
            checks.add(Check.fail(e.getMessage().contains("state") || e.getMessage().contains(".count") ? "state file"
                    : "input", e.toString()));
        }
        return SelfTestResult.of(id, checks);
    }

    /** Saves the count and releases the input. */
    @Override
    public void close() {
        if (input != null && store != null) {
            try {
                long count = pulses();
                if (count != saved) {
                    save(count, time.now());
                }
            } catch (DriverException e) {
                System.getLogger(WaterMeterDriver.class.getName()).log(System.Logger.Level.WARNING,
                        "water meter '" + id + "': the count could not be saved on close: " + e.getMessage());
            }
        }
        if (input != null) {
            input.close();
            input = null;
        }
    }
}
