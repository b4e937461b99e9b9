package io.streetgate.sim.chip.scd4x;

import io.streetgate.sim.bus.Cadence;
import io.streetgate.sim.bus.I2cNack;
import io.streetgate.sim.bus.SimTime;
import io.streetgate.sim.chip.sensirion.SensirionChip;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * A Sensirion SCD4x CO2 sensor at bus level (SCD4x datasheet, "Sensor Commands"): 16-bit commands with their
 * execution times, periodic and low-power periodic measurement (a result every 5 s or 30 s), the data-ready
 * status, configuration that is refused while measuring periodically, serial number, self-test, persist
 * and reinit, and single shot on the SCD41. The element warms itself by {@link #SELF_HEATING} K; the reported
 * temperature is the element's minus the configured offset, so a driver that sets the offset right reads
 * the ambient temperature.
 */
public final class Scd4xChip extends SensirionChip {

    // Commands, datasheet "Sensor Commands" (basic, on-chip output signal compensation, field calibration,
    // low power, advanced features, single shot).
    static final int START_PERIODIC = 0x21B1;
    static final int READ_MEASUREMENT = 0xEC05;
    static final int STOP_PERIODIC = 0x3F86;
    static final int SET_TEMPERATURE_OFFSET = 0x241D;
    static final int GET_TEMPERATURE_OFFSET = 0x2318;
    static final int SET_ALTITUDE = 0x2427;
    static final int GET_ALTITUDE = 0x2322;
    static final int SET_AMBIENT_PRESSURE = 0xE000;
    static final int FORCED_RECALIBRATION = 0x362F;
    static final int SET_ASC = 0x2416;
    static final int GET_ASC = 0x2313;
    static final int START_LOW_POWER = 0x21AC;
    static final int GET_DATA_READY = 0xE4B8;
    static final int PERSIST_SETTINGS = 0x3615;
    static final int GET_SERIAL = 0x3682;
    static final int SELF_TEST = 0x3639;
    static final int FACTORY_RESET = 0x3632;
    static final int REINIT = 0x3646;
    static final int MEASURE_SINGLE_SHOT = 0x219D;

    /** Only these are accepted while measuring periodically (datasheet, "Sensor Commands"). */
    private static final Set<Integer> ALLOWED_WHILE_MEASURING = Set.of(READ_MEASUREMENT, GET_DATA_READY,
            STOP_PERIODIC, SET_AMBIENT_PRESSURE);

    static final Duration PERIOD = Duration.ofSeconds(5);
    static final Duration LOW_POWER_PERIOD = Duration.ofSeconds(30);
    static final Duration ONE_MS = Duration.ofMillis(1);
    static final Duration STOP_TIME = Duration.ofMillis(500);
    static final Duration SELF_TEST_TIME = Duration.ofSeconds(10);
    static final Duration PERSIST_TIME = Duration.ofMillis(800);
    static final Duration FRC_TIME = Duration.ofMillis(400);
    static final Duration REINIT_TIME = Duration.ofMillis(20); // (verify)
    static final Duration FACTORY_RESET_TIME = Duration.ofMillis(1200); // (verify)
    static final Duration SINGLE_SHOT_TIME = Duration.ofSeconds(5);

    /** How much warmer than the air the element runs; the power-on temperature offset matches it (4 °C, verify). */
    public static final double SELF_HEATING = 4.0;
    static final int DEFAULT_OFFSET_WORD = offsetWord(SELF_HEATING);

    /** The part: the SCD41 adds single shot. */
    public enum Variant { SCD40, SCD41 }

    private enum Mode { IDLE, PERIODIC, LOW_POWER, SINGLE_SHOT }

    /** Volatile settings, and the copy persist_settings keeps in EEPROM. */
    private record Settings(int offsetWord, int altitude, boolean asc) {
        static final Settings FACTORY = new Settings(DEFAULT_OFFSET_WORD, 0, true);
    }

    private final ToDoubleFunction<Instant> co2;
    private final ToDoubleFunction<Instant> temperature;
    private final ToDoubleFunction<Instant> humidity;
    private final long serial;
    private final Variant variant;

    private Mode mode = Mode.IDLE;
    private Cadence cadence;
    private int[] latest;
    private boolean unread;
    private Settings settings = Settings.FACTORY;
    private Settings persisted = Settings.FACTORY;
    private int ambientPressureHpa = 1013;
    private boolean stuck;
    private boolean malfunction;
    private int persistCount;

    /**
     * @param co2         CO2 in the air, ppm, at a gateway instant
     * @param temperature air temperature, °C
     * @param humidity    relative humidity, %
     * @param serial      the 48-bit serial number
     */
    public Scd4xChip(SimTime time, Variant variant, ToDoubleFunction<Instant> co2, ToDoubleFunction<Instant> temperature,
                     ToDoubleFunction<Instant> humidity, long serial) {
        super(time, 2);
        this.variant = Objects.requireNonNull(variant, "variant");
        this.co2 = Objects.requireNonNull(co2, "co2");
        this.temperature = Objects.requireNonNull(temperature, "temperature");
        this.humidity = Objects.requireNonNull(humidity, "humidity");
        this.serial = serial & 0xFFFF_FFFF_FFFFL;
    }

    /** The temperature offset word for an offset in °C: offset · 65535 / 175 (datasheet, set_temperature_offset; verify). */
    public static int offsetWord(double celsius) {
        return (int) Math.round(celsius * 65535 / 175);
    }

    /** Makes the next self-test report a malfunction (a non-zero word). */
    public synchronized void failSelfTest(boolean fail) {
        malfunction = fail;
    }

    public synchronized boolean measuringPeriodically() {
        return mode == Mode.PERIODIC || mode == Mode.LOW_POWER;
    }

    /** The settings in force: temperature offset °C, altitude m, automatic self-calibration. */
    public synchronized double temperatureOffset() {
        return settings.offsetWord() * 175.0 / 65535;
    }

    public synchronized int altitude() {
        return settings.altitude();
    }

    public synchronized boolean automaticSelfCalibration() {
        return settings.asc();
    }

    /** How often persist_settings was sent (each one is an EEPROM write cycle). */
    public synchronized int persistCount() {
        return persistCount;
    }

    @Override
    protected Reply command(int code, int[] args) {
        advance();
        if (measuringPeriodically() && !ALLOWED_WHILE_MEASURING.contains(code)) {
            throw new I2cNack(String.format("command 0x%04X while measuring periodically", code));
        }
        return switch (code) {
            case START_PERIODIC -> start(Mode.PERIODIC);
            case START_LOW_POWER -> start(Mode.LOW_POWER);
            case STOP_PERIODIC -> {
                mode = Mode.IDLE;
                yield Reply.none(STOP_TIME);
            }
            case READ_MEASUREMENT -> {
                if (latest == null) {
                    throw new I2cNack("read_measurement before any measurement");
                }
                unread = false;
                yield new Reply(latest.clone(), ONE_MS);
            }
            case GET_DATA_READY -> new Reply(new int[] {unread ? 0x8006 : 0x8000}, ONE_MS); // low 11 bits (verify the rest)
            case SET_TEMPERATURE_OFFSET -> {
                settings = new Settings(argument(args), settings.altitude(), settings.asc());
                yield Reply.none(ONE_MS);
            }
            case GET_TEMPERATURE_OFFSET -> new Reply(new int[] {settings.offsetWord()}, ONE_MS);
            case SET_ALTITUDE -> {
                settings = new Settings(settings.offsetWord(), argument(args), settings.asc());
                yield Reply.none(ONE_MS);
            }
            case GET_ALTITUDE -> new Reply(new int[] {settings.altitude()}, ONE_MS);
            case SET_AMBIENT_PRESSURE -> {
                ambientPressureHpa = argument(args);
                yield Reply.none(ONE_MS);
            }
            case SET_ASC -> {
                settings = new Settings(settings.offsetWord(), settings.altitude(), argument(args) != 0);
                yield Reply.none(ONE_MS);
            }
            case GET_ASC -> new Reply(new int[] {settings.asc() ? 1 : 0}, ONE_MS);
            case FORCED_RECALIBRATION -> {
                argument(args);
                yield new Reply(new int[] {0x8000}, FRC_TIME); // no correction needed (0xFFFF = failed)
            }
            case PERSIST_SETTINGS -> {
                persisted = settings;
                persistCount++;
                yield Reply.none(PERSIST_TIME);
            }
            case GET_SERIAL -> new Reply(new int[] {(int) (serial >>> 32), (int) (serial >>> 16) & 0xFFFF,
                    (int) serial & 0xFFFF}, ONE_MS);
            case SELF_TEST -> new Reply(new int[] {malfunction ? 0x0001 : 0x0000}, SELF_TEST_TIME);
            case FACTORY_RESET -> {
                persisted = Settings.FACTORY;
                settings = Settings.FACTORY;
                yield Reply.none(FACTORY_RESET_TIME);
            }
            case REINIT -> {
                settings = persisted;
                yield Reply.none(REINIT_TIME);
            }
            case MEASURE_SINGLE_SHOT -> {
                if (variant != Variant.SCD41) {
                    throw new I2cNack("measure_single_shot on an SCD40");
                }
                mode = Mode.SINGLE_SHOT;
                cadence = new Cadence(time, SINGLE_SHOT_TIME);
                yield Reply.none(SINGLE_SHOT_TIME);
            }
            default -> throw new I2cNack(String.format("unknown command 0x%04X", code));
        };
    }

    private static int argument(int[] args) {
        if (args.length != 1) {
            throw new I2cNack("expected one argument word, got " + args.length);
        }
        return args[0];
    }

    private Reply start(Mode newMode) {
        mode = newMode;
        cadence = new Cadence(time, newMode == Mode.LOW_POWER ? LOW_POWER_PERIOD : PERIOD);
        return Reply.none(Duration.ZERO);
    }

    /** Lands the measurements that have completed since the last look. */
    private void advance() {
        if (mode == Mode.IDLE) {
            return;
        }
        if (cadence.due(1) > 0) {
            if (!stuck || latest == null) {
                latest = measure();
            }
            unread = true;
            if (mode == Mode.SINGLE_SHOT) {
                mode = Mode.IDLE;
            }
        }
    }

    private int[] measure() {
        Instant at = time.now();
        double reported = temperature.applyAsDouble(at) + SELF_HEATING - settings.offsetWord() * 175.0 / 65535;
        int ppm = (int) Math.max(0, Math.min(40_000, Math.round(co2.applyAsDouble(at))));
        return new int[] {ppm, ticks(reported, -45, 175), ticks(humidity.applyAsDouble(at), 0, 100)};
    }

    @Override
    public synchronized void onRead(byte[] reply) {
        advance();
        super.onRead(reply);
    }

    @Override
    public synchronized void powerCycle() {
        clearPending();
        mode = Mode.IDLE;
        settings = persisted;
        latest = null;
        unread = false;
    }

    @Override
    public synchronized void setStuck(boolean stuck) {
        advance();
        this.stuck = stuck;
    }
}
