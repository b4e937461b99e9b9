package io.streetgate.drivers.pi4j.ads1115;

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
import io.streetgate.driver.Unit;
import io.streetgate.driver.DeviceOptions;
import io.streetgate.drivers.pi4j.support.DriverTime;
import io.streetgate.drivers.pi4j.support.I2cDevice;
import io.streetgate.drivers.pi4j.support.I2cSensor;
import io.streetgate.drivers.pi4j.support.Pi4jFaults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One input of a TI ADS1115 ADC, read in single-shot mode: each {@link #read()} writes the config (OS=1,
 * the channel's MUX, the PGA, the data rate, comparator off), waits the conversion time, polls the OS bit
 * and reads the two's-complement result, then scales the volts linearly to the configured quantity.
 *
 * <p>Two device types share this driver: {@code analog}, any linear analog output (the quantity and unit are
 * options), and {@code sound_level}, a sound level meter's DC output in dBA (0-2 V = 30-130 dBA by default).
 * Several devices may sit on the channels of one chip: conversions on one chip take turns. Volts outside the
 * configured range, and a result clipped at full scale, are flagged {@link QualityFlag#OUT_OF_RANGE}.
 */
public final class Ads1115Driver extends I2cSensor {

    private static final Map<String, Object> CHIP_LOCKS = new ConcurrentHashMap<>();
    private static final int POLL_LIMIT = 20;
    private static final Duration POLL_STEP = Duration.ofMillis(1);

    private static final DeviceType.Addressing ADDRESSING = DeviceType.Addressing.i2c(Ads1115Registers.ADDRESS_GND,
            Ads1115Registers.ADDRESS_VDD, Ads1115Registers.ADDRESS_SDA, Ads1115Registers.ADDRESS_SCL);

    private static List<OptionSpec> commonOptions(String range, double voltsMax, double valueMin, double valueMax) {
        return List.of(OptionSpec.choice("channel", "input: 0..3 against GND, or a differential pair 0-1, 0-3, 1-3, 2-3",
                        "0", Mux.optionValues()),
                OptionSpec.choice("range", "full-scale range of the PGA, volts (never above VDD at the input)", range,
                        Pga.optionValues()),
                OptionSpec.choice("data_rate", "samples per second (slower is less noisy)", "128", DataRate.optionValues()),
                OptionSpec.decimal("volts_min", "output volts at value_min", -6.144, 6.144, 0.0),
                OptionSpec.decimal("volts_max", "output volts at value_max", -6.144, 6.144, voltsMax),
                OptionSpec.decimal("value_min", "the value at volts_min", -1e9, 1e9, valueMin),
                OptionSpec.decimal("value_max", "the value at volts_max", -1e9, 1e9, valueMax));
    }

    /** A sound level meter's analog output through an ADS1115 (0-2 V = 30-130 dBA by default: set the meter's own scale). */
    public static final DeviceType SOUND_LEVEL = new DeviceType("sound_level",
            "Sound level meter with a DC output linear in dBA, read through a TI ADS1115 (I2C)", List.of("i2c"),
            ADDRESSING, List.of(Quantity.SOUND_LEVEL), commonOptions("2.048", 2.0, 30.0, 130.0));

    /** Any linear analog output through an ADS1115. */
    public static final DeviceType ANALOG = new DeviceType("analog",
            "An analog output read through a TI ADS1115 (I2C), scaled linearly to a quantity", List.of("i2c"),
            ADDRESSING, List.of(Quantity.VOLTAGE), with(commonOptions("4.096", 3.3, 0.0, 3.3),
            OptionSpec.text("quantity", "what the output measures (lower-case name, e.g. soil_moisture)", "voltage"),
            OptionSpec.text("unit", "its SenML unit (e.g. V, %, Cel, m, l/s)", "V")));

    private static List<OptionSpec> with(List<OptionSpec> first, OptionSpec... more) {
        List<OptionSpec> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    private final Quantity quantity;
    private final Mux mux;
    private final Pga pga;
    private final DataRate rate;
    private final LinearScale scale;
    private final Object chipLock;

    private I2cDevice device;

    Ads1115Driver(String id, Context pi4j, int bus, int address, DriverTime time, Quantity quantity, Mux mux, Pga pga,
                  DataRate rate, LinearScale scale) {
        super(id, pi4j, bus, address, time);
        this.quantity = quantity;
        this.mux = mux;
        this.pga = pga;
        this.rate = rate;
        this.scale = scale;
        this.chipLock = CHIP_LOCKS.computeIfAbsent(bus + "/" + address, k -> new Object());
    }

    /** A driver for a configured {@code analog} or {@code sound_level} device; checks options, touches nothing. */
    public static Ads1115Driver from(DeviceConfig config, Context pi4j, int bus, DriverTime time) throws DriverException {
        boolean sound = config.type().equalsIgnoreCase(SOUND_LEVEL.name());
        DeviceType type = sound ? SOUND_LEVEL : ANALOG;
        DeviceOptions options = new DeviceOptions(config, type);
        int address = options.address();
        Quantity quantity = sound ? Quantity.SOUND_LEVEL : quantity(config, options.value("quantity"), options.value("unit"));
        LinearScale scale;
        try {
            scale = new LinearScale(decimal(options, "volts_min"), decimal(options, "volts_max"),
                    decimal(options, "value_min"), decimal(options, "value_max"));
        } catch (IllegalArgumentException e) {
            throw new DriverException(DriverFault.CONFIGURATION, "device '" + config.id() + "' (" + type.name() + "): "
                    + e.getMessage() + "; swap them or fix the meter's scale");
        }
        return new Ads1115Driver(config.id(), pi4j, bus, address, time, quantity, Mux.ofOptionValue(options.value("channel")),
                Pga.ofOptionValue(options.value("range")), DataRate.ofOptionValue(options.value("data_rate")), scale);
    }

    private static double decimal(DeviceOptions options, String key) throws DriverException {
        return Double.parseDouble(options.value(key));
    }

    private static Quantity quantity(DeviceConfig config, String name, String unitName) throws DriverException {
        Unit unit = Unit.fromSenml(unitName).orElseThrow(() -> new DriverException(DriverFault.CONFIGURATION,
                "device '" + config.id() + "' (analog): unit='" + unitName + "' is not a SenML unit this gateway knows; use one of "
                        + java.util.Arrays.stream(Unit.values()).map(Unit::senml).filter(s -> !s.isEmpty()).toList()));
        try {
            return Quantity.define(name, unit);
        } catch (IllegalArgumentException e) {
            throw new DriverException(DriverFault.CONFIGURATION, "device '" + config.id() + "' (analog): quantity='" + name
                    + "' " + e.getMessage());
        }
    }

    /** The config word that starts one single-shot conversion of this input. */
    int startWord() {
        return Ads1115Registers.OS | (mux.code << 12) | (pga.code << 9) | Ads1115Registers.MODE_SINGLE_SHOT
                | (rate.code << 5) | Ads1115Registers.COMPARATOR_OFF;
    }

    /** The ADS1115 has no identity register: init checks that the config register answers and holds what is written. */
    @Override
    public DeviceInfo init() throws DriverException {
        forget();
        device = device();
        synchronized (chipLock) {
            int idle = startWord() & ~Ads1115Registers.OS;
            writeWord(Ads1115Registers.CONFIG, idle, "writing the config");
            int back = readWord(Ads1115Registers.CONFIG, "reading the config back");
            if ((back & 0x7FFF) != idle) {
                throw new DriverException(DriverFault.WRONG_DEVICE, String.format(
                        "%s holds config 0x%04X after 0x%04X was written: not an ADS1115", device.where(), back, idle));
            }
        }
        return new DeviceInfo("ADS1115", String.format("AIN %s at %s", mux.optionValue, device.where()), List.of(quantity));
    }

    @Override
    public List<Measurement> read() throws DriverException {
        if (device == null) {
            throw Pi4jFaults.notInitialised(id);
        }
        int code;
        synchronized (chipLock) {
            code = convert();
        }
        double volts = pga.volts(code);
        Measurement m = Measurement.of(id, quantity, scale.value(volts), time.now());
        boolean clipped = (short) code == Short.MAX_VALUE || (short) code == Short.MIN_VALUE;
        return List.of(clipped || !scale.covers(volts) ? m.flagged(QualityFlag.OUT_OF_RANGE) : m);
    }

    /** One single-shot conversion: start, wait 1/DR, poll OS until idle, read the result. */
    private int convert() throws DriverException {
        writeWord(Ads1115Registers.CONFIG, startWord(), "starting a conversion");
        time.pause(rate.maxConversionTime());
        for (int attempt = 0; ; attempt++) {
            int config = readWord(Ads1115Registers.CONFIG, "polling the OS bit");
            if ((config & ~Ads1115Registers.OS) != (startWord() & ~Ads1115Registers.OS)) {
                throw new DriverException(DriverFault.IMPLAUSIBLE, String.format(
                        "%s reads config 0x%04X after 0x%04X was written: the bus returns garbage (or another master "
                                + "reconfigured it); the reading is dropped", device.where(), config, startWord()));
            }
            if ((config & Ads1115Registers.OS) != 0) {
                break;
            }
            if (attempt == POLL_LIMIT) {
                throw new DriverException(DriverFault.TIMEOUT, device.where() + " was still converting " + POLL_LIMIT
                        + " ms after the datasheet's conversion time");
            }
            time.pause(POLL_STEP);
        }
        return readWord(Ads1115Registers.CONVERSION, "reading the conversion result");
    }

    /** The volts the input gives now (for self-tests and calibration). */
    public double volts() throws DriverException {
        synchronized (chipLock) {
            return pga.volts(convert());
        }
    }

    private int readWord(int register, String doing) throws DriverException {
        byte[] two = new byte[2];
        device.readRegisters(register, two, doing);
        return ((two[0] & 0xFF) << 8) | (two[1] & 0xFF);
    }

    private void writeWord(int register, int value, String doing) throws DriverException {
        device.writeRegister(register, new byte[] {(byte) (value >> 8), (byte) value}, doing);
    }

    /** Config register answers and holds what was written; a conversion ends; the value is inside the output's range. */
    @Override
    public SelfTestResult selfTest() {
        List<Check> checks = new ArrayList<>();
        try {
            DeviceInfo info = init();
            checks.add(Check.pass("config register", info.identity()));
            double volts = volts();
            checks.add(new Check("input in range", scale.covers(volts) && Math.abs(volts) < pga.fullScale,
                    String.format("%.4f V (expected %.3f..%.3f V, full scale ±%.3f V)", volts, scale.voltsMin(),
                            scale.voltsMax(), pga.fullScale)));
            Measurement m = read().get(0);
            checks.add(new Check(quantity.name(), m.quality().isGood(), String.format("%.2f %s", m.value(), m.unit().senml())));
        } catch (DriverException e) {
            checks.add(Check.fail(e.fault() == DriverFault.WRONG_DEVICE ? "config register" : "reachable", e.toString()));
        }
        return SelfTestResult.of(id, checks);
    }

    @Override
    protected void forget() {
        device = null;
    }
}
