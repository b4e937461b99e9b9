package io.streetgate.sim.modbus;

import io.streetgate.sim.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pymodbus's client and mbpoll read our simulated slaves, over TCP and over RTU on a socat pty pair. The slaves
 * hold known values: the energy meter's voltages are ABCD floats, the water meter's flow a CDAB float.
 */
class RealMastersReadOurSlavesTest {

    final ManualClock clock = new ManualClock(Instant.parse("2026-01-15T12:00:00Z"));
    final SimulatedSlave meter = new SimulatedSlave(1, null);
    final SimulatedSlave water = new SimulatedSlave(2, null).supportOnly(0x03, 0x06);

    ModbusTcpServer tcp;
    PtyPair pty;
    ModbusRtuSlave rtu;

    @BeforeEach
    void values() {
        RegisterBank m = meter.registers();
        m.setFloat32(Table.INPUT_REGISTERS, EnergyMeterModel.VOLTAGE_L1, WordOrder.ABCD, 230.5);
        m.setFloat32(Table.INPUT_REGISTERS, EnergyMeterModel.VOLTAGE_L1 + 2, WordOrder.ABCD, 231.25);
        m.setFloat32(Table.INPUT_REGISTERS, EnergyMeterModel.VOLTAGE_L1 + 4, WordOrder.ABCD, -123.456);
        m.setRegisters(Table.HOLDING_REGISTERS, 10, 1, 2, 65535);
        m.setBit(Table.COILS, 3, true);
        m.setBit(Table.DISCRETE_INPUTS, 1, true);
        m.refuse(Table.INPUT_REGISTERS, 100, 100);
        water.registers().setFloat32(Table.HOLDING_REGISTERS, WaterMeterModel.FLOW, WordOrder.CDAB, 2.5);
    }

    @AfterEach
    void stop() {
        if (tcp != null) {
            tcp.close();
        }
        if (rtu != null) {
            rtu.close();
        }
        if (pty != null) {
            pty.close();
        }
    }

    @Test
    void pymodbusReadsOverTcp() throws IOException, InterruptedException {
        tcp = ModbusTcpServer.start(clock, meter, water);
        Peers.Result r = Peers.pymodbus("tcp", Integer.toString(tcp.port()), "1", "input:0:6", "holding:10:3",
                "coil:0:4", "discrete:0:2", "input:99:2", "write:11:77", "holding:11:1");
        assertEquals(List.of("input 0: 17254 32768 17255 16384 49910 59769", "holding 10: 1 2 65535",
                "coil 0: 0 0 0 1", "discrete 0: 0 1", "input 99: exception 2", "write 11: ok", "holding 11: 77"),
                r.lines(), r.err());
        Peers.Result w = Peers.pymodbus("tcp", Integer.toString(tcp.port()), "2", "holding:0:2", "input:0:2");
        // 2.5f = 0x40200000: word-swapped the low register comes first
        assertEquals(List.of("holding 0: 0 16416", "input 0: exception 1"), w.lines(), w.err());
    }

    @Test
    void pymodbusReadsOverRtu() throws IOException, InterruptedException {
        pty = PtyPair.open();
        rtu = ModbusRtuSlave.open(pty.slaveEnd(), 9600, clock, meter, water);
        Peers.Result r = Peers.pymodbus("rtu", pty.masterEnd().toString(), "9600", "1", "input:0:6", "holding:10:3",
                "input:99:2");
        assertEquals(List.of("input 0: 17254 32768 17255 16384 49910 59769", "holding 10: 1 2 65535",
                "input 99: exception 2"), r.lines(), r.err());
        Peers.Result w = Peers.pymodbus("rtu", pty.masterEnd().toString(), "9600", "2", "holding:0:2");
        assertEquals(List.of("holding 0: 0 16416"), w.lines(), w.err());
    }

    @Test
    void mbpollReadsFloatsOverTcp() throws IOException, InterruptedException {
        tcp = ModbusTcpServer.start(clock, meter, water);
        String port = Integer.toString(tcp.port());
        // -B: big-endian word order (ABCD); -0: references are protocol addresses
        Peers.Result r = Peers.mbpoll("-m", "tcp", "-p", port, "-a", "1", "-0", "-r", "0", "-c", "3", "-t", "3:float",
                "-B", "-1", "127.0.0.1");
        assertEquals(List.of("230.5", "231.25", "-123.456"), values(r), r.out() + r.err());
        // without -B mbpoll takes the low register first: the water meter's CDAB float
        Peers.Result w = Peers.mbpoll("-m", "tcp", "-p", port, "-a", "2", "-0", "-r", "0", "-c", "1", "-t", "4:float",
                "-1", "127.0.0.1");
        assertEquals(List.of("2.5"), values(w), w.out() + w.err());
        Peers.Result refused = Peers.mbpoll("-m", "tcp", "-p", port, "-a", "1", "-0", "-r", "100", "-t", "3", "-1",
                "127.0.0.1");
        assertTrue((refused.out() + refused.err()).contains("Illegal data address"), refused.out() + refused.err());
    }

    @Test
    void mbpollReadsOverRtuOnAPtyPair() throws IOException, InterruptedException {
        pty = PtyPair.open();
        rtu = ModbusRtuSlave.open(pty.slaveEnd(), 9600, clock, meter, water);
        Peers.Result r = Peers.mbpoll("-m", "rtu", "-b", "9600", "-P", "none", "-a", "1", "-0", "-r", "0", "-c", "3",
                "-t", "3:float", "-B", "-1", pty.masterEnd().toString());
        assertEquals(List.of("230.5", "231.25", "-123.456"), values(r), r.out() + r.err());
        Peers.Result h = Peers.mbpoll("-m", "rtu", "-b", "9600", "-P", "none", "-a", "1", "-0", "-r", "10", "-c", "3",
                "-t", "4", "-1", pty.masterEnd().toString());
        // mbpoll shows a register's unsigned value and, when the high bit is set, its signed one
        assertEquals(List.of("1", "2", "65535 (-1)"), values(h), h.out() + h.err());
    }

    /** The values of mbpoll's "[ref]: value" lines. */
    static List<String> values(Peers.Result r) {
        return r.out().lines().filter(l -> l.startsWith("[")).map(l -> l.substring(l.indexOf(':') + 1).trim()).toList();
    }
}
