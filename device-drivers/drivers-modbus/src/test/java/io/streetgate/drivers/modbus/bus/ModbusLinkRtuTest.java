package io.streetgate.drivers.modbus.bus;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.drivers.modbus.ModbusDriverException;
import io.streetgate.drivers.modbus.map.RegisterTable;
import io.streetgate.sim.ManualClock;
import io.streetgate.sim.modbus.ExceptionCode;
import io.streetgate.sim.modbus.ModbusRtuSlave;
import io.streetgate.sim.modbus.PtyPair;
import io.streetgate.sim.modbus.SimulatedSlave;
import io.streetgate.sim.modbus.SlaveFaults;
import io.streetgate.sim.modbus.Table;
import io.streetgate.driver.time.TimeBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PLC4X's RTU driver (jSerialComm) on one end of a socat pty pair, simulated RTU slaves on the other. */
class ModbusLinkRtuTest {

    final ManualClock clock = new ManualClock(Instant.parse("2026-01-15T12:00:00Z"));
    final SimulatedSlave one = new SimulatedSlave(1, null);
    final SimulatedSlave two = new SimulatedSlave(2, null);
    PtyPair pty;
    ModbusRtuSlave slaves;
    ModbusLink link;

    @BeforeEach
    void start() throws IOException {
        one.registers().setRegisters(Table.HOLDING_REGISTERS, 0, 11, 12, 13);
        two.registers().setRegisters(Table.HOLDING_REGISTERS, 0, 21, 22, 23);
        pty = PtyPair.open();
        slaves = ModbusRtuSlave.open(pty.slaveEnd(), 9600, clock, one, two);
        link = new ModbusLink(LinkSettings.rtu("rs485", pty.masterEnd().toString(), 9600, "none", 8, 1,
                Duration.ofSeconds(1)), TimeBase.of(clock));
    }

    @AfterEach
    void stop() {
        link.close();
        slaves.close();
        pty.close();
    }

    @Test
    void readsAndWritesUnitsOnOneLine() throws DriverException {
        assertArrayEquals(new int[]{11, 12, 13}, link.read(1, RegisterTable.HOLDING_REGISTER, 0, 3));
        assertArrayEquals(new int[]{21, 22, 23}, link.read(2, RegisterTable.HOLDING_REGISTER, 0, 3));
        link.write(2, RegisterTable.HOLDING_REGISTER, 1, new int[]{99});
        assertEquals(99, two.registers().get(Table.HOLDING_REGISTERS, 1));
        assertEquals(3, slaves.frames());
    }

    /**
     * Opens the line with a good read before a fault is asked for, so that a fault test checks the fault and not
     * the opening. (Under load the first request once failed to go out: PLC4X's serial selector had lost the
     * wakeup for its write, which {@link HeartbeatSerialTransport} now covers; no retry is needed here.)
     */
    void openTheLine() throws DriverException {
        link.read(1, RegisterTable.HOLDING_REGISTER, 0, 1);
    }

    @Test
    void aBadCrcIsAChecksumFaultAndTheLineRecovers() throws DriverException {
        openTheLine();
        one.faults().reply(SlaveFaults.Reply.BAD_CRC);
        DriverException e = assertThrows(DriverException.class, () -> link.read(1, RegisterTable.HOLDING_REGISTER, 0, 3));
        assertEquals(DriverFault.CHECKSUM, e.fault());
        assertEquals("the reply of unit 1 to holding 0+3 failed its CRC", e.getMessage());
        one.faults().clear();
        openTheLine();
        assertArrayEquals(new int[]{11, 12, 13}, link.read(1, RegisterTable.HOLDING_REGISTER, 0, 3));
        assertArrayEquals(new int[]{21, 22, 23}, link.read(2, RegisterTable.HOLDING_REGISTER, 0, 3));
    }

    @Test
    void shortAndMalformedFramesAreProtocolFaults() throws DriverException {
        openTheLine();
        one.faults().reply(SlaveFaults.Reply.SHORT);
        DriverException shortFrame = assertThrows(DriverException.class, () -> link.read(1, RegisterTable.HOLDING_REGISTER, 0, 3));
        assertEquals(DriverFault.PROTOCOL, shortFrame.fault());
        assertTrue(shortFrame.getMessage().startsWith("short reply from unit 1"), shortFrame.getMessage());
        one.faults().clear();
        openTheLine();
        one.faults().reply(SlaveFaults.Reply.MALFORMED);
        DriverException malformed = assertThrows(DriverException.class, () -> link.read(1, RegisterTable.HOLDING_REGISTER, 0, 3));
        assertEquals(DriverFault.PROTOCOL, malformed.fault());
        assertTrue(malformed.getMessage().startsWith("malformed reply from unit 1"), malformed.getMessage());
        one.faults().clear();
        openTheLine();
        assertArrayEquals(new int[]{11, 12, 13}, link.read(1, RegisterTable.HOLDING_REGISTER, 0, 3));
    }

    @Test
    void exceptionsAndSilence() throws DriverException {
        openTheLine();
        two.faults().exception(ExceptionCode.SERVER_DEVICE_BUSY);
        ModbusDriverException busy = assertThrows(ModbusDriverException.class,
                () -> link.read(2, RegisterTable.HOLDING_REGISTER, 0, 1));
        assertEquals(6, busy.exceptionCode());
        two.faults().clear();
        two.faults().gone(true);
        assertEquals(DriverFault.TIMEOUT, assertThrows(DriverException.class,
                () -> link.read(2, RegisterTable.HOLDING_REGISTER, 0, 1)).fault());
        // no unit 3 on the line at all
        assertEquals(DriverFault.TIMEOUT, assertThrows(DriverException.class,
                () -> link.read(3, RegisterTable.HOLDING_REGISTER, 0, 1)).fault());
        openTheLine();
        assertArrayEquals(new int[]{11}, link.read(1, RegisterTable.HOLDING_REGISTER, 0, 1));
    }

    @Test
    void theDriverSetsTheLineRawItself() throws IOException, DriverException {
        // a master end left cooked: CR, LF, XON, XOFF, ^C and DEL would be translated or eaten by the tty layer
        int[] awkward = {0x0D0A, 0x1113, 0x037F, 0x0A0D};
        SimulatedSlave unit = new SimulatedSlave(9, null);
        unit.registers().setRegisters(Table.HOLDING_REGISTERS, 0, awkward);
        try (PtyPair cooked = PtyPair.open(false);
             ModbusRtuSlave line = ModbusRtuSlave.open(cooked.slaveEnd(), 9600, clock, unit);
             ModbusLink rtu = new ModbusLink(LinkSettings.rtu("rs485", cooked.masterEnd().toString(), 9600, "none", 8, 1,
                     Duration.ofSeconds(1)), TimeBase.of(clock))) {
            assertArrayEquals(awkward, rtu.read(9, RegisterTable.HOLDING_REGISTER, 0, 4));
        }
    }

    @Test
    void aMissingSerialPortIsABusFaultAndLeavesNoEventLoopRunning() throws InterruptedException {
        Set<Thread> before = lineThreads();
        try (ModbusLink missing = new ModbusLink(LinkSettings.rtu("rs485", "/dev/serial/by-id/usb-none", 9600, "even",
                8, 1, Duration.ofMillis(200)), TimeBase.of(clock))) {
            DriverException e = assertThrows(DriverException.class, () -> missing.read(1, RegisterTable.HOLDING_REGISTER, 0, 1));
            assertEquals(DriverFault.BUS, e.fault());
            assertTrue(e.getMessage().startsWith("bus 'rs485' (rtu /dev/serial/by-id/usb-none 9600 8E1) cannot be opened"),
                    e.getMessage());
        }
        // PLC4X shuts a failed connection's loop down with a 2 s quiet period, which a serial loop never reaches:
        // it spun on a core, rebuilding its selector, for as long as the JVM ran (one more per failed retry)
        Set<Thread> started = lineThreads();
        started.removeAll(before);
        for (Thread t : started) {
            t.join(TimeUnit.SECONDS.toMillis(10)); // a generous bound: ending takes milliseconds
        }
        assertEquals(List.of(), started.stream().filter(Thread::isAlive).map(Thread::getName).toList(),
                "the failed connection's event loop still runs");
    }

    /** The event loop threads of serial lines ({@link HeartbeatSerialTransport} names them). */
    static Set<Thread> lineThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("modbus-rtu-"))
                .collect(Collectors.toCollection(HashSet::new));
    }
}
