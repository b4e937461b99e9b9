package io.streetgate.drivers.pi4j.scd4x;

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
import io.streetgate.drivers.pi4j.sensirion.SensirionI2c;
import io.streetgate.driver.DeviceOptions;
import io.streetgate.drivers.pi4j.support.DriverTime;
import io.streetgate.drivers.pi4j.support.I2cDevice;
import io.streetgate.drivers.pi4j.support.I2cSensor;
import io.streetgate.drivers.pi4j.support.Pi4jFaults;
import io.streetgate.drivers.pi4j.support.ResultWatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sensirion SCD4x (SCD40/SCD41) CO2 sensor over I2C, in periodic measurement mode. {@link #init()} stops
 * any running measurement (configuration is refused while it runs), reads the serial number, sets the
 * temperature offset, altitude and automatic self-calibration, and starts periodic measurement.
 * {@link #read()} asks whether a result is ready (one every 5 s, or 30 s in low-power mode) and reads it:
 * CO2 ppm, temperature and humidity, each word CRC-checked. A read with no new result is
 * {@link DriverFault#NOT_READY}.
 *
 * <p>CO2 outside the accuracy range 400..5000 ppm is flagged {@link QualityFlag#OUT_OF_RANGE}; 0 ppm (a
 * sentinel) and values beyond the output range are {@link DriverFault#IMPLAUSIBLE}.
 */
public final class Scd4xDriver extends I2cSensor {

    /** What a site file may say about an SCD4x. */
    public static final DeviceType TYPE = new DeviceType("scd4x",
            "Sensirion SCD40/SCD41 CO2, temperature and humidity sensor (I2C, periodic measurement)", List.of("i2c"),
            DeviceType.Addressing.i2c(Scd4xCommands.ADDRESS),
            List.of(Quantity.CO2, Quantity.TEMPERATURE, Quantity.HUMIDITY),
            List.of(OptionSpec.choice("mode", "periodic: a result every 5 s; low-power: every 30 s", "periodic",
                            "periodic", "low-power"),
                    OptionSpec.decimal("temperature_offset",
                            "how much warmer the sensor runs than the air, Cel (subtracted from its temperature)",
                            0, 20, 4.0),
                    OptionSpec.integer("altitude", "height above sea level, m (pressure compensation of CO2)",
                            0, 3000, 0L),
                    OptionSpec.bool("asc", "automatic self-calibration (needs fresh air at least weekly)", true)));

    private final boolean lowPower;
    private final double temperatureOffset;
    private final int altitude;
    private final boolean asc;

    private SensirionI2c bus;
    private long serial = -1;
    private boolean measuring;
    private ResultWatch results;

    Scd4xDriver(String id, Context pi4j, int bus, int address, DriverTime time, boolean lowPower,
                double temperatureOffset, int altitude, boolean asc) {
        super(id, pi4j, bus, address, time);
        this.lowPower = lowPower;
        this.temperatureOffset = temperatureOffset;
        this.altitude = altitude;
        this.asc = asc;
    }

    /** A driver for a configured device; checks the address and options, does not touch the bus. */
    public static Scd4xDriver from(DeviceConfig config, Context pi4j, int bus, DriverTime time) throws DriverException {
        DeviceOptions options = new DeviceOptions(config, TYPE);
        int address = options.address();
        return new Scd4xDriver(config.id(), pi4j, bus, address, time, options.value("mode").equals("low-power"),
                Double.parseDouble(options.value("temperature_offset")), options.integer("altitude"),
                Boolean.parseBoolean(options.value("asc")));
    }

    /** The set_temperature_offset word: offset · 65535 / 175 (datasheet; verify against the revision in use). */
    public static int offsetWord(double celsius) {
        return (int) Math.round(celsius * 65535 / 175);
    }

    /** T = -45 + 175 · S / 65535 °C. */
    public static double celsius(int word) {
        return -45 + 175.0 * word / 65535;
    }

    /** RH = 100 · S / 65535 %. */
    public static double percentRh(int word) {
        return 100.0 * word / 65535;
    }

    @Override
    public DeviceInfo init() throws DriverException {
        forget();
        bus = new SensirionI2c(device());
        stopPeriodic();
        bus.command(Scd4xCommands.GET_SERIAL, "asking for the serial number");
        time.pause(Scd4xCommands.COMMAND_TIME);
        int[] words = bus.readWords(3, "reading the serial number");
        serial = ((long) words[0] << 32) | ((long) words[1] << 16) | words[2];
        configure(Scd4xCommands.SET_TEMPERATURE_OFFSET, offsetWord(temperatureOffset), "setting the temperature offset");
        configure(Scd4xCommands.SET_ALTITUDE, altitude, "setting the altitude");
        configure(Scd4xCommands.SET_ASC, asc ? 1 : 0, "setting automatic self-calibration");
        startPeriodic();
        return new DeviceInfo("SCD4x", String.format("serial %012X at %s", serial, bus.device().where()),
                List.of(Quantity.CO2, Quantity.TEMPERATURE, Quantity.HUMIDITY));
    }

    /**
     * Stops periodic measurement; the sensor needs 500 ms before it listens again. A sensor still busy with
     * an earlier stop (a close just before) does not acknowledge: it gets the 500 ms and a second try.
     */
    private void stopPeriodic() throws DriverException {
        try {
            bus.command(Scd4xCommands.STOP_PERIODIC, "stopping periodic measurement");
        } catch (DriverException e) {
            if (e.fault() != DriverFault.NO_DEVICE) {
                throw e;
            }
            time.pause(Scd4xCommands.STOP_TIME);
            bus.command(Scd4xCommands.STOP_PERIODIC, "stopping periodic measurement");
        }
        measuring = false;
        time.pause(Scd4xCommands.STOP_TIME);
    }

    private void startPeriodic() throws DriverException {
        bus.command(lowPower ? Scd4xCommands.START_LOW_POWER_PERIODIC : Scd4xCommands.START_PERIODIC,
                "starting periodic measurement");
        measuring = true;
        results = new ResultWatch(lowPower ? Scd4xCommands.LOW_POWER_PERIOD : Scd4xCommands.PERIOD);
        results.fresh(time.now());
    }

    private void configure(int command, int value, String doing) throws DriverException {
        bus.command(command, doing, value);
        time.pause(Scd4xCommands.COMMAND_TIME);
    }

    @Override
    public List<Measurement> read() throws DriverException {
        if (bus == null || !measuring) {
            throw Pi4jFaults.notInitialised(id);
        }
        bus.command(Scd4xCommands.GET_DATA_READY, "asking whether data is ready");
        time.pause(Scd4xCommands.COMMAND_TIME);
        int status = bus.readWords(1, "reading the data-ready status")[0];
        if ((status & Scd4xCommands.DATA_READY_MASK) == 0) {
            throw results.notReady(time.now(), bus.device().where(), () -> measuring = false);
        }
        bus.command(Scd4xCommands.READ_MEASUREMENT, "asking for the measurement");
        time.pause(Scd4xCommands.COMMAND_TIME);
        int[] words = bus.readWords(3, "reading the measurement");
        Instant at = time.now();
        results.fresh(at);
        return readings(words, at);
    }

    List<Measurement> readings(int[] words, Instant at) throws DriverException {
        int ppm = words[0];
        if (ppm == 0 || ppm > Scd4xCommands.MAX_PPM) {
            throw new DriverException(DriverFault.IMPLAUSIBLE, String.format(
                    "%s reports %d ppm CO2, outside its output range 1..40000 ppm: a sentinel or a failing part",
                    bus.device().where(), ppm));
        }
        Measurement co2 = Measurement.of(id, Quantity.CO2, ppm, at);
        if (ppm < Scd4xCommands.SPEC_MIN_PPM || ppm > Scd4xCommands.SPEC_MAX_PPM) {
            co2 = co2.flagged(QualityFlag.OUT_OF_RANGE);
        }
        return List.of(co2, Measurement.of(id, Quantity.TEMPERATURE, celsius(words[1]), at),
                Measurement.of(id, Quantity.HUMIDITY, percentRh(words[2]), at));
    }

    /**
     * Runs the sensor's own self-test (perform_self_test, about 10 s; word 0 means no malfunction), checks the
     * serial number's CRCs, restarts periodic measurement and waits for one plausible reading.
     */
    @Override
    public SelfTestResult selfTest() {
        List<Check> checks = new ArrayList<>();
        try {
            DeviceInfo info = init();
            checks.add(Check.pass("serial number (CRC)", info.identity()));
            stopPeriodic();
            bus.command(Scd4xCommands.SELF_TEST, "starting the self-test");
            time.pause(Scd4xCommands.SELF_TEST_TIME);
            int result = bus.readWords(1, "reading the self-test result")[0];
            checks.add(new Check("self-test command", result == 0,
                    result == 0 ? "no malfunction" : String.format("malfunction word 0x%04X", result)));
            startPeriodic();
            checks.addAll(firstReading());
        } catch (DriverException e) {
            checks.add(Check.fail(e.fault() == DriverFault.CHECKSUM ? "CRC" : "reachable", e.toString()));
        }
        return SelfTestResult.of(id, checks);
    }

    private List<Check> firstReading() throws DriverException {
        Duration period = lowPower ? Scd4xCommands.LOW_POWER_PERIOD : Scd4xCommands.PERIOD;
        Duration step = Duration.ofMillis(500);
        for (Duration waited = Duration.ZERO; waited.compareTo(period.plus(period)) <= 0; waited = waited.plus(step)) {
            time.pause(step);
            try {
                List<Check> checks = new ArrayList<>();
                for (Measurement m : read()) {
                    checks.add(new Check(m.quantity().name(), m.quality().isGood(),
                            String.format("%.1f %s%s", m.value(), m.unit().senml(),
                                    m.quality().isGood() ? "" : " " + m.quality())));
                }
                return checks;
            } catch (DriverException e) {
                if (e.fault() != DriverFault.NOT_READY) {
                    throw e;
                }
            }
        }
        return List.of(Check.fail("measurement", "no result within " + period.multipliedBy(2).toSeconds() + " s"));
    }

    /** The serial number read at init, or -1. */
    public long serialNumber() {
        return serial;
    }

    /** Stops periodic measurement before the handle goes, so the sensor idles at a fraction of the power. */
    @Override
    protected void beforeClose(I2cDevice open) {
        if (measuring) {
            try {
                open.write(SensirionI2c.frame(Scd4xCommands.STOP_PERIODIC), "stopping periodic measurement");
            } catch (DriverException e) {
                // unreachable: nothing more to do
            }
        }
    }

    @Override
    protected void forget() {
        bus = null;
        serial = -1;
        measuring = false;
    }
}
