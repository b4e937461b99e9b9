package io.streetgate.drivers.pi4j.bh1750;

import com.pi4j.context.Context;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DeviceInfo;
import io.streetgate.driver.DeviceType;
import io.streetgate.driver.DriverException;
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

import java.util.ArrayList;
import java.util.List;

/**
 * ROHM BH1750FVI ambient light sensor over I2C. In one-time mode (the default) every {@link #read()} powers
 * the chip on, starts one measurement, waits the datasheet's maximum time and reads the count (the chip
 * powers down by itself); in continuous mode it measures all the time and a read takes the latest result.
 *
 * <p>Options: see {@link #TYPE}. A count at full scale (0xFFFF) is reported flagged
 * {@link QualityFlag#OUT_OF_RANGE}: the light is at least that bright.
 */
public final class Bh1750Driver extends I2cSensor {

    /** How a reading is taken. */
    public enum MeasurementMode {
        ONE_TIME, CONTINUOUS
    }

    private static final int FULL_SCALE = 0xFFFF;

    private final MeasurementMode mode;
    private final Resolution resolution;
    private final int mtreg;

    private I2cDevice device;
    private boolean initialised;

    Bh1750Driver(String id, Context pi4j, int bus, int address, DriverTime time, MeasurementMode mode,
                 Resolution resolution, int mtreg) {
        super(id, pi4j, bus, address, time);
        this.mode = mode;
        this.resolution = resolution;
        this.mtreg = mtreg;
    }

    /** What a site file may say about a BH1750. */
    public static final DeviceType TYPE = new DeviceType("bh1750", "ROHM BH1750 ambient light sensor (I2C)",
            List.of("i2c"), DeviceType.Addressing.i2c(Bh1750Opcodes.ADDRESS_LOW, Bh1750Opcodes.ADDRESS_HIGH),
            List.of(Quantity.ILLUMINANCE),
            List.of(OptionSpec.choice("mode", "one-time: measure on each read; continuous: always measuring",
                            "one-time", "one-time", "continuous"),
                    OptionSpec.choice("resolution", "high 1 lx, high2 0.5 lx, low 4 lx (fast)", "high",
                            "high", "high2", "low"),
                    OptionSpec.integer("mtreg", "measurement time register: longer is more sensitive and slower",
                            Bh1750Opcodes.MIN_MTREG, Bh1750Opcodes.MAX_MTREG, (long) Bh1750Opcodes.DEFAULT_MTREG)));

    /** A driver for a configured device; checks the address and options, does not touch the bus. */
    public static Bh1750Driver from(DeviceConfig config, Context pi4j, int bus, DriverTime time) throws DriverException {
        DeviceOptions options = new DeviceOptions(config, TYPE);
        int address = options.address();
        MeasurementMode mode = options.value("mode").equals("continuous") ? MeasurementMode.CONTINUOUS
                : MeasurementMode.ONE_TIME;
        Resolution resolution = Resolution.valueOf(options.value("resolution").toUpperCase(java.util.Locale.ROOT));
        int mtreg = options.integer("mtreg");
        return new Bh1750Driver(config.id(), pi4j, bus, address, time, mode, resolution, mtreg);
    }

    /** The illuminance for a count: count / 1.2 · 69 / MTreg, halved again in H-resolution mode 2. */
    public static double lux(int count, int mtreg, Resolution resolution) {
        return count / Bh1750Opcodes.COUNTS_PER_LUX * Bh1750Opcodes.DEFAULT_MTREG / mtreg / resolution.countDivisor;
    }

    /** Powers the chip on, clears its data register, sets the MTreg, and in continuous mode starts measuring. */
    @Override
    public DeviceInfo init() throws DriverException {
        device = device();
        initialised = false;
        device.writeByte(Bh1750Opcodes.POWER_ON, "powering on");
        device.writeByte(Bh1750Opcodes.RESET, "resetting the data register");
        writeMtreg();
        if (mode == MeasurementMode.CONTINUOUS) {
            device.writeByte(resolution.continuousOpcode, "starting continuous measurement");
            time.pause(resolution.maxMeasurementTime(mtreg)); // the first result
        }
        initialised = true;
        return new DeviceInfo("BH1750", device.where(), List.of(Quantity.ILLUMINANCE));
    }

    private void writeMtreg() throws DriverException {
        device.writeByte(Bh1750Opcodes.MTREG_HIGH_BITS | (mtreg >> 5), "setting MTreg high bits");
        device.writeByte(Bh1750Opcodes.MTREG_LOW_BITS | (mtreg & 0x1F), "setting MTreg low bits");
    }

    @Override
    public List<Measurement> read() throws DriverException {
        if (!initialised) {
            throw Pi4jFaults.notInitialised(id);
        }
        if (mode == MeasurementMode.ONE_TIME) {
            // one-time measurements power the chip down when done; power on first (datasheet state diagram)
            device.writeByte(Bh1750Opcodes.POWER_ON, "powering on");
            if (mtreg != Bh1750Opcodes.DEFAULT_MTREG) {
                writeMtreg(); // a chip that lost power in between is back at the default
            }
            device.writeByte(resolution.oneTimeOpcode, "starting a one-time measurement");
            time.pause(resolution.maxMeasurementTime(mtreg));
        }
        byte[] reply = new byte[2];
        device.read(reply, "reading the result");
        int count = ((reply[0] & 0xFF) << 8) | (reply[1] & 0xFF);
        Measurement m = Measurement.of(id, Quantity.ILLUMINANCE, lux(count, mtreg, resolution), time.now());
        return List.of(count == FULL_SCALE ? m.flagged(QualityFlag.OUT_OF_RANGE) : m);
    }

    /** Power on, data register reset, MTreg accepted, and one reading within the chip's range. */
    @Override
    public SelfTestResult selfTest() {
        List<Check> checks = new ArrayList<>();
        try {
            DeviceInfo info = init();
            checks.add(Check.pass("power on and reset", info.identity()));
            checks.add(Check.pass("MTreg", Integer.toString(mtreg)));
            Measurement m = read().get(0);
            double max = lux(FULL_SCALE, mtreg, resolution);
            boolean inRange = m.quality().isGood();
            checks.add(new Check("illuminance", inRange, String.format("%.1f lx (full scale %.0f lx)%s", m.value(),
                    max, inRange ? "" : " saturated")));
        } catch (DriverException e) {
            checks.add(Check.fail("reachable", e.toString()));
        }
        return SelfTestResult.of(id, checks);
    }

    /** Powers the chip down before the handle is released. */
    @Override
    protected void beforeClose(I2cDevice open) {
        try {
            open.writeByte(Bh1750Opcodes.POWER_DOWN, "powering down");
        } catch (DriverException e) {
            // the chip is unreachable; nothing more to do
        }
    }

    @Override
    protected void forget() {
        device = null;
        initialised = false;
    }
}
