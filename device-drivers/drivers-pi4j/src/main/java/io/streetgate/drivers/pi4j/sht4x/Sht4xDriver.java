package io.streetgate.drivers.pi4j.sht4x;

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
import io.streetgate.drivers.pi4j.support.I2cSensor;
import io.streetgate.drivers.pi4j.support.Pi4jFaults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sensirion SHT4x temperature and humidity sensor over I2C. Each {@link #read()} sends one measurement
 * command of the configured precision, waits its maximum time and reads two CRC-checked words, converted by
 * the datasheet's formulas ("Conversion of Signal Output"), humidity clamped to 0..100 %.
 *
 * <p>With a heater option, a reading at or above {@code heater_above} %RH is followed by one heater pulse (to
 * dry off condensation), started at the end of the read and not waited for; pulses keep the datasheet's
 * 10 % duty cycle, and readings within ten pulse lengths of a pulse are flagged
 * {@link QualityFlag#WARMING_UP} (the sensor is still settling).
 */
public final class Sht4xDriver extends I2cSensor {

    /** What a site file may say about an SHT4x. */
    public static final DeviceType TYPE = new DeviceType("sht4x",
            "Sensirion SHT4x temperature and humidity sensor (I2C)", List.of("i2c"),
            DeviceType.Addressing.i2c(Sht4xCommands.ADDRESS_A, Sht4xCommands.ADDRESS_B, Sht4xCommands.ADDRESS_C),
            List.of(Quantity.TEMPERATURE, Quantity.HUMIDITY),
            List.of(OptionSpec.choice("precision", "repeatability: high (8.3 ms), medium (4.5 ms), low (1.7 ms)",
                            "high", "high", "medium", "low"),
                    OptionSpec.choice("heater", "heater pulse after a humid reading (dries condensation); off by default",
                            "off", HeaterPulse.optionValues()),
                    OptionSpec.decimal("heater_above", "heat after a reading at or above this relative humidity, %",
                            50, 100, 95.0)));

    private final Precision precision;
    private final HeaterPulse heater;
    private final double heaterAbove;

    private SensirionI2c bus;
    private long serial = -1;
    private Instant heaterEnds = Instant.MIN;
    private Instant heaterRestUntil = Instant.MIN;
    private Instant settledAt = Instant.MIN;

    Sht4xDriver(String id, Context pi4j, int bus, int address, DriverTime time, Precision precision,
                HeaterPulse heater, double heaterAbove) {
        super(id, pi4j, bus, address, time);
        this.precision = precision;
        this.heater = heater;
        this.heaterAbove = heaterAbove;
    }

    /** A driver for a configured device; checks the address and options, does not touch the bus. */
    public static Sht4xDriver from(DeviceConfig config, Context pi4j, int bus, DriverTime time) throws DriverException {
        DeviceOptions options = new DeviceOptions(config, TYPE);
        int address = options.address();
        Precision precision = Precision.valueOf(options.value("precision").toUpperCase(java.util.Locale.ROOT));
        String heater = options.value("heater");
        return new Sht4xDriver(config.id(), pi4j, bus, address, time, precision,
                heater.equals("off") ? null : HeaterPulse.ofOptionValue(heater),
                Double.parseDouble(options.value("heater_above")));
    }

    /** T = -45 + 175 · S_T / 65535 °C. */
    public static double celsius(int rawTemperature) {
        return -45 + 175.0 * rawTemperature / 65535;
    }

    /** RH = -6 + 125 · S_RH / 65535 %, clamped to 0..100 as the datasheet advises. */
    public static double percentRh(int rawHumidity) {
        return Math.max(0, Math.min(100, -6 + 125.0 * rawHumidity / 65535));
    }

    /** Soft-resets the sensor and reads its serial number (checking both CRCs). */
    @Override
    public DeviceInfo init() throws DriverException {
        forget();
        waitForHeater();
        bus = new SensirionI2c(device());
        bus.command8(Sht4xCommands.SOFT_RESET, "soft-resetting");
        time.pause(Sht4xCommands.RESET_TIME);
        bus.command8(Sht4xCommands.READ_SERIAL, "asking for the serial number");
        time.pause(Sht4xCommands.SERIAL_TIME);
        int[] words = bus.readWords(2, "reading the serial number");
        serial = ((long) words[0] << 16) | words[1];
        return new DeviceInfo("SHT4x", String.format("serial %08X at %s", serial, bus.device().where()),
                List.of(Quantity.TEMPERATURE, Quantity.HUMIDITY));
    }

    @Override
    public List<Measurement> read() throws DriverException {
        if (bus == null) {
            throw Pi4jFaults.notInitialised(id);
        }
        waitForHeater();
        int[] words = measure(precision.command, precision.maxTime, "measuring");
        Instant at = time.now();
        double celsius = celsius(words[0]);
        double rh = percentRh(words[1]);
        Measurement t = Measurement.of(id, Quantity.TEMPERATURE, celsius, at);
        Measurement h = Measurement.of(id, Quantity.HUMIDITY, rh, at);
        if (at.isBefore(settledAt)) {
            t = t.flagged(QualityFlag.WARMING_UP);
            h = h.flagged(QualityFlag.WARMING_UP);
        }
        if (heater != null && rh >= heaterAbove && !at.isBefore(heaterRestUntil)) {
            startHeater(at);
        }
        return List.of(t, h);
    }

    private int[] measure(int command, Duration maxTime, String doing) throws DriverException {
        bus.command8(command, doing);
        time.pause(maxTime);
        int[] words = bus.readWords(2, "reading the measurement");
        double celsius = celsius(words[0]);
        if (!(celsius >= Sht4xCommands.MIN_CELSIUS && celsius <= Sht4xCommands.MAX_CELSIUS)) {
            throw new DriverException(DriverFault.IMPLAUSIBLE, String.format(
                    "%s gave %.2f Cel (raw 0x%04X), outside the sensor's range -40..125 Cel: a sentinel or a failing part",
                    bus.device().where(), celsius, words[0]));
        }
        return words;
    }

    /** Fires a heater pulse; its closing measurement is not read (the next command discards it). */
    private void startHeater(Instant at) throws DriverException {
        bus.command8(heater.command, "starting a heater pulse");
        heaterEnds = at.plus(heater.maxTime());
        heaterRestUntil = heaterEnds.plus(heater.rest());
        settledAt = heaterEnds.plus(heater.length.multipliedBy(10));
    }

    /** A read that comes before a pulse has ended waits for it: the sensor does not listen meanwhile. */
    private void waitForHeater() throws DriverException {
        Instant now = time.now();
        if (now.isBefore(heaterEnds)) { // compared first: Duration.between(now, Instant.MIN) overflows, and throws inside
            time.pause(Duration.between(now, heaterEnds));
        }
    }

    /**
     * Soft reset and serial number (CRC-checked), one measurement inside the datasheet's range, and the
     * heater: a 200 mW, 0.1 s pulse must warm the sensor (by at least 0.2 K; a plausible bound, verify on the
     * part). The heater check keeps the 10 % duty cycle, so the next reading settles.
     */
    @Override
    public SelfTestResult selfTest() {
        List<Check> checks = new ArrayList<>();
        try {
            DeviceInfo info = init();
            checks.add(Check.pass("serial number (CRC)", info.identity()));
            int[] before = measure(Precision.HIGH.command, Precision.HIGH.maxTime, "measuring");
            double t0 = celsius(before[0]);
            checks.add(Check.pass("temperature", String.format("%.2f Cel", t0)));
            checks.add(Check.pass("humidity", String.format("%.1f %%RH", percentRh(before[1]))));
            HeaterPulse probe = HeaterPulse.MW200_100MS;
            int[] heated = measure(probe.command, probe.maxTime(), "running a 200 mW 0.1 s heater pulse");
            double rise = celsius(heated[0]) - t0;
            checks.add(new Check("heater", rise >= 0.2, String.format("+%.2f K after 200 mW for 0.1 s", rise)));
            Instant now = time.now();
            heaterRestUntil = now.plus(probe.rest());
            settledAt = now.plus(probe.length.multipliedBy(10));
        } catch (DriverException e) {
            checks.add(Check.fail(switch (e.fault()) {
                case CHECKSUM -> "CRC";
                case IMPLAUSIBLE -> "plausible values";
                default -> "reachable";
            }, e.toString()));
        }
        return SelfTestResult.of(id, checks);
    }

    /** The serial number read at init, or -1. */
    public long serialNumber() {
        return serial;
    }

    @Override
    protected void forget() {
        bus = null;
        serial = -1;
    }
}
