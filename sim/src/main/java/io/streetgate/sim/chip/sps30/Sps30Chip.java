package io.streetgate.sim.chip.sps30;

import io.streetgate.sim.bus.Cadence;
import io.streetgate.sim.bus.I2cNack;
import io.streetgate.sim.bus.SimTime;
import io.streetgate.sim.chip.sensirion.SensirionChip;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * A Sensirion SPS30 particulate matter sensor on I2C (SPS30 datasheet, "I2C Commands"): start measurement in
 * float or integer output format, a new result every second with its data-ready flag, the ten values (mass
 * concentration PM1.0/2.5/4.0/10, number concentration PM0.5/1.0/2.5/4.0/10, typical particle size) as
 * CRC-protected words, stop, sleep and wake-up, fan cleaning, the auto-cleaning interval, serial number,
 * status register and reset. Waking from sleep over I2C takes two wake-up commands: the first only wakes the
 * interface and is not acknowledged (datasheet, "Wake-up"; verify).
 */
public final class Sps30Chip extends SensirionChip {

    // Commands, datasheet "I2C Commands" (pointer addresses).
    static final int START_MEASUREMENT = 0x0010;
    static final int STOP_MEASUREMENT = 0x0104;
    static final int READ_DATA_READY = 0x0202;
    static final int READ_VALUES = 0x0300;
    static final int SLEEP = 0x1001;
    static final int WAKE_UP = 0x1103;
    static final int START_FAN_CLEANING = 0x5607;
    static final int AUTO_CLEANING_INTERVAL = 0x8004;
    static final int READ_PRODUCT_TYPE = 0xD002;
    static final int READ_SERIAL = 0xD033;
    static final int READ_STATUS = 0xD206;
    static final int RESET = 0xD304;
    /** Arguments of start measurement: big-endian IEEE 754 floats, or unsigned 16-bit integers. */
    static final int FORMAT_FLOAT = 0x0300;
    static final int FORMAT_UINT16 = 0x0500;

    /** Status register bits (datasheet, "Device Status Register"). */
    public static final int STATUS_FAN_SPEED_WARNING = 1 << 21;
    public static final int STATUS_LASER_FAILURE = 1 << 5;
    public static final int STATUS_FAN_FAILURE = 1 << 4;

    static final Duration PERIOD = Duration.ofSeconds(1);
    static final Duration COMMAND_TIME = Duration.ofMillis(20); // start/stop/wake (datasheet execution times; verify)
    static final Duration RESET_TIME = Duration.ofMillis(100);
    static final Duration FAN_CLEANING = Duration.ofSeconds(10);
    static final Duration WAKE_WINDOW = Duration.ofMillis(100);
    static final int DEFAULT_AUTO_CLEANING_SECONDS = 604_800; // one week, the factory setting

    /** Mass concentrations, µg/m³, of particles up to 1, 2.5, 4 and 10 µm. */
    public record Particulates(double pm1, double pm2_5, double pm4, double pm10) {
    }

    private enum State { SLEEP, IDLE, MEASURING }

    private final Function<Instant, Particulates> air;
    private final String serial;

    private State state = State.IDLE;
    private boolean interfaceAwake;
    private SimTime.Stamp interfaceWokenAt;
    private boolean floatFormat;
    private final Cadence cadence;
    private float[] latest;
    private boolean unread;
    private boolean stuck;
    private int status;
    private long autoCleaningSeconds = DEFAULT_AUTO_CLEANING_SECONDS;
    private SimTime.Stamp cleaningSince;
    private int fanCleanings;

    public Sps30Chip(SimTime time, Function<Instant, Particulates> air, String serial) {
        super(time, 2);
        this.air = Objects.requireNonNull(air, "air");
        this.serial = Objects.requireNonNull(serial, "serial");
        this.cadence = new Cadence(time, PERIOD);
    }

    /** Sets device status register bits (fan or laser failures) until set again. */
    public synchronized void status(int bits) {
        status = bits;
    }

    public synchronized boolean measuring() {
        return state == State.MEASURING;
    }

    public synchronized boolean asleep() {
        return state == State.SLEEP;
    }

    public synchronized int fanCleanings() {
        return fanCleanings;
    }

    public synchronized long autoCleaningSeconds() {
        return autoCleaningSeconds;
    }

    /**
     * The ten output values the chip derives from mass concentrations: the number concentrations and typical
     * size follow a plausible urban size distribution (about six particles per cm³ per µg/m³ of PM1, 0.5 µm
     * typical), a model for exercising the gateway, not a calibration.
     */
    public static float[] values(Particulates p) {
        double nc05 = p.pm1() * 6.0;
        double nc1 = nc05 * 1.15;
        double nc25 = nc1 + Math.max(0, p.pm2_5() - p.pm1()) * 0.2;
        double nc4 = nc25 + Math.max(0, p.pm4() - p.pm2_5()) * 0.05;
        double nc10 = nc4 + Math.max(0, p.pm10() - p.pm4()) * 0.01;
        double size = 0.45 + 0.1 * Math.min(1, p.pm10() / Math.max(1e-6, p.pm10() + p.pm1()));
        return new float[] {(float) p.pm1(), (float) p.pm2_5(), (float) p.pm4(), (float) p.pm10(), (float) nc05,
                (float) nc1, (float) nc25, (float) nc4, (float) nc10, (float) size};
    }

    @Override
    protected Reply command(int code, int[] args) {
        if (state == State.SLEEP) {
            return inSleep(code);
        }
        advance();
        return switch (code) {
            case START_MEASUREMENT -> {
                if (args.length != 1 || (args[0] != FORMAT_FLOAT && args[0] != FORMAT_UINT16)) {
                    throw new I2cNack("start measurement needs 0x0300 or 0x0500");
                }
                if (state != State.MEASURING) {
                    state = State.MEASURING;
                    cadence.restart();
                    latest = null;
                    unread = false;
                }
                floatFormat = args[0] == FORMAT_FLOAT;
                yield Reply.none(COMMAND_TIME);
            }
            case STOP_MEASUREMENT -> {
                state = State.IDLE;
                yield Reply.none(COMMAND_TIME);
            }
            case READ_DATA_READY -> new Reply(new int[] {unread ? 1 : 0}, Duration.ZERO);
            case READ_VALUES -> {
                if (state != State.MEASURING || latest == null) {
                    throw new I2cNack("read values without a measurement");
                }
                unread = false;
                yield new Reply(encode(latest), Duration.ZERO);
            }
            case SLEEP -> {
                if (state != State.IDLE) {
                    throw new I2cNack("sleep is only accepted in idle mode");
                }
                state = State.SLEEP;
                interfaceAwake = false;
                yield Reply.none(Duration.ofMillis(5));
            }
            case WAKE_UP -> Reply.none(COMMAND_TIME); // already awake
            case START_FAN_CLEANING -> {
                if (state != State.MEASURING) {
                    throw new I2cNack("fan cleaning is only accepted while measuring");
                }
                fanCleanings++;
                cleaningSince = time.stamp();
                yield Reply.none(COMMAND_TIME);
            }
            case AUTO_CLEANING_INTERVAL -> {
                if (args.length == 2) {
                    autoCleaningSeconds = ((long) args[0] << 16) | args[1];
                    yield Reply.none(COMMAND_TIME);
                }
                yield new Reply(new int[] {(int) (autoCleaningSeconds >>> 16), (int) (autoCleaningSeconds & 0xFFFF)},
                        Duration.ZERO);
            }
            case READ_PRODUCT_TYPE -> new Reply(ascii("00080000", 4), Duration.ZERO); // (verify)
            case READ_SERIAL -> new Reply(ascii(serial, 16), Duration.ZERO);
            case READ_STATUS -> new Reply(new int[] {status >>> 16, status & 0xFFFF}, Duration.ZERO);
            case RESET -> {
                reset();
                yield Reply.none(RESET_TIME);
            }
            default -> throw new I2cNack(String.format("unknown command 0x%04X", code));
        };
    }

    private Reply inSleep(int code) {
        if (code != WAKE_UP) {
            throw new I2cNack("asleep");
        }
        if (interfaceAwake && !time.hasElapsed(interfaceWokenAt, WAKE_WINDOW)) {
            state = State.IDLE;
            return Reply.none(COMMAND_TIME);
        }
        interfaceAwake = true;
        interfaceWokenAt = time.stamp();
        throw new I2cNack("the first wake-up only wakes the interface");
    }

    /** Whether the fan is being cleaned now (readings are disturbed). */
    public synchronized boolean cleaning() {
        return cleaningSince != null && !time.hasElapsed(cleaningSince, FAN_CLEANING);
    }

    private int[] encode(float[] values) {
        if (!floatFormat) {
            int[] words = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                // size in nm in the integer format (datasheet; verify), counts and masses rounded
                double v = i == values.length - 1 ? values[i] * 1000 : values[i];
                words[i] = (int) Math.max(0, Math.min(0xFFFF, Math.round(v)));
            }
            return words;
        }
        int[] words = new int[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            int bits = Float.floatToIntBits(values[i]);
            words[2 * i] = bits >>> 16;
            words[2 * i + 1] = bits & 0xFFFF;
        }
        return words;
    }

    /** Text as the chip sends it: ASCII, two characters a word, NUL-padded to {@code words} words. */
    private static int[] ascii(String text, int words) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        int[] out = new int[words];
        for (int i = 0; i < words; i++) {
            int hi = 2 * i < bytes.length ? bytes[2 * i] & 0xFF : 0;
            int lo = 2 * i + 1 < bytes.length ? bytes[2 * i + 1] & 0xFF : 0;
            out[i] = (hi << 8) | lo;
        }
        return out;
    }

    private void advance() {
        if (state != State.MEASURING) {
            return;
        }
        if (cadence.due(1) > 0) {
            if (!stuck || latest == null) {
                latest = values(air.apply(time.now()));
            }
            unread = true;
        }
    }

    private void reset() {
        clearPending();
        state = State.IDLE;
        latest = null;
        unread = false;
        cleaningSince = null;
    }

    @Override
    public synchronized void onRead(byte[] reply) {
        advance();
        super.onRead(reply);
    }

    @Override
    public synchronized void powerCycle() {
        reset();
        autoCleaningSeconds = DEFAULT_AUTO_CLEANING_SECONDS; // (verify: whether the interval survives power-off)
    }

    @Override
    public synchronized void setStuck(boolean stuck) {
        advance();
        this.stuck = stuck;
    }
}
