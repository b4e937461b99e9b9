package io.streetgate.drivers.pi4j.sps30;

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
 * Sensirion SPS30 particulate matter sensor on I2C. {@link #init()} wakes the sensor (two wake-ups: the
 * first only wakes its interface), resets it, reads its serial number, sets the fan auto-cleaning interval
 * and starts measuring in float format. {@link #read()} checks the data-ready flag (a result every second)
 * and reads the ten values with their 20 CRCs: mass concentration PM1, PM2.5, PM4, PM10 (µg/m³), number
 * concentration PM0.5 .. PM10 (#/cm³) and the typical particle size (µm).
 *
 * <p>Readings within {@code warm_up} of the start are flagged {@link QualityFlag#WARMING_UP}; readings
 * during fan cleaning {@link QualityFlag#DEVICE_WARNING}; mass concentrations above 1000 µg/m³
 * {@link QualityFlag#OUT_OF_RANGE}. {@link #close()} stops measuring and puts the sensor to sleep.
 */
public final class Sps30Driver extends I2cSensor {

    public static final Quantity PM4 = Quantity.define("pm4", Unit.MICROGRAM_PER_CUBIC_METRE);
    public static final Quantity NC0_5 = Quantity.define("nc0_5", Unit.COUNT_PER_CUBIC_CENTIMETRE);
    public static final Quantity NC1 = Quantity.define("nc1", Unit.COUNT_PER_CUBIC_CENTIMETRE);
    public static final Quantity NC2_5 = Quantity.define("nc2_5", Unit.COUNT_PER_CUBIC_CENTIMETRE);
    public static final Quantity NC4 = Quantity.define("nc4", Unit.COUNT_PER_CUBIC_CENTIMETRE);
    public static final Quantity NC10 = Quantity.define("nc10", Unit.COUNT_PER_CUBIC_CENTIMETRE);
    public static final Quantity TYPICAL_PARTICLE_SIZE = Quantity.define("typical_particle_size", Unit.MICROMETRE);

    /** The ten values in the order the sensor sends them. */
    static final List<Quantity> VALUES = List.of(Quantity.PM1, Quantity.PM2_5, PM4, Quantity.PM10, NC0_5, NC1, NC2_5,
            NC4, NC10, TYPICAL_PARTICLE_SIZE);

    /** What a site file may say about an SPS30. */
    public static final DeviceType TYPE = new DeviceType("sps30",
            "Sensirion SPS30 particulate matter sensor (I2C; SEL pin to GND)", List.of("i2c"),
            DeviceType.Addressing.i2c(Sps30Commands.ADDRESS), VALUES,
            List.of(OptionSpec.duration("warm_up", "readings this soon after the start are flagged warming up "
                            + "(the fan and the readings settle; verify against the datasheet)",
                            Duration.ZERO, Duration.ofMinutes(5), Duration.ofSeconds(30)),
                    OptionSpec.duration("auto_clean", "fan auto-cleaning interval; 0s disables it (factory: 7d)",
                            Duration.ZERO, Duration.ofDays(30), Duration.ofDays(7))));

    private final Duration warmUp;
    private final long autoCleanSeconds;

    private SensirionI2c bus;
    private String serial;
    private boolean measuring;
    private ResultWatch results;
    private Instant warmUntil = Instant.MIN;
    private Instant cleaningUntil = Instant.MIN;

    Sps30Driver(String id, Context pi4j, int bus, int address, DriverTime time, Duration warmUp, long autoCleanSeconds) {
        super(id, pi4j, bus, address, time);
        this.warmUp = warmUp;
        this.autoCleanSeconds = autoCleanSeconds;
    }

    /** A driver for a configured device; checks the address and options, does not touch the bus. */
    public static Sps30Driver from(DeviceConfig config, Context pi4j, int bus, DriverTime time) throws DriverException {
        DeviceOptions options = new DeviceOptions(config, TYPE);
        int address = options.address();
        return new Sps30Driver(config.id(), pi4j, bus, address, time, options.duration("warm_up"),
                options.duration("auto_clean").toSeconds());
    }

    @Override
    public DeviceInfo init() throws DriverException {
        forget();
        bus = new SensirionI2c(device());
        wakeUp();
        bus.command(Sps30Commands.RESET, "resetting");
        time.pause(Sps30Commands.RESET_TIME);
        bus.command(Sps30Commands.READ_SERIAL, "asking for the serial number");
        serial = ascii(bus.readWords(Sps30Commands.SERIAL_WORDS, "reading the serial number"));
        bus.command(Sps30Commands.AUTO_CLEANING_INTERVAL, "setting the auto-cleaning interval",
                (int) (autoCleanSeconds >>> 16), (int) (autoCleanSeconds & 0xFFFF));
        time.pause(Sps30Commands.COMMAND_TIME);
        bus.command(Sps30Commands.START_MEASUREMENT, "starting measurement", Sps30Commands.FLOAT_FORMAT);
        time.pause(Sps30Commands.COMMAND_TIME);
        measuring = true;
        Instant now = time.now();
        warmUntil = now.plus(warmUp);
        results = new ResultWatch(Sps30Commands.PERIOD);
        results.fresh(now);
        return new DeviceInfo("SPS30", "serial " + serial + " at " + bus.device().where(), VALUES);
    }

    /**
     * Two wake-ups, the second within 100 ms: asleep, the sensor does not acknowledge the first, which only
     * wakes its interface (datasheet, "Wake-up"; verify); awake, it takes both as no-ops.
     */
    private void wakeUp() throws DriverException {
        try {
            bus.command(Sps30Commands.WAKE_UP, "waking the interface");
        } catch (DriverException e) {
            if (e.fault() != DriverFault.NO_DEVICE) {
                throw e;
            }
        }
        time.pause(Sps30Commands.COMMAND_TIME); // the second within 100 ms of the first
        bus.command(Sps30Commands.WAKE_UP, "waking up");
        time.pause(Sps30Commands.COMMAND_TIME);
    }

    /** Text sent two characters a word, up to the first NUL (the serial number, the product type). */
    public static String ascii(int[] words) {
        StringBuilder text = new StringBuilder();
        for (int word : words) {
            for (int c : new int[] {word >> 8, word & 0xFF}) {
                if (c == 0) {
                    return text.toString();
                }
                text.append((char) c);
            }
        }
        return text.toString();
    }

    @Override
    public List<Measurement> read() throws DriverException {
        if (bus == null || !measuring) {
            throw Pi4jFaults.notInitialised(id);
        }
        bus.command(Sps30Commands.READ_DATA_READY, "asking whether data is ready");
        int ready = bus.readWords(1, "reading the data-ready flag")[0];
        if ((ready & 0xFF) == 0) {
            throw results.notReady(time.now(), bus.device().where(), () -> measuring = false);
        }
        bus.command(Sps30Commands.READ_VALUES, "asking for the measured values");
        int[] words = bus.readWords(Sps30Commands.VALUE_WORDS, "reading the measured values");
        Instant at = time.now();
        results.fresh(at);
        return readings(words, at);
    }

    List<Measurement> readings(int[] words, Instant at) throws DriverException {
        List<Measurement> readings = new ArrayList<>(VALUES.size());
        for (int i = 0; i < VALUES.size(); i++) {
            float value = SensirionI2c.toFloat(words[2 * i], words[2 * i + 1]);
            Quantity quantity = VALUES.get(i);
            if (!Float.isFinite(value) || value < 0) {
                throw new DriverException(DriverFault.IMPLAUSIBLE, String.format(
                        "%s reports %s = %s: not a concentration; the reading is dropped", bus.device().where(),
                        quantity.name(), value));
            }
            Measurement m = Measurement.of(id, quantity, value, at);
            if (i < 4 && value > Sps30Commands.MAX_MASS) {
                m = m.flagged(QualityFlag.OUT_OF_RANGE);
            }
            if (at.isBefore(warmUntil)) {
                m = m.flagged(QualityFlag.WARMING_UP);
            }
            if (at.isBefore(cleaningUntil)) {
                m = m.flagged(QualityFlag.DEVICE_WARNING);
            }
            readings.add(m);
        }
        return readings;
    }

    /** Starts fan cleaning now (the fan runs at full speed for about 10 s; readings meanwhile are flagged). */
    public void startFanCleaning() throws DriverException {
        if (bus == null || !measuring) {
            throw Pi4jFaults.notInitialised(id);
        }
        bus.command(Sps30Commands.START_FAN_CLEANING, "starting fan cleaning");
        time.pause(Sps30Commands.COMMAND_TIME);
        cleaningUntil = time.now().plus(Sps30Commands.CLEANING_TIME);
    }

    /** Serial number (CRC-checked), the device status register (fan, laser), and a plausible reading. */
    @Override
    public SelfTestResult selfTest() {
        List<Check> checks = new ArrayList<>();
        try {
            DeviceInfo info = init();
            checks.add(Check.pass("serial number (CRC)", info.identity()));
            bus.command(Sps30Commands.READ_STATUS, "asking for the status register");
            int[] status = bus.readWords(2, "reading the status register");
            int bits = (status[0] << 16) | status[1];
            checks.add(new Check("fan", (bits & (Sps30Commands.STATUS_FAN | Sps30Commands.STATUS_FAN_SPEED)) == 0,
                    String.format("status 0x%08X%s%s", bits, (bits & Sps30Commands.STATUS_FAN) != 0 ? " fan failure" : "",
                            (bits & Sps30Commands.STATUS_FAN_SPEED) != 0 ? " fan speed out of range" : "")));
            checks.add(new Check("laser", (bits & Sps30Commands.STATUS_LASER) == 0,
                    (bits & Sps30Commands.STATUS_LASER) != 0 ? "laser failure" : "ok"));
            checks.add(firstReading());
        } catch (DriverException e) {
            checks.add(Check.fail(e.fault() == DriverFault.CHECKSUM ? "CRC" : "reachable", e.toString()));
        }
        return SelfTestResult.of(id, checks);
    }

    private Check firstReading() throws DriverException {
        for (int attempt = 0; attempt < 12; attempt++) {
            time.pause(Duration.ofMillis(250));
            try {
                List<Measurement> readings = read();
                Measurement pm25 = readings.get(1);
                return Check.pass("pm2_5", String.format("%.1f %s", pm25.value(), pm25.unit().senml()));
            } catch (DriverException e) {
                if (e.fault() != DriverFault.NOT_READY) {
                    throw e;
                }
            }
        }
        return Check.fail("measurement", "no result within 3 s");
    }

    /** The serial number read at init, or null. */
    public String serialNumber() {
        return serial;
    }

    /** Stops measuring and puts the sensor to sleep (fan and laser off) before the handle goes. */
    @Override
    protected void beforeClose(I2cDevice open) {
        try {
            if (measuring) {
                open.write(SensirionI2c.frame(Sps30Commands.STOP_MEASUREMENT), "stopping measurement");
                time.pause(Sps30Commands.COMMAND_TIME);
            }
            open.write(SensirionI2c.frame(Sps30Commands.SLEEP), "going to sleep");
        } catch (DriverException e) {
            // unreachable: nothing more to do
        }
    }

    @Override
    protected void forget() {
        bus = null;
        serial = null;
        measuring = false;
    }
}
