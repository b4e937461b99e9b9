package io.streetgate.sim.modbus;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Request and response PDUs as the Modbus Application Protocol v1.1b3 (section 6) gives them. */
class SimulatedSlaveTest {

    static final Instant T = Instant.parse("2026-01-15T12:00:00Z");

    static byte[] pdu(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return b;
    }

    final SimulatedSlave slave = new SimulatedSlave(1, null);

    @Test
    void readsHoldingRegisters() {
        slave.registers().setRegisters(Table.HOLDING_REGISTERS, 0x006B, 0x022B, 0x0000, 0x0064);
        // v1.1b3 6.3 example: read 3 registers from 0x006B
        assertArrayEquals(pdu(0x03, 0x06, 0x02, 0x2B, 0x00, 0x00, 0x00, 0x64),
                slave.answer(pdu(0x03, 0x00, 0x6B, 0x00, 0x03), T));
    }

    @Test
    void readsInputRegistersAndBits() {
        slave.registers().set(Table.INPUT_REGISTERS, 8, 0x000A);
        assertArrayEquals(pdu(0x04, 0x02, 0x00, 0x0A), slave.answer(pdu(0x04, 0x00, 0x08, 0x00, 0x01), T));
        // coils 20..38 of the v1.1b3 6.1 example: CD 6B 05
        int[] states = {1, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1};
        for (int i = 0; i < states.length; i++) {
            slave.registers().set(Table.COILS, 19 + i, states[i]);
        }
        assertArrayEquals(pdu(0x01, 0x03, 0xCD, 0x6B, 0x05), slave.answer(pdu(0x01, 0x00, 0x13, 0x00, 0x13), T));
    }

    @Test
    void writesAndEchoes() {
        assertArrayEquals(pdu(0x06, 0x00, 0x01, 0x00, 0x03), slave.answer(pdu(0x06, 0x00, 0x01, 0x00, 0x03), T));
        assertEquals(3, slave.registers().get(Table.HOLDING_REGISTERS, 1));
        assertArrayEquals(pdu(0x10, 0x00, 0x01, 0x00, 0x02),
                slave.answer(pdu(0x10, 0x00, 0x01, 0x00, 0x02, 0x04, 0x00, 0x0A, 0x01, 0x02), T));
        assertEquals(0x0102, slave.registers().get(Table.HOLDING_REGISTERS, 2));
        assertArrayEquals(pdu(0x05, 0x00, 0xAC, 0xFF, 0x00), slave.answer(pdu(0x05, 0x00, 0xAC, 0xFF, 0x00), T));
        assertEquals(1, slave.registers().get(Table.COILS, 0xAC));
    }

    @Test
    void answersExceptionsAsTheProtocolSays() {
        // unknown function: 01; more than 125 registers: 03; a refused address: 02; coil value not FF00/0000: 03
        assertArrayEquals(pdu(0x91, 0x01), slave.answer(pdu(0x11), T));
        assertArrayEquals(pdu(0x83, 0x03), slave.answer(pdu(0x03, 0x00, 0x00, 0x00, 126), T));
        slave.registers().refuse(Table.INPUT_REGISTERS, 10, 19);
        assertArrayEquals(pdu(0x84, 0x02), slave.answer(pdu(0x04, 0x00, 0x08, 0x00, 0x04), T));
        assertArrayEquals(pdu(0x85, 0x03), slave.answer(pdu(0x05, 0x00, 0x01, 0x12, 0x34), T));
        assertArrayEquals(pdu(0x84, 0x02), slave.answer(pdu(0x04, 0xFF, 0xFF, 0x00, 0x02), T));
    }

    @Test
    void faultsOnDemandAndBack() {
        slave.faults().exception(ExceptionCode.SERVER_DEVICE_BUSY);
        assertArrayEquals(pdu(0x84, 0x06), slave.answer(pdu(0x04, 0x00, 0x00, 0x00, 0x01), T));
        slave.faults().clear();
        slave.faults().gone(true);
        assertNull(slave.answer(pdu(0x04, 0x00, 0x00, 0x00, 0x01), T));
        slave.faults().clear();
        assertArrayEquals(pdu(0x04, 0x02, 0x00, 0x00), slave.answer(pdu(0x04, 0x00, 0x00, 0x00, 0x01), T));
        assertEquals(3, slave.requests());
        assertEquals(3, slave.requests(0x04));
    }

    @Test
    void aStuckDeviceKeepsItsValues() {
        SimulatedSlave meter = new SimulatedSlave(2, new EnergyMeterModel(t -> 1000, 100));
        meter.update(T);
        meter.faults().stuck(true);
        double before = meter.registers().float32(Table.INPUT_REGISTERS, EnergyMeterModel.IMPORT_KWH, WordOrder.ABCD);
        meter.answer(pdu(0x04, 0x00, 0x48, 0x00, 0x02), T.plusSeconds(3600));
        assertEquals(before, meter.registers().float32(Table.INPUT_REGISTERS, EnergyMeterModel.IMPORT_KWH, WordOrder.ABCD));
        meter.faults().clear();
        meter.answer(pdu(0x04, 0x00, 0x48, 0x00, 0x02), T.plusSeconds(3600));
        assertEquals(101.0, meter.registers().float32(Table.INPUT_REGISTERS, EnergyMeterModel.IMPORT_KWH,
                WordOrder.ABCD), 1e-3);
    }

    @Test
    void onlyUnitIdsOneTo247() {
        assertThrows(IllegalArgumentException.class, () -> new SimulatedSlave(0, null));
        assertThrows(IllegalArgumentException.class, () -> new SimulatedSlave(248, null));
    }

    @Test
    void aWaterMeterKnowsOnlyFunctionsThreeAndSix() {
        SimulatedSlave tuf = WaterMeterModel.slave(1);
        assertArrayEquals(pdu(0x84, 0x01), tuf.answer(pdu(0x04, 0x00, 0x00, 0x00, 0x02), T));
        assertEquals(0x03, tuf.answer(pdu(0x03, 0x00, 0x00, 0x00, 0x02), T)[0]);
    }
}
