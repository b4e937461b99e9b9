package io.streetgate.sim.chip.ld2410;

import io.streetgate.sim.bus.Cadence;
import io.streetgate.sim.bus.ReceiveBuffer;
import io.streetgate.sim.bus.SerialDevice;
import io.streetgate.sim.bus.SimSerialPort;
import io.streetgate.sim.bus.SimTime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * A Hi-Link HLK-LD2410 24 GHz presence radar on a UART (256000 8N1; Hi-Link's serial protocol document,
 * domain facts section 2): basic report frames F4 F3 F2 F1, length 13 (little-endian), type 0x02, 0xAA, the
 * target state (0 none, 1 moving, 2 stationary, 3 both), moving distance (cm) and energy, stationary distance
 * and energy, detection distance, 0x55 0x00, F8 F7 F6 F5, every 100 ms. Command frames FD FC FB FA, length,
 * command word, value, 04 03 02 01: enable configuration (0x00FF, value 0x0001) stops the reports until end
 * configuration (0x00FE); each command is acknowledged with its word | 0x0100 and a status (0 = success).
 *
 * <p>People come from the scenario's passers-by of the radar's zone: each walks through the 6 m range in 10 s
 * (a moving target, nearest at 0.5 m), and one in eight stays 45 s at 1.8 m (a stationary target).
 */
public final class Ld2410Model implements SerialDevice {

    public static final int BAUD = 256_000;
    static final byte[] REPORT_HEADER = {(byte) 0xF4, (byte) 0xF3, (byte) 0xF2, (byte) 0xF1};
    static final byte[] REPORT_FOOTER = {(byte) 0xF8, (byte) 0xF7, (byte) 0xF6, (byte) 0xF5};
    static final byte[] COMMAND_HEADER = {(byte) 0xFD, (byte) 0xFC, (byte) 0xFB, (byte) 0xFA};
    static final byte[] COMMAND_FOOTER = {0x04, 0x03, 0x02, 0x01};
    static final int ENABLE_CONFIG = 0x00FF;
    static final int END_CONFIG = 0x00FE;
    static final Duration REPORT_PERIOD = Duration.ofMillis(100);
    /** Protocol version and buffer size in the enable-configuration acknowledgement (verify). */
    static final int PROTOCOL_VERSION = 0x0001;
    static final int BUFFER_SIZE = 0x0040;

    private static final Duration WALK = Duration.ofSeconds(10);
    private static final Duration LINGER = Duration.ofSeconds(45);
    private static final int BACKLOG = SimSerialPort.BUFFER / 23 + 1;

    /** What the radar sees: state, distances in cm, energies 0..100. */
    public record Targets(int state, int movingCm, int movingEnergy, int stationaryCm, int stationaryEnergy,
                          int detectionCm) {
        public static final Targets NONE = new Targets(0, 0, 0, 0, 0, 0);
    }

    private final SimTime time;
    private final BiFunction<Instant, Instant, List<Instant>> passersBy;
    private final Cadence cadence;
    private final ReceiveBuffer received = new ReceiveBuffer();
    private final List<byte[]> outbox = new ArrayList<>();
    private boolean configuring;
    private boolean stuck;
    private Targets last = Targets.NONE;
    private int commandsAcknowledged;

    /** @param passersBy the scenario's passers-by of the radar's zone in [from, to) */
    public Ld2410Model(SimTime time, BiFunction<Instant, Instant, List<Instant>> passersBy) {
        this.time = Objects.requireNonNull(time, "time");
        this.passersBy = Objects.requireNonNull(passersBy, "passersBy");
        this.cadence = new Cadence(time, REPORT_PERIOD);
    }

    /** The basic report frame for targets. */
    public static byte[] report(Targets t) {
        byte[] frame = new byte[23];
        System.arraycopy(REPORT_HEADER, 0, frame, 0, 4);
        frame[4] = 13;
        frame[5] = 0;
        frame[6] = 0x02;
        frame[7] = (byte) 0xAA;
        frame[8] = (byte) t.state();
        le16(frame, 9, t.movingCm());
        frame[11] = (byte) t.movingEnergy();
        le16(frame, 12, t.stationaryCm());
        frame[14] = (byte) t.stationaryEnergy();
        le16(frame, 15, t.detectionCm());
        frame[17] = 0x55;
        frame[18] = 0x00;
        System.arraycopy(REPORT_FOOTER, 0, frame, 19, 4);
        return frame;
    }

    /** A command (or acknowledgement) frame around a command word and its value bytes. */
    public static byte[] commandFrame(int word, byte... value) {
        byte[] frame = new byte[4 + 2 + 2 + value.length + 4];
        System.arraycopy(COMMAND_HEADER, 0, frame, 0, 4);
        le16(frame, 4, 2 + value.length);
        le16(frame, 6, word);
        System.arraycopy(value, 0, frame, 8, value.length);
        System.arraycopy(COMMAND_FOOTER, 0, frame, 8 + value.length, 4);
        return frame;
    }

    private static void le16(byte[] frame, int at, int value) {
        frame[at] = (byte) value;
        frame[at + 1] = (byte) (value >> 8);
    }

    /** What the radar sees at an instant (see the class comment). */
    public Targets targets(Instant at) {
        double moving = Double.MAX_VALUE;
        double stationary = Double.MAX_VALUE;
        for (Instant arrival : passersBy.apply(at.minus(WALK).minus(LINGER), at.plusMillis(1))) {
            double t = Duration.between(arrival, at).toMillis() / 1000.0;
            if (t < 0) {
                continue;
            }
            if (t < WALK.toSeconds()) {
                moving = Math.min(moving, 0.5 + Math.abs(5.5 - 1.1 * t));
            } else if (lingers(arrival) && t < WALK.toSeconds() + LINGER.toSeconds()) {
                stationary = Math.min(stationary, 1.8);
            }
        }
        boolean m = moving <= 6;
        boolean s = stationary <= 6;
        if (!m && !s) {
            return Targets.NONE;
        }
        int movingCm = m ? (int) Math.round(moving * 100) : 0;
        int stationaryCm = s ? (int) Math.round(stationary * 100) : 0;
        int state = (m ? 1 : 0) | (s ? 2 : 0);
        int detection = m && s ? Math.min(movingCm, stationaryCm) : m ? movingCm : stationaryCm;
        return new Targets(state, movingCm, m ? (int) Math.max(10, 100 - 12 * moving) : 0, stationaryCm, s ? 48 : 0,
                detection);
    }

    private static boolean lingers(Instant arrival) {
        return new SplittableRandom(arrival.toEpochMilli() * 0x9E3779B97F4A7C15L).nextInt(8) == 0;
    }

    public synchronized boolean configuring() {
        return configuring;
    }

    public synchronized int commandsAcknowledged() {
        return commandsAcknowledged;
    }

    @Override
    public synchronized void receive(byte[] data) {
        received.add(data, this::command);
    }

    /** One command frame: header, length, command word and value, footer. */
    private int command(byte[] bytes, int at, int available) {
        if (available < 6) {
            return bytes[at] == COMMAND_HEADER[0] ? 0 : -1;
        }
        if (!startsWith(bytes, at, COMMAND_HEADER)) {
            return -1;
        }
        int length = (bytes[at + 4] & 0xFF) | (bytes[at + 5] & 0xFF) << 8;
        if (length < 2 || length > 64) {
            return -1;
        }
        int size = 6 + length + 4;
        if (available < size) {
            return 0;
        }
        if (!startsWith(bytes, at + 6 + length, COMMAND_FOOTER)) {
            return -1;
        }
        execute((bytes[at + 6] & 0xFF) | (bytes[at + 7] & 0xFF) << 8);
        return size;
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        for (int k = 0; k < prefix.length; k++) {
            if (bytes[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private void execute(int word) {
        commandsAcknowledged++;
        if (word == ENABLE_CONFIG) {
            configuring = true;
            outbox.add(commandFrame(word | 0x0100, (byte) 0, (byte) 0, (byte) PROTOCOL_VERSION, (byte) 0,
                    (byte) BUFFER_SIZE, (byte) 0));
        } else if (word == END_CONFIG) {
            configuring = false;
            cadence.restart();
            outbox.add(commandFrame(word | 0x0100, (byte) 0, (byte) 0));
        } else {
            // other commands are only accepted in configuration mode; this model implements none of them
            outbox.add(commandFrame(word | 0x0100, (byte) 1, (byte) 0));
        }
    }

    @Override
    public synchronized List<byte[]> transmitted() {
        List<byte[]> sent = new ArrayList<>(outbox);
        outbox.clear();
        int due = cadence.due(BACKLOG);
        if (!configuring && due > 0) {
            if (!stuck) {
                last = targets(time.now());
            }
            for (int i = 0; i < due; i++) {
                sent.add(report(last));
            }
        }
        return sent;
    }

    /** A report has no checksum: damage its inner tail marker (0x55 becomes 0x54) instead. */
    @Override
    public byte[] corrupt(byte[] frame) {
        byte[] damaged = frame.clone();
        if (damaged.length == 23 && damaged[17] == 0x55) {
            damaged[17] = 0x54;
        } else if (damaged.length > 0) {
            damaged[damaged.length - 1] ^= 0x01;
        }
        return damaged;
    }

    @Override
    public synchronized void powerCycle() {
        configuring = false;
        outbox.clear();
        received.clear();
        cadence.restart();
    }

    @Override
    public synchronized void setStuck(boolean stuck) {
        this.stuck = stuck;
    }
}
