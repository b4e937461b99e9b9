package io.streetgate.drivers.pi4j.bme280;

import com.pi4j.context.Context;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DeviceInfo;
import io.streetgate.driver.DeviceType;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.OptionSpec;
import io.streetgate.driver.Quantity;
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
 * Bosch BME280 over I2C, in forced mode: every {@link #read()} starts one conversion, waits for it, and
 * compensates the burst-read raw values with the datasheet's integer routines.
 *
 * <p>Options: see {@link #TYPE}.
 */
public final class Bme280Driver extends I2cSensor {

    // Operating range (datasheet section 1, table 1): outside it a value is not a measurement.
    static final double MIN_CELSIUS = -40;
    static final double MAX_CELSIUS = 85;
    static final double MIN_PASCAL = 30_000;
    static final double MAX_PASCAL = 110_000;

    /** How long to keep polling the measuring bit after the computed maximum time has passed. */
    private static final Duration POLL_STEP = Duration.ofMillis(1);
    private static final int POLL_LIMIT = 20;

    private final Oversampling temperatureOs;
    private final Oversampling pressureOs;
    private final Oversampling humidityOs;
    private final IirFilter filter;

    private I2cDevice device;
    private Bme280Calibration calibration;
    private Bme280Compensation compensation;

    Bme280Driver(String id, Context pi4j, int bus, int address, DriverTime time, Oversampling temperatureOs,
                 Oversampling pressureOs, Oversampling humidityOs, IirFilter filter) {
        super(id, pi4j, bus, address, time);
        this.temperatureOs = temperatureOs;
        this.pressureOs = pressureOs;
        this.humidityOs = humidityOs;
        this.filter = filter;
    }

    /** Temperature, pressure and humidity oversampling choices; {@code same} follows {@code oversampling}. */
    private static final String[] FACTORS = {"x1", "x2", "x4", "x8", "x16"};

    /** What a site file may say about a BME280. */
    public static final DeviceType TYPE = new DeviceType("bme280",
            "Bosch BME280 temperature, humidity and pressure sensor (I2C, forced mode)", List.of("i2c"),
            DeviceType.Addressing.i2c(Bme280Registers.ADDRESS_SDO_LOW, Bme280Registers.ADDRESS_SDO_HIGH),
            List.of(Quantity.TEMPERATURE, Quantity.HUMIDITY, Quantity.PRESSURE),
            List.of(OptionSpec.choice("oversampling", "samples averaged per value, for all three", "x1", FACTORS),
                    OptionSpec.choice("oversampling_temperature", "temperature oversampling; same = as oversampling",
                            "same", with("same", FACTORS)),
                    OptionSpec.choice("oversampling_pressure", "pressure oversampling; skip = not measured",
                            "same", with("same", with("skip", FACTORS))),
                    OptionSpec.choice("oversampling_humidity", "humidity oversampling; skip = not measured",
                            "same", with("same", with("skip", FACTORS))),
                    OptionSpec.choice("filter", "IIR filter coefficient (smooths T and P over readings)", "off",
                            "off", "2", "4", "8", "16")));

    private static String[] with(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** A driver for a configured device; checks the address and options, does not touch the bus. */
    public static Bme280Driver from(DeviceConfig config, Context pi4j, int bus, DriverTime time)
            throws DriverException {
        DeviceOptions options = new DeviceOptions(config, TYPE);
        int address = options.address();
        Oversampling all = Oversampling.ofOptionValue(options.value("oversampling"));
        Oversampling t = oversampling(options, "oversampling_temperature", all);
        Oversampling p = oversampling(options, "oversampling_pressure", all);
        Oversampling h = oversampling(options, "oversampling_humidity", all);
        IirFilter filter = IirFilter.ofOptionValue(options.value("filter"));
        return new Bme280Driver(config.id(), pi4j, bus, address, time, t, p, h, filter);
    }

    private static Oversampling oversampling(DeviceOptions options, String key, Oversampling all)
            throws DriverException {
        String value = options.value(key);
        return value.equals("same") ? all : Oversampling.ofOptionValue(value);
    }

    /** Checks the chip id, resets the chip, loads its trimming and sets its oversampling and filter. */
    @Override
    public DeviceInfo init() throws DriverException {
        forget();
        device = device();
        int chipId = checkChipId();
        device.writeRegister(Bme280Registers.RESET, Bme280Registers.RESET_WORD, "soft-resetting");
        time.pause(Bme280Registers.START_UP);
        waitWhileStatus(Bme280Registers.STATUS_IM_UPDATE, "copying its trimming from NVM");
        Bme280Calibration loaded = readCalibration();
        List<String> problems = loaded.problems();
        if (!problems.isEmpty()) {
            throw new DriverException(DriverFault.IMPLAUSIBLE, device.where() + " has invalid trimming parameters ("
                    + String.join(", ", problems) + "): the chip's NVM is unreadable or the part is faulty");
        }
        // config is written in sleep mode, where writes to it are sure to take effect (section 5.4.6)
        device.writeRegister(Bme280Registers.CONFIG, filter.code() << 2, "writing config");
        device.writeRegister(Bme280Registers.CTRL_HUM, humidityOs.code(), "writing ctrl_hum");
        device.writeRegister(Bme280Registers.CTRL_MEAS, ctrlMeas(Mode.SLEEP), "writing ctrl_meas");
        calibration = loaded;
        compensation = new Bme280Compensation(loaded);
        return new DeviceInfo("BME280", String.format("chip id 0x%02X at %s", chipId, device.where()), quantities());
    }

    private int checkChipId() throws DriverException {
        int chipId = device.readRegister(Bme280Registers.ID, "reading the chip id");
        if (chipId == Bme280Registers.BMP280_CHIP_ID) {
            throw new DriverException(DriverFault.WRONG_DEVICE, device.where()
                    + " is a BMP280 (chip id 0x58), which has no humidity sensor; configure it as a BMP280 or fit a BME280 (0x60)");
        }
        if (chipId != Bme280Registers.CHIP_ID) {
            throw new DriverException(DriverFault.WRONG_DEVICE, String.format(
                    "%s answers with chip id 0x%02X, not a BME280's 0x%02X", device.where(), chipId, Bme280Registers.CHIP_ID));
        }
        return chipId;
    }

    private Bme280Calibration readCalibration() throws DriverException {
        byte[] low = new byte[Bme280Registers.CALIB_LOW_LENGTH];
        byte[] high = new byte[Bme280Registers.CALIB_HIGH_LENGTH];
        device.readRegisters(Bme280Registers.CALIB_LOW, low, "reading trimming 0x88..0xA1");
        device.readRegisters(Bme280Registers.CALIB_HIGH, high, "reading trimming 0xE1..0xE7");
        return Bme280Calibration.parse(low, high);
    }

    private int ctrlMeas(Mode mode) {
        return (temperatureOs.code() << 5) | (pressureOs.code() << 2) | mode.code;
    }

    private List<Quantity> quantities() {
        List<Quantity> quantities = new ArrayList<>(List.of(Quantity.TEMPERATURE));
        if (humidityOs != Oversampling.SKIP) {
            quantities.add(Quantity.HUMIDITY);
        }
        if (pressureOs != Oversampling.SKIP) {
            quantities.add(Quantity.PRESSURE);
        }
        return quantities;
    }

    /** One forced-mode conversion: temperature (Cel), humidity (%RH) and pressure (Pa) unless skipped. */
    @Override
    public List<Measurement> read() throws DriverException {
        if (compensation == null) {
            throw Pi4jFaults.notInitialised(id);
        }
        // ctrl_hum first: it takes effect with the ctrl_meas write (section 5.4.3); writing both every time
        // also recovers a chip that lost power and came back in its reset state
        device.writeRegister(Bme280Registers.CTRL_HUM, humidityOs.code(), "writing ctrl_hum");
        device.writeRegister(Bme280Registers.CTRL_MEAS, ctrlMeas(Mode.FORCED), "starting a forced conversion");
        time.pause(Bme280Timing.maxMeasurementTime(temperatureOs, pressureOs, humidityOs));
        waitWhileStatus(Bme280Registers.STATUS_MEASURING, "converting");
        byte[] raw = new byte[Bme280Registers.DATA_LENGTH];
        device.readRegisters(Bme280Registers.DATA, raw, "reading the data registers 0xF7..0xFE");
        Instant at = time.now();
        return compensate(raw, at);
    }

    List<Measurement> compensate(byte[] raw, Instant at) throws DriverException {
        int adcP = ((raw[0] & 0xFF) << 12) | ((raw[1] & 0xFF) << 4) | ((raw[2] & 0xFF) >> 4);
        int adcT = ((raw[3] & 0xFF) << 12) | ((raw[4] & 0xFF) << 4) | ((raw[5] & 0xFF) >> 4);
        int adcH = ((raw[6] & 0xFF) << 8) | (raw[7] & 0xFF);
        // every measured value at its reset value at once: a genuine reading can hit one of them (0x80000 is a
        // temperature near 26 Cel), but not all of them together
        if (adcT == Bme280Registers.SKIPPED_20_BIT
                && (pressureOs == Oversampling.SKIP || adcP == Bme280Registers.SKIPPED_20_BIT)
                && (humidityOs == Oversampling.SKIP || adcH == Bme280Registers.SKIPPED_16_BIT)) {
            throw new DriverException(DriverFault.NOT_READY, device.where()
                    + " reports a measurement as skipped (reset values in the data registers): it was reset during the conversion");
        }
        int tFine = compensation.tFine(adcT);
        double celsius = Bme280Compensation.centiCelsius(tFine) / 100.0;
        checkRange("temperature", celsius, MIN_CELSIUS, MAX_CELSIUS, "Cel", adcT);
        List<Measurement> readings = new ArrayList<>(3);
        readings.add(Measurement.of(id, Quantity.TEMPERATURE, celsius, at));
        if (humidityOs != Oversampling.SKIP) {
            readings.add(Measurement.of(id, Quantity.HUMIDITY, compensation.percentRh(adcH, tFine), at));
        }
        if (pressureOs != Oversampling.SKIP) {
            double pascal = compensation.pascal(adcP, tFine);
            checkRange("pressure", pascal, MIN_PASCAL, MAX_PASCAL, "Pa", adcP);
            readings.add(Measurement.of(id, Quantity.PRESSURE, pascal, at));
        }
        return readings;
    }

    private void checkRange(String what, double value, double min, double max, String unit, int adc)
            throws DriverException {
        if (!(value >= min && value <= max)) {
            throw new DriverException(DriverFault.IMPLAUSIBLE, String.format(
                    "%s gave %s %.2f %s (raw 0x%05X), outside the chip's range %.0f..%.0f %s: a damaged transfer or a failing part",
                    device.where(), what, value, unit, adc, min, max, unit));
        }
    }

    private void waitWhileStatus(int bit, String doing) throws DriverException {
        for (int attempt = 0; attempt <= POLL_LIMIT; attempt++) {
            int status = device.readRegister(Bme280Registers.STATUS, "reading status");
            if ((status & Bme280Registers.STATUS_UNUSED) != 0) {
                throw new DriverException(DriverFault.IMPLAUSIBLE, String.format(
                        "%s reads status 0x%02X with unused bits set: the bus returns garbage (SDA held high?)",
                        device.where(), status));
            }
            if ((status & bit) == 0) {
                return;
            }
            time.pause(POLL_STEP);
        }
        throw new DriverException(DriverFault.TIMEOUT, device.where() + " was still " + doing + " after "
                + POLL_LIMIT + " ms past the datasheet's maximum time");
    }

    /** Chip id, trimming sanity, one reading inside the chip's ranges, and the chip back in sleep mode. */
    @Override
    public SelfTestResult selfTest() {
        List<Check> checks = new ArrayList<>();
        try {
            DeviceInfo info = init();
            checks.add(Check.pass("chip id", info.identity()));
            checks.add(Check.pass("trimming", String.format("dig_T1=%d dig_P1=%d dig_H2=%d", calibration.t1(),
                    calibration.p1(), calibration.h2())));
            for (Measurement m : read()) {
                checks.add(Check.pass(m.quantity().name(), String.format("%.2f %s", m.value(), m.unit().senml())));
            }
            int ctrlMeas = device.readRegister(Bme280Registers.CTRL_MEAS, "reading ctrl_meas");
            boolean asleep = (ctrlMeas & 0x03) == Mode.SLEEP.code;
            checks.add(new Check("back to sleep", asleep, String.format("ctrl_meas=0x%02X", ctrlMeas)));
        } catch (DriverException e) {
            checks.add(Check.fail(checkNameFor(e), e.toString()));
        }
        return SelfTestResult.of(id, checks);
    }

    private static String checkNameFor(DriverException e) {
        return switch (e.fault()) {
            case WRONG_DEVICE -> "chip id";
            case IMPLAUSIBLE -> "plausible values";
            default -> "reachable";
        };
    }

    /** Nothing to tell the chip: forced mode leaves it asleep after each conversion. */
    @Override
    protected void forget() {
        device = null;
        calibration = null;
        compensation = null;
    }
}
