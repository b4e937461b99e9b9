package io.streetgate.sim.modbus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Modbus RTU slaves on a serial device: in tests one end of a socat pty pair (socat sets it raw), the master
 * opening the other. Per Modbus over serial line v1.02, section 2.5.1.1: a frame ends after 3.5 character
 * times of silence (11 bits per character; a fixed 1.75 ms above 19200 baud); a frame whose CRC is wrong is
 * ignored; a frame for another unit is ignored; broadcasts (unit 0) are carried out without a reply.
 */
public final class ModbusRtuSlave implements AutoCloseable {

    private static final int MAX_FRAME = 256;

    // two channels on the device: a FileChannel serialises read and write on one lock, so a write would wait
    // for the blocked read of the reader thread
    private final FileChannel input;
    private final FileChannel output;
    private final Slaves slaves;
    private final long silenceNanos;
    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final Thread framer;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong badCrc = new AtomicLong();
    private volatile boolean closed;

    private ModbusRtuSlave(FileChannel input, FileChannel output, int baud, Slaves slaves) {
        this.input = input;
        this.output = output;
        this.slaves = slaves;
        this.silenceNanos = silenceNanos(baud);
        this.reader = new Thread(this::read, "sim-modbus-rtu-read");
        this.framer = new Thread(this::frame, "sim-modbus-rtu-frame");
        reader.setDaemon(true);
        framer.setDaemon(true);
    }

    /**
     * Serves {@code units} on a serial device.
     *
     * @param device a pty end or a serial port already set raw
     * @param baud   the line speed, which sets the inter-frame silence
     */
    public static ModbusRtuSlave open(Path device, int baud, Clock clock, SimulatedSlave... units) throws IOException {
        FileChannel in = FileChannel.open(device, StandardOpenOption.READ);
        FileChannel out = FileChannel.open(device, StandardOpenOption.WRITE);
        ModbusRtuSlave slave = new ModbusRtuSlave(in, out, baud, new Slaves(clock, List.of(units)));
        slave.reader.start();
        slave.framer.start();
        return slave;
    }

    /** t3.5: 3.5 characters of 11 bits at the baud rate, or 1.75 ms above 19200 baud. */
    static long silenceNanos(int baud) {
        if (baud > 19_200) {
            return 1_750_000;
        }
        return (long) (3.5 * 11 * 1e9 / baud);
    }

    public SimulatedSlave unit(int unitId) {
        return slaves.unit(unitId);
    }

    /** Frames received with a good CRC, for any unit. */
    public long frames() {
        return frames.get();
    }

    /** Frames ignored for a wrong CRC. */
    public long badCrcFrames() {
        return badCrc.get();
    }

    @Override
    public void close() {
        closed = true;
        for (FileChannel c : List.of(input, output)) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        framer.interrupt();
    }

    private void read() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_FRAME);
        try {
            while (!closed) {
                buffer.clear();
                int n = input.read(buffer);
                if (n < 0) {
                    return;
                }
                if (n > 0) {
                    chunks.add(Arrays.copyOf(buffer.array(), n));
                }
            }
        } catch (ClosedChannelException e) {
            // closed
        } catch (IOException e) {
            // the other end of the pty went away
        }
    }

    private void frame() {
        byte[] frame = new byte[MAX_FRAME * 2];
        try {
            while (!closed) {
                byte[] first = chunks.take();
                int length = copy(first, frame, 0);
                byte[] next;
                while ((next = chunks.poll(silenceNanos, TimeUnit.NANOSECONDS)) != null) {
                    length = copy(next, frame, length);
                }
                handle(Arrays.copyOf(frame, length));
            }
        } catch (InterruptedException e) {
            // closing
        } catch (IOException e) {
            // the line went away
        }
    }

    private static int copy(byte[] chunk, byte[] frame, int at) {
        int n = Math.min(chunk.length, frame.length - at);
        System.arraycopy(chunk, 0, frame, at, n);
        return at + n;
    }

    private void handle(byte[] frame) throws IOException, InterruptedException {
        if (frame.length < 4) {
            return;
        }
        if (!Crc16.valid(frame, frame.length)) {
            badCrc.incrementAndGet();
            return;
        }
        frames.incrementAndGet();
        int unitId = frame[0] & 0xFF;
        byte[] pdu = Arrays.copyOfRange(frame, 1, frame.length - 2);
        if (unitId == 0) {
            for (SimulatedSlave s : slaves.all()) {
                s.answer(pdu, slaves.now());
            }
            return;
        }
        SimulatedSlave slave = slaves.unit(unitId);
        if (slave == null) {
            return;
        }
        byte[] reply = slaves.answer(slave, pdu);
        if (reply == null) {
            return;
        }
        SlaveFaults.Reply fault = slave.faults().reply();
        if (fault == SlaveFaults.Reply.MALFORMED) {
            reply = Slaves.malformed(reply);
        }
        byte[] adu = new byte[reply.length + 1];
        adu[0] = (byte) unitId;
        System.arraycopy(reply, 0, adu, 1, reply.length);
        byte[] out = switch (fault) {
            case BAD_CRC -> {
                byte[] f = Crc16.append(adu);
                f[f.length - 1] ^= 0x5A;
                yield f;
            }
            case SHORT -> Arrays.copyOf(adu, Math.min(adu.length, 3));
            default -> Crc16.append(adu);
        };
        output.write(ByteBuffer.wrap(out));
    }
}
