package io.streetgate.sim.bus;

import io.streetgate.sim.ManualClock;
import io.streetgate.sim.SimFault;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimSerialPortTest {

    /** A device that sends whatever the test puts in its outbox and remembers what it heard. */
    static final class Echo implements SerialDevice {
        final List<byte[]> outbox = new ArrayList<>();
        final List<byte[]> heard = new ArrayList<>();
        int powerCycles;

        @Override
        public void receive(byte[] data) {
            heard.add(data);
        }

        @Override
        public List<byte[]> transmitted() {
            List<byte[]> sent = new ArrayList<>(outbox);
            outbox.clear();
            return sent;
        }

        @Override
        public void powerCycle() {
            powerCycles++;
        }

        @Override
        public void setStuck(boolean stuck) {
        }
    }

    final SimBoard board = new SimBoard(new SimTime(new ManualClock(Instant.parse("2024-01-10T08:00:00Z")), () -> 0L));
    final Echo device = new Echo();
    final SimSerialPort port = board.attachSerial("/dev/ttyAMA0", device);

    byte[] readAll() throws IOException {
        byte[] into = new byte[port.available()];
        port.read(into, 0, into.length);
        return into;
    }

    @Test
    void framesArriveWholeAndWritesReachTheDevice() throws IOException {
        device.outbox.add(new byte[] {1, 2, 3});
        port.write(new byte[] {9, 8}, 0, 2);

        assertArrayEquals(new byte[] {1, 2, 3}, readAll());
        assertArrayEquals(new byte[] {9, 8}, device.heard.get(0));
        assertEquals(0, port.available());
    }

    @Test
    void lineFaultsDamageEachFrame() throws IOException {
        port.fault(SimFault.SHORT_FRAME);
        device.outbox.add(new byte[] {1, 2, 3, 4, 5, 6});
        assertArrayEquals(new byte[] {1, 2, 3, 4}, readAll());

        port.fault(SimFault.CRC_ERROR);
        device.outbox.add(new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 2}, readAll());

        port.fault(SimFault.GARBAGE);
        device.outbox.add(new byte[] {1, 2, 3});
        byte[] noisy = readAll();
        assertTrue(noisy.length >= 6 && noisy.length <= 15);
        assertArrayEquals(new byte[] {1, 2, 3}, java.util.Arrays.copyOfRange(noisy, noisy.length - 3, noisy.length));
    }

    @Test
    void anUnpluggedDeviceIsSilentAndComesBackPowerCycled() throws IOException {
        port.fault(SimFault.NACK);
        device.outbox.add(new byte[] {1});
        port.write(new byte[] {7}, 0, 1);
        assertEquals(0, port.available());
        assertTrue(device.heard.isEmpty());

        port.fault(null);
        assertEquals(1, device.powerCycles);
        assertEquals(0, port.available(), "what it sent while unplugged never arrived");
    }

    @Test
    void aHungPortFailsLikeTheLinuxAdapter() {
        board.timeoutBlock(Duration.ofMillis(1));
        port.fault(SimFault.TIMEOUT);

        assertEquals("Connection timed out", assertThrows(IOException.class, port::available).getMessage());
    }

    @Test
    void theReceiveBufferKeepsTheOldestBytesAndCountsTheRest() throws IOException {
        device.outbox.add(new byte[SimSerialPort.BUFFER + 10]);

        assertEquals(SimSerialPort.BUFFER, port.available());
        assertEquals(10, port.overrun());
    }
}
