package io.streetgate.sim.chip.veml7700;

import io.streetgate.sim.bus.Cadence;
import io.streetgate.sim.bus.I2cChip;
import io.streetgate.sim.bus.SimTime;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A Vishay VEML7700 ambient light sensor at bus level (VEML7700 datasheet, "Command Register Format" and
 * "Resolution and Maximum Detection Range"): 16-bit little-endian registers behind one-byte command codes,
 * ALS_CONF with gain, integration time and shutdown, continuous integration cycles, the ALS and WHITE
 * outputs saturating at 0xFFFF, and the ID register. Counts follow the resolution of the gain and
 * integration time in force; above 1000 lx the sensor reads low by the application note's non-linearity
 * (counts are what the correction polynomial turns back into the true illuminance).
 */
public final class Veml7700Chip implements I2cChip {

    // Command codes, datasheet "Command Code".
    static final int ALS_CONF = 0x00;
    static final int ALS_WH = 0x01;
    static final int ALS_WL = 0x02;
    static final int POWER_SAVING = 0x03;
    static final int ALS = 0x04;
    static final int WHITE = 0x05;
    static final int ALS_INT = 0x06;
    static final int ID = 0x07;
    /** Device id: 0x81 in the low byte, the address option code 0xC4 in the high byte (verify). */
    static final int ID_VALUE = 0xC481;
    /** ALS_CONF after power-up: shut down, gain ×1, 100 ms (verify). */
    static final int CONF_RESET = 0x0001;
    /** Lux per count at gain ×1 and 100 ms in the datasheet table the kernel driver uses; newer revisions give 0.0672. */
    public static final double DEFAULT_LUX_PER_COUNT = 0.0576;
    /** Time from shutdown to the first integration (datasheet: 2.5 ms wake-up; verify). */
    static final Duration WAKE_UP = Duration.ofNanos(2_500_000);
    /** Power-saving waits of PSM modes 1..4 (datasheet, "Refresh Time"; verify). */
    private static final long[] PSM_WAIT_MS = {500, 1000, 2000, 4000};

    private final SimTime time;
    private final ToDoubleFunction<Instant> lux;
    private final double luxPerCount;

    private int pointer;
    private int conf;
    private int highThreshold;
    private int lowThreshold;
    private int powerSaving;
    private int als;
    private int white;
    private Cadence cycles;
    private boolean stuck;

    /**
     * @param lux         the true illuminance at a gateway instant
     * @param luxPerCount lux per count at gain ×1 and 100 ms (see {@link #DEFAULT_LUX_PER_COUNT})
     */
    public Veml7700Chip(SimTime time, ToDoubleFunction<Instant> lux, double luxPerCount) {
        this.time = Objects.requireNonNull(time, "time");
        this.lux = Objects.requireNonNull(lux, "lux");
        this.luxPerCount = luxPerCount;
        powerCycle();
    }

    /** Gain of ALS_CONF bits 12:11: 00 ×1, 01 ×2, 10 ×1/8, 11 ×1/4. */
    static double gain(int conf) {
        return switch ((conf >> 11) & 0x3) {
            case 0 -> 1;
            case 1 -> 2;
            case 2 -> 0.125;
            default -> 0.25;
        };
    }

    /** Integration time of ALS_CONF bits 9:6: 1100 25, 1000 50, 0000 100, 0001 200, 0010 400, 0011 800 ms. */
    static int integrationMillis(int conf) {
        return switch ((conf >> 6) & 0xF) {
            case 0b1100 -> 25;
            case 0b1000 -> 50;
            case 0b0001 -> 200;
            case 0b0010 -> 400;
            case 0b0011 -> 800;
            default -> 100;
        };
    }

    /** Lux per count at a configuration: halves with each doubling of the time, scales with 1/gain. */
    double resolution(int conf) {
        return luxPerCount * (100.0 / integrationMillis(conf)) / gain(conf);
    }

    /**
     * The illuminance the sensor's linear reading shows for a true illuminance: the same below 1000 lx; above,
     * the value the application note's correction polynomial maps to the true one (solved by bisection). True
     * values between 1000 lx and the polynomial's value at 1000 lx read as 1000 lx.
     */
    public static double uncorrected(double trueLux) {
        if (trueLux <= 1000) {
            return trueLux;
        }
        double low = 1000;
        double high = Math.max(2000, trueLux);
        if (correction(low) >= trueLux) {
            return low;
        }
        for (int i = 0; i < 100; i++) {
            double mid = (low + high) / 2;
            if (correction(mid) < trueLux) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }

    /** The application note's correction polynomial (coefficients verify against Vishay AN84323). */
    private static double correction(double x) {
        return (((6.0135e-13 * x - 9.3924e-9) * x + 8.1488e-5) * x + 1.0023) * x;
    }

    @Override
    public synchronized void onWrite(byte[] data) {
        update();
        pointer = data[0] & 0xFF;
        if (data.length >= 3) {
            int value = (data[1] & 0xFF) | ((data[2] & 0xFF) << 8);
            switch (pointer) {
                case ALS_CONF -> {
                    boolean wasOff = (conf & 1) != 0;
                    conf = value & 0x1BF3; // reserved bits read 0
                    boolean on = (conf & 1) == 0;
                    if (on) {
                        // a new configuration starts a new integration cycle
                        cycles = new Cadence(time, cycleTime());
                        cycles.restart(wasOff ? WAKE_UP : Duration.ZERO);
                    }
                }
                case ALS_WH -> highThreshold = value;
                case ALS_WL -> lowThreshold = value;
                case POWER_SAVING -> {
                    powerSaving = value & 0x7;
                    if ((conf & 1) == 0) {
                        cycles = new Cadence(time, cycleTime());
                    }
                }
                default -> { } // read-only
            }
        }
    }

    @Override
    public synchronized void onRead(byte[] reply) {
        update();
        int value = switch (pointer) {
            case ALS_CONF -> conf;
            case ALS_WH -> highThreshold;
            case ALS_WL -> lowThreshold;
            case POWER_SAVING -> powerSaving;
            case ALS -> als;
            case WHITE -> white;
            case ALS_INT -> 0;
            case ID -> ID_VALUE;
            default -> 0;
        };
        for (int i = 0; i < reply.length; i++) {
            reply[i] = (byte) (i == 0 ? value : i == 1 ? value >> 8 : 0xFF);
        }
    }

    /** One integration cycle, and the power-saving wait after it when power saving is on. */
    private Duration cycleTime() {
        Duration cycle = Duration.ofMillis(integrationMillis(conf));
        return (powerSaving & 1) != 0 ? cycle.plusMillis(PSM_WAIT_MS[(powerSaving >> 1) & 0x3]) : cycle;
    }

    /** Ends the integration cycles that have run since the last look. */
    private void update() {
        if ((conf & 1) != 0 || cycles == null) {
            return;
        }
        if (cycles.due(1) > 0) {
            if (!stuck) {
                double counts = uncorrected(lux.applyAsDouble(time.now())) / resolution(conf);
                als = (int) Math.max(0, Math.min(0xFFFF, Math.round(counts)));
                // broadband light: the WHITE channel counts more than the eye-matched one (plausible ratio)
                white = (int) Math.max(0, Math.min(0xFFFF, Math.round(counts * 1.3)));
            }
        }
    }

    @Override
    public synchronized void powerCycle() {
        pointer = 0;
        conf = CONF_RESET;
        highThreshold = 0;
        lowThreshold = 0;
        powerSaving = 0;
        als = 0;
        white = 0;
        cycles = null;
    }

    @Override
    public synchronized void setStuck(boolean stuck) {
        update();
        this.stuck = stuck;
    }
}
