package io.streetgate.drivers.pi4j.veml7700;

import com.pi4j.context.Context;
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
import io.streetgate.driver.DeviceOptions;
import io.streetgate.drivers.pi4j.support.DriverTime;
import io.streetgate.drivers.pi4j.support.I2cDevice;
import io.streetgate.drivers.pi4j.support.I2cSensor;
import io.streetgate.drivers.pi4j.support.Pi4jFaults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Vishay VEML7700 ambient light sensor over I2C, measuring continuously. With {@code gain} and
 * {@code integration_time} on {@code auto} (the default) each {@link #read()} lets {@link AutoRange} pick
 * the setting, measuring again after each change; with both fixed it reads the latest count. Lux = counts ×
 * the setting's resolution, corrected above 1000 lx by the application note's polynomial
 * ({@link #corrected(double)}). A saturated counter is flagged {@link QualityFlag#OUT_OF_RANGE}.
 */
public final class Veml7700Driver extends I2cSensor {

    /** Lux per count at gain ×1 and 100 ms in the table the Linux driver uses (domain facts); newer revisions 0.0672 (verify). */
    static final double DEFAULT_LUX_PER_COUNT = 0.0576;
    /** Above this the application note's correction applies. */
    static final double CORRECTION_ABOVE_LUX = 1000;

    /** What a site file may say about a VEML7700. */
    public static final DeviceType TYPE = new DeviceType("veml7700", "Vishay VEML7700 ambient light sensor (I2C)",
            List.of("i2c"), DeviceType.Addressing.i2c(Veml7700Registers.ADDRESS), List.of(Quantity.ILLUMINANCE),
            List.of(OptionSpec.choice("gain", "auto: chosen per reading with the integration time; or fixed",
                            "auto", "auto", "x1/8", "x1/4", "x1", "x2"),
                    OptionSpec.choice("integration_time", "auto, or fixed (only with a fixed gain)", "auto",
                            "auto", "25ms", "50ms", "100ms", "200ms", "400ms", "800ms"),
                    OptionSpec.decimal("lux_per_count", "resolution at gain x1 and 100 ms: 0.0576 (datasheet table), "
                            + "0.0672 in newer revisions (verify for your parts)", 0.01, 0.2, DEFAULT_LUX_PER_COUNT),
                    OptionSpec.bool("correction", "apply Vishay's non-linearity correction above 1000 lx", true)));

    private final Setting fixed;
    private final double luxPerCount;
    private final boolean correction;

    private I2cDevice device;
    private AutoRange autoRange;
    private Setting current;
    private Instant configuredAt;

    Veml7700Driver(String id, Context pi4j, int bus, int address, DriverTime time, Setting fixed, double luxPerCount,
                   boolean correction) {
        super(id, pi4j, bus, address, time);
        this.fixed = fixed;
        this.luxPerCount = luxPerCount;
        this.correction = correction;
    }

    /** A driver for a configured device; checks the address and options, does not touch the bus. */
    public static Veml7700Driver from(DeviceConfig config, Context pi4j, int bus, DriverTime time) throws DriverException {
        DeviceOptions options = new DeviceOptions(config, TYPE);
        int address = options.address();
        String gain = options.value("gain");
        String it = options.value("integration_time");
        if (gain.equals("auto") != it.equals("auto")) {
            throw new DriverException(DriverFault.CONFIGURATION, "device '" + config.id() + "' (veml7700): gain='"
                    + gain + "' and integration_time='" + it + "' do not go together: set both to auto, or both to fixed values");
        }
        Setting fixed = gain.equals("auto") ? null : new Setting(Gain.ofOptionValue(gain), IntegrationTime.ofOptionValue(it));
        return new Veml7700Driver(config.id(), pi4j, bus, address, time, fixed,
                Double.parseDouble(options.value("lux_per_count")), Boolean.parseBoolean(options.value("correction")));
    }

    /**
     * The application note's correction for the sensor's non-linearity at high illuminance:
     * 6.0135e-13·x⁴ − 9.3924e-9·x³ + 8.1488e-5·x² + 1.0023·x, applied above 1000 lx (coefficients as published
     * in many drivers citing Vishay's note; verify against AN84323).
     */
    public static double corrected(double lux) {
        if (lux <= CORRECTION_ABOVE_LUX) {
            return lux;
        }
        return (((6.0135e-13 * lux - 9.3924e-9) * lux + 8.1488e-5) * lux + 1.0023) * lux;
    }

    /** Checks the device id, turns power saving off and starts measuring at the first setting. */
    @Override
    public DeviceInfo init() throws DriverException {
        forget();
        device = device();
        int id = readWord(Veml7700Registers.ID, "reading the device id");
        if ((id & 0xFF) != Veml7700Registers.DEVICE_ID) {
            throw new DriverException(DriverFault.WRONG_DEVICE, String.format(
                    "%s answers with id 0x%04X, not a VEML7700's 0x..%02X", device.where(), id, Veml7700Registers.DEVICE_ID));
        }
        writeWord(Veml7700Registers.POWER_SAVING, 0, "turning power saving off");
        autoRange = fixed == null ? new AutoRange() : null;
        configure(fixed == null ? autoRange.setting() : fixed);
        return new DeviceInfo("VEML7700", String.format("id 0x%04X at %s", id, device.where()), List.of(Quantity.ILLUMINANCE));
    }

    private void configure(Setting setting) throws DriverException {
        writeWord(Veml7700Registers.ALS_CONF, setting.alsConf(), "setting " + setting);
        current = setting;
        configuredAt = time.now();
        // the cycle under way may still use the old setting: two integration times give a whole new one (verify)
        time.pause(settle(setting));
    }

    private static Duration settle(Setting setting) {
        Duration it = setting.integrationTime().duration();
        return it.multipliedBy(2).plus(it.dividedBy(10));
    }

    @Override
    public List<Measurement> read() throws DriverException {
        if (current == null) {
            throw Pi4jFaults.notInitialised(id);
        }
        waitForSettle();
        int conf = readWord(Veml7700Registers.ALS_CONF, "checking ALS_CONF");
        if ((conf & ~Veml7700Registers.CONF_BITS) != 0) {
            throw new DriverException(DriverFault.IMPLAUSIBLE, String.format(
                    "%s reads ALS_CONF 0x%04X with reserved bits set: the bus returns garbage (SDA held high?); "
                            + "the reading is dropped", device.where(), conf));
        }
        if (conf != current.alsConf()) {
            configure(current); // it lost power and came back shut down, with the reset configuration
        }
        int counts = readWord(Veml7700Registers.ALS, "reading the ALS count");
        if (autoRange != null) {
            for (int step = 0; step < AutoRange.steps(); step++) {
                AutoRange.Verdict verdict = autoRange.judge(counts);
                if (verdict != AutoRange.Verdict.MORE_SENSITIVE && verdict != AutoRange.Verdict.LESS_SENSITIVE) {
                    break;
                }
                configure(autoRange.setting());
                counts = readWord(Veml7700Registers.ALS, "reading the ALS count");
            }
        }
        return List.of(reading(counts, current, time.now()));
    }

    Measurement reading(int counts, Setting setting, Instant at) {
        double lux = counts * setting.luxPerCount(luxPerCount);
        Measurement m = Measurement.of(id, Quantity.ILLUMINANCE, correction ? corrected(lux) : lux, at);
        return counts >= Veml7700Registers.FULL_SCALE ? m.flagged(QualityFlag.OUT_OF_RANGE) : m;
    }

    /** The setting the last reading was taken at. */
    public Setting setting() {
        return current;
    }

    private void waitForSettle() throws DriverException {
        Duration left = Duration.between(time.now(), configuredAt.plus(settle(current)));
        if (left.compareTo(Duration.ZERO) > 0 && left.compareTo(settle(current)) < 0) {
            time.pause(left);
        }
    }

    private int readWord(int register, String doing) throws DriverException {
        byte[] two = new byte[2];
        device.readRegisters(register, two, doing);
        return (two[0] & 0xFF) | ((two[1] & 0xFF) << 8);
    }

    private void writeWord(int register, int value, String doing) throws DriverException {
        device.writeRegister(register, new byte[] {(byte) value, (byte) (value >> 8)}, doing);
    }

    /** Device id, the configuration read back as written, and one reading. */
    @Override
    public SelfTestResult selfTest() {
        List<Check> checks = new ArrayList<>();
        try {
            DeviceInfo info = init();
            checks.add(Check.pass("device id", info.identity()));
            int conf = readWord(Veml7700Registers.ALS_CONF, "reading ALS_CONF back");
            checks.add(new Check("configuration", conf == current.alsConf(),
                    String.format("ALS_CONF 0x%04X, written 0x%04X (%s)", conf, current.alsConf(), current)));
            Measurement m = read().get(0);
            checks.add(new Check("illuminance", m.quality().isGood(), String.format("%.2f lx at %s%s", m.value(), current,
                    m.quality().isGood() ? "" : " saturated")));
        } catch (DriverException e) {
            checks.add(Check.fail(e.fault() == DriverFault.WRONG_DEVICE ? "device id" : "reachable", e.toString()));
        }
        return SelfTestResult.of(id, checks);
    }

    /** Shuts the sensor down (a few µA) before the handle goes. */
    @Override
    protected void beforeClose(I2cDevice open) {
        if (current != null) {
            try {
                open.writeRegister(Veml7700Registers.ALS_CONF, new byte[] {
                        (byte) (current.alsConf() | Veml7700Registers.SHUTDOWN), (byte) (current.alsConf() >> 8)},
                        "shutting down");
            } catch (DriverException e) {
                // unreachable: nothing more to do
            }
        }
    }

    @Override
    protected void forget() {
        device = null;
        autoRange = null;
        current = null;
        configuredAt = null;
    }
}
