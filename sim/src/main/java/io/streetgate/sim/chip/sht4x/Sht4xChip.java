package io.streetgate.sim.chip.sht4x;

import io.streetgate.sim.bus.I2cNack;
import io.streetgate.sim.bus.SimTime;
import io.streetgate.sim.chip.sensirion.SensirionChip;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A Sensirion SHT4x at bus level (SHT4x datasheet, "Command Overview" and "Conversion of Signal Output"):
 * one-byte commands for the three measurement precisions, the serial number, soft reset and the six heater
 * pulses; replies of words with CRCs, readable after the maximum execution time. Raw values come from the
 * ambient temperature and humidity at the command, by the datasheet's conversion turned around. The heater
 * warms the sensor while it runs, so the measurement that ends a heater command reads warmer and drier.
 */
public final class Sht4xChip extends SensirionChip {

    // Commands, datasheet "Command Overview".
    static final int MEASURE_HIGH = 0xFD;
    static final int MEASURE_MEDIUM = 0xF6;
    static final int MEASURE_LOW = 0xE0;
    static final int READ_SERIAL = 0x89;
    static final int SOFT_RESET = 0x94;
    static final int HEATER_200MW_1S = 0x39;
    static final int HEATER_200MW_100MS = 0x32;
    static final int HEATER_110MW_1S = 0x2F;
    static final int HEATER_110MW_100MS = 0x24;
    static final int HEATER_20MW_1S = 0x1E;
    static final int HEATER_20MW_100MS = 0x15;

    /** Maximum measurement times: high 8.3 ms, medium 4.5 ms, low 1.7 ms (datasheet, "Timings"; verify). */
    static final Duration TIME_HIGH = Duration.ofMillis(8).plusNanos(300_000);
    static final Duration TIME_MEDIUM = Duration.ofMillis(4).plusNanos(500_000);
    static final Duration TIME_LOW = Duration.ofMillis(1).plusNanos(700_000);
    static final Duration TIME_RESET = Duration.ofMillis(1);
    /** Serial number read: at most 1 ms (verify). */
    static final Duration TIME_SERIAL = Duration.ofMillis(1);

    /**
     * How much a heater pulse warms the sensing element by the end of the pulse, K per mW·s: a plausible
     * model (about 2 K for 200 mW over 0.1 s, saturating for longer pulses), not a datasheet value.
     */
    private static final double HEATING_K_PER_MJ = 0.1;
    private static final double MAX_HEATING_K = 30;

    private final ToDoubleFunction<Instant> temperature;
    private final ToDoubleFunction<Instant> humidity;
    private final long serial;
    private boolean stuck;
    private int[] lastMeasurement;
    private long heaterPulses;

    /**
     * @param temperature ambient temperature, °C, at a gateway instant
     * @param humidity    ambient relative humidity, %
     * @param serial      the 32-bit serial number the chip reports
     */
    public Sht4xChip(SimTime time, ToDoubleFunction<Instant> temperature, ToDoubleFunction<Instant> humidity,
                     long serial) {
        super(time, 1);
        this.temperature = Objects.requireNonNull(temperature, "temperature");
        this.humidity = Objects.requireNonNull(humidity, "humidity");
        this.serial = serial & 0xFFFF_FFFFL;
    }

    /** The raw temperature word for a temperature: S_T = (T + 45) / 175 · 65535. */
    public static int rawTemperature(double celsius) {
        return ticks(celsius, -45, 175);
    }

    /** The raw humidity word for a relative humidity: S_RH = (RH + 6) / 125 · 65535. */
    public static int rawHumidity(double percent) {
        return ticks(percent, -6, 125);
    }

    /** How many heater pulses the chip has run. */
    public synchronized long heaterPulses() {
        return heaterPulses;
    }

    @Override
    protected Reply command(int code, int[] args) {
        return switch (code) {
            case MEASURE_HIGH -> new Reply(measure(0), TIME_HIGH);
            case MEASURE_MEDIUM -> new Reply(measure(0), TIME_MEDIUM);
            case MEASURE_LOW -> new Reply(measure(0), TIME_LOW);
            case READ_SERIAL -> new Reply(new int[] {(int) (serial >>> 16), (int) (serial & 0xFFFF)}, TIME_SERIAL);
            case SOFT_RESET -> Reply.none(TIME_RESET);
            case HEATER_200MW_1S -> heat(200, Duration.ofSeconds(1));
            case HEATER_200MW_100MS -> heat(200, Duration.ofMillis(100));
            case HEATER_110MW_1S -> heat(110, Duration.ofSeconds(1));
            case HEATER_110MW_100MS -> heat(110, Duration.ofMillis(100));
            case HEATER_20MW_1S -> heat(20, Duration.ofSeconds(1));
            case HEATER_20MW_100MS -> heat(20, Duration.ofMillis(100));
            default -> throw new I2cNack(String.format("unknown command 0x%02X", code));
        };
    }

    private Reply heat(double milliwatts, Duration pulse) {
        heaterPulses++;
        double heating = Math.min(MAX_HEATING_K, milliwatts * pulse.toMillis() / 1000.0 * HEATING_K_PER_MJ);
        // the pulse ends with a high-precision measurement (datasheet, "Command Overview")
        return new Reply(measure(heating), pulse.plus(TIME_HIGH));
    }

    private int[] measure(double heatingKelvin) {
        if (stuck && lastMeasurement != null) {
            return lastMeasurement.clone();
        }
        Instant at = time.now();
        double ambient = temperature.applyAsDouble(at);
        double rh = humidity.applyAsDouble(at);
        double warmed = ambient + heatingKelvin;
        // the same water vapour over a warmer element is a lower relative humidity: about -5 %/K near room
        // temperature (Magnus formula, typical; verify)
        double warmedRh = rh * Math.exp(-0.05 * heatingKelvin);
        int[] words = {rawTemperature(warmed), rawHumidity(warmedRh)};
        lastMeasurement = words.clone();
        return words;
    }

    @Override
    public synchronized void powerCycle() {
        clearPending();
    }

    @Override
    public synchronized void setStuck(boolean stuck) {
        this.stuck = stuck;
    }
}
