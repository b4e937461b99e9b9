package io.streetgate.sim.chip.sensirion;

import io.streetgate.sim.bus.I2cChip;
import io.streetgate.sim.bus.I2cNack;
import io.streetgate.sim.bus.SimTime;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * What Sensirion's command-based I2C sensors share (SHT4x, SCD4x and SPS30 datasheets, "Communication" /
 * "I2C Sequences"): the master writes a command (one byte on the SHT4x, two on the others), optionally with
 * argument words each followed by its CRC; after the command's execution time it reads the reply, a
 * sequence of words each followed by its CRC. The part does not acknowledge its read header while the
 * command is still executing or when it has nothing to send, nor an argument whose CRC is wrong.
 *
 * <p>Subclasses decode commands; this class does the framing, the timing and the CRCs. A CRC_ERROR fault
 * flips one data bit of the first word, so its CRC no longer matches.
 */
public abstract class SensirionChip implements I2cChip {

    /** A reply the master may read once the command has executed. */
    public record Reply(int[] words, Duration executionTime) {
        public static Reply none(Duration executionTime) {
            return new Reply(new int[0], executionTime);
        }
    }

    protected final SimTime time;
    private final int commandLength;
    private int[] pending = new int[0];
    private SimTime.Stamp commandAt;
    private Duration busyFor = Duration.ZERO;

    /** @param commandLength bytes per command code: 1 (SHT4x) or 2 (SCD4x, SPS30) */
    protected SensirionChip(SimTime time, int commandLength) {
        this.time = Objects.requireNonNull(time, "time");
        this.commandLength = commandLength;
    }

    /**
     * Executes a command.
     *
     * @param code the command code
     * @param args the argument words, CRCs checked
     * @return what the master can read afterwards and when
     * @throws I2cNack if the part refuses the command in its current state
     */
    protected abstract Reply command(int code, int[] args);

    /** Whether a command is still executing (the part ignores the bus meanwhile). */
    protected final boolean busy() {
        return commandAt != null && !time.hasElapsed(commandAt, busyFor);
    }

    @Override
    public synchronized void onWrite(byte[] data) {
        if (busy()) {
            throw new I2cNack("still executing the previous command");
        }
        if (data.length < commandLength || (data.length - commandLength) % 3 != 0) {
            throw new I2cNack("a command of " + data.length + " bytes");
        }
        int code = commandLength == 1 ? data[0] & 0xFF : ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
        int[] args = new int[(data.length - commandLength) / 3];
        for (int i = 0; i < args.length; i++) {
            int at = commandLength + 3 * i;
            int word = ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
            if (SensirionCrc.of(word) != (data[at + 2] & 0xFF)) {
                throw new I2cNack(String.format("argument 0x%04X with a wrong CRC", word));
            }
            args[i] = word;
        }
        Reply reply = command(code, args);
        pending = reply.words();
        commandAt = time.stamp();
        busyFor = reply.executionTime();
    }

    @Override
    public synchronized void onRead(byte[] reply) {
        if (busy()) {
            throw new I2cNack("read header while executing");
        }
        if (pending.length == 0) {
            throw new I2cNack("read header with nothing to send");
        }
        byte[] encoded = SensirionCrc.encode(pending);
        Arrays.fill(reply, (byte) 0xFF); // clocking past the reply reads an idle bus
        System.arraycopy(encoded, 0, reply, 0, Math.min(encoded.length, reply.length));
        pending = new int[0];
    }

    @Override
    public void corrupt(byte[] reply) {
        if (reply.length > 0) {
            reply[0] ^= 0x01;
        }
    }

    /** Forgets a pending reply and any command in progress (power-up or reset). */
    protected final void clearPending() {
        pending = new int[0];
        commandAt = null;
        busyFor = Duration.ZERO;
    }

    /** The raw word for a value on a linear scale from {@code offset} with {@code span} over 0..65535, clamped. */
    protected static int ticks(double value, double offset, double span) {
        long ticks = Math.round((value - offset) / span * 65535);
        return (int) Math.max(0, Math.min(0xFFFF, ticks));
    }
}
