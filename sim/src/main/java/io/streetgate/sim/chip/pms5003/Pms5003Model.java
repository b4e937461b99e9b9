package io.streetgate.sim.chip.pms5003;

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
import java.util.function.Function;

/**
 * A Plantower PMS5003 on a UART (9600 8N1; Plantower's "PMS5003 series data manual", domain facts section 2):
 * 32-byte frames 0x42 0x4D, a length of 28, thirteen big-endian words (PM1/2.5/10 at CF=1 and at atmospheric
 * environment, particle counts per 0.1 l above 0.3 .. 10 µm, reserved) and a 16-bit sum of all the bytes
 * before it. Active mode (after power-on) sends a frame a second (the manual gives 200-800 ms while values
 * change, about 2.3 s while they are steady; verify); passive mode sends one per read command. Commands are
 * 0x42 0x4D CMD DATAH DATAL and their 16-bit sum: 0xE1 mode (0 passive, 1 active), 0xE2 read, 0xE4 sleep (0) /
 * wake (1); a command with a bad sum is ignored. Mode and sleep commands are answered with an 8-byte frame of
 * length 4 echoing the command (verify).
 */
public final class Pms5003Model implements SerialDevice {

    public static final int BAUD = 9600;
    static final int HEADER_1 = 0x42;
    static final int HEADER_2 = 0x4D;
    static final int CMD_MODE = 0xE1;
    static final int CMD_READ = 0xE2;
    static final int CMD_SLEEP = 0xE4;
    /** Frames in active mode (see the class comment). */
    static final Duration ACTIVE_PERIOD = Duration.ofSeconds(1);
    /** At most this many frames wait for the gateway: more would not fit the port's buffer. */
    private static final int BACKLOG = SimSerialPort.BUFFER / 32 + 1;

    /** Atmospheric mass concentrations, µg/m³, of particles up to 1, 2.5 and 10 µm. */
    public record Air(double pm1, double pm2_5, double pm10) {
    }

    private final SimTime time;
    private final Function<Instant, Air> air;
    private final Cadence cadence;
    private final ReceiveBuffer received = new ReceiveBuffer();
    private final List<byte[]> outbox = new ArrayList<>();
    private boolean active = true;
    private boolean awake = true;
    private boolean stuck;
    private int[] lastWords;
    private int reads;

    public Pms5003Model(SimTime time, Function<Instant, Air> air) {
        this.time = Objects.requireNonNull(time, "time");
        this.air = Objects.requireNonNull(air, "air");
        this.cadence = new Cadence(time, ACTIVE_PERIOD);
    }

    /** A frame with its header, length and checksum around the payload. */
    public static byte[] frame(int... words) {
        byte[] frame = new byte[4 + 2 * words.length + 2];
        frame[0] = HEADER_1;
        frame[1] = HEADER_2;
        int length = 2 * words.length + 2;
        frame[2] = (byte) (length >> 8);
        frame[3] = (byte) length;
        for (int i = 0; i < words.length; i++) {
            frame[4 + 2 * i] = (byte) (words[i] >> 8);
            frame[5 + 2 * i] = (byte) words[i];
        }
        int sum = sum(frame, frame.length - 2);
        frame[frame.length - 2] = (byte) (sum >> 8);
        frame[frame.length - 1] = (byte) sum;
        return frame;
    }

    /** A command frame: 0x42 0x4D CMD DATAH DATAL and the 16-bit sum of those five bytes. */
    public static byte[] command(int cmd, int data) {
        byte[] frame = {HEADER_1, HEADER_2, (byte) cmd, (byte) (data >> 8), (byte) data, 0, 0};
        int sum = sum(frame, 5);
        frame[5] = (byte) (sum >> 8);
        frame[6] = (byte) sum;
        return frame;
    }

    static int sum(byte[] bytes, int length) {
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += bytes[i] & 0xFF;
        }
        return sum & 0xFFFF;
    }

    /**
     * The thirteen data words for an atmosphere: CF=1 values equal the atmospheric ones up to 30 µg/m³ and
     * read up to half as much again above (a plausible shape of the manual's two standards, not a calibration);
     * counts per 0.1 l follow a typical urban size distribution (a model).
     */
    public static int[] words(Air a) {
        int pm1 = (int) Math.round(a.pm1());
        int pm25 = (int) Math.round(a.pm2_5());
        int pm10 = (int) Math.round(a.pm10());
        return new int[] {cf1(pm1), cf1(pm25), cf1(pm10), pm1, pm25, pm10,
                clamp(150 * a.pm2_5() + 300), clamp(45 * a.pm2_5() + 90), clamp(8 * a.pm2_5() + 10),
                clamp(0.8 * a.pm10()), clamp(0.25 * a.pm10()), clamp(0.06 * a.pm10()), 0};
    }

    private static int cf1(int atmospheric) {
        return atmospheric <= 30 ? atmospheric : (int) Math.round(atmospheric * Math.min(1.5, 1 + (atmospheric - 30) / 100.0));
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(0xFFFF, Math.round(v)));
    }

    public synchronized boolean activeMode() {
        return active;
    }

    public synchronized boolean awake() {
        return awake;
    }

    /** How many passive-mode read commands it has answered. */
    public synchronized int reads() {
        return reads;
    }

    @Override
    public synchronized void receive(byte[] data) {
        received.add(data, this::command);
    }

    /** One command: header, CMD, DATAH, DATAL, sum; one with a bad sum is ignored. */
    private int command(byte[] bytes, int at, int available) {
        if ((bytes[at] & 0xFF) != HEADER_1) {
            return -1;
        }
        if (available < 7) {
            return 0;
        }
        int sum = ((bytes[at + 5] & 0xFF) << 8) | (bytes[at + 6] & 0xFF);
        if ((bytes[at + 1] & 0xFF) != HEADER_2 || sum != sum(java.util.Arrays.copyOfRange(bytes, at, at + 5), 5)) {
            return -1;
        }
        execute(bytes[at + 2] & 0xFF, ((bytes[at + 3] & 0xFF) << 8) | (bytes[at + 4] & 0xFF));
        return 7;
    }

    private void execute(int cmd, int data) {
        switch (cmd) {
            case CMD_MODE -> {
                active = data != 0;
                cadence.restart();
                outbox.add(frame(cmd << 8 | (data & 0xFF)));
            }
            case CMD_READ -> {
                if (awake && !active) {
                    reads++;
                    outbox.add(frame(measure()));
                }
            }
            case CMD_SLEEP -> {
                awake = data != 0;
                cadence.restart();
                outbox.add(frame(cmd << 8 | (data & 0xFF)));
            }
            default -> { } // unknown commands are ignored
        }
    }

    private int[] measure() {
        if (stuck && lastWords != null) {
            return lastWords;
        }
        lastWords = words(air.apply(time.now()));
        return lastWords;
    }

    @Override
    public synchronized List<byte[]> transmitted() {
        List<byte[]> sent = new ArrayList<>(outbox);
        outbox.clear();
        int due = cadence.due(BACKLOG);
        if (awake && active) {
            for (int i = 0; i < due; i++) {
                sent.add(frame(measure()));
            }
        }
        return sent;
    }

    @Override
    public synchronized void powerCycle() {
        active = true;
        awake = true;
        outbox.clear();
        received.clear();
        cadence.restart();
    }

    @Override
    public synchronized void setStuck(boolean stuck) {
        this.stuck = stuck;
    }
}
