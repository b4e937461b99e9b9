package io.streetgate.sim.modbus;

import io.streetgate.sim.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** RTU frames over a socat pty pair (Modbus over serial line v1.02), the master being a plain file channel. */
class ModbusRtuSlaveTest {

    final ManualClock clock = new ManualClock(Instant.parse("2026-01-15T12:00:00Z"));
    final SimulatedSlave unit5 = new SimulatedSlave(5, null);
    PtyPair pty;
    ModbusRtuSlave slave;
    FileChannel master;
    FileChannel masterIn;
    final BlockingQueue<byte[]> received = new ArrayBlockingQueue<>(64);

    @BeforeEach
    void open() throws IOException {
        pty = PtyPair.open();
        slave = ModbusRtuSlave.open(pty.slaveEnd(), 9600, clock, unit5);
        // separate channels for reading and writing: one FileChannel serialises the two
        master = FileChannel.open(pty.masterEnd(), StandardOpenOption.WRITE);
        masterIn = FileChannel.open(pty.masterEnd(), StandardOpenOption.READ);
        Thread t = new Thread(() -> {
            ByteBuffer b = ByteBuffer.allocate(512);
            try {
                while (true) {
                    b.clear();
                    int n = masterIn.read(b);
                    if (n < 0) {
                        return;
                    }
                    received.add(Arrays.copyOf(b.array(), n));
                }
            } catch (IOException e) {
                // closed
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void close() throws IOException {
        master.close();
        masterIn.close();
        slave.close();
        pty.close();
    }

    /** Sends a frame and collects what comes back until 200 ms of silence (or nothing within 1 s). */
    byte[] exchange(byte[] frame) throws IOException, InterruptedException {
        master.write(ByteBuffer.wrap(frame));
        byte[] first = received.poll(1, TimeUnit.SECONDS);
        if (first == null) {
            return null;
        }
        byte[] all = first;
        byte[] more;
        while ((more = received.poll(200, TimeUnit.MILLISECONDS)) != null) {
            byte[] joined = Arrays.copyOf(all, all.length + more.length);
            System.arraycopy(more, 0, joined, all.length, more.length);
            all = joined;
        }
        return all;
    }

    @Test
    void answersItsUnitWithACrc() throws IOException, InterruptedException {
        unit5.registers().setRegisters(Table.HOLDING_REGISTERS, 0, 0x0102, 0x0304);
        byte[] reply = exchange(Crc16.append(new byte[]{5, 0x03, 0, 0, 0, 2}));
        assertArrayEquals(Crc16.append(new byte[]{5, 0x03, 4, 1, 2, 3, 4}), reply);
    }

    @Test
    void ignoresOtherUnitsAndBadCrcs() throws IOException, InterruptedException {
        assertNull(exchange(Crc16.append(new byte[]{6, 0x03, 0, 0, 0, 1})));
        byte[] bad = Crc16.append(new byte[]{5, 0x03, 0, 0, 0, 1});
        bad[bad.length - 1] ^= 1;
        assertNull(exchange(bad));
        assertEquals(1, slave.badCrcFrames());
        assertEquals(0, unit5.requests());
    }

    @Test
    void carriesOutBroadcastWritesWithoutAReply() throws IOException, InterruptedException {
        assertNull(exchange(Crc16.append(new byte[]{0, 0x06, 0, 7, 0, 42})));
        assertEquals(42, unit5.registers().get(Table.HOLDING_REGISTERS, 7));
    }

    @Test
    void damagedRepliesOnDemand() throws IOException, InterruptedException {
        byte[] request = Crc16.append(new byte[]{5, 0x04, 0, 0, 0, 1});
        unit5.faults().reply(SlaveFaults.Reply.BAD_CRC);
        byte[] reply = exchange(request);
        assertEquals(7, reply.length);
        assertFalse(Crc16.valid(reply, reply.length));
        unit5.faults().reply(SlaveFaults.Reply.SHORT);
        assertArrayEquals(new byte[]{5, 0x04, 2}, exchange(request));
        unit5.faults().reply(SlaveFaults.Reply.MALFORMED);
        assertArrayEquals(Crc16.append(new byte[]{5, 0x04, 4, 0, 0}), exchange(request));
        unit5.faults().reply(SlaveFaults.Reply.NONE);
        assertNull(exchange(request));
        unit5.faults().exception(ExceptionCode.GATEWAY_TARGET_FAILED_TO_RESPOND).reply(SlaveFaults.Reply.NORMAL);
        assertArrayEquals(Crc16.append(new byte[]{5, (byte) 0x84, 0x0B}), exchange(request));
    }

    @Test
    void silenceOfThreeAndAHalfCharacters() {
        // 3.5 characters of 11 bits at 9600 baud is 4.01 ms; above 19200 baud a fixed 1.75 ms
        assertEquals(4_010_416, ModbusRtuSlave.silenceNanos(9600));
        assertEquals(1_750_000, ModbusRtuSlave.silenceNanos(115_200));
    }
}
