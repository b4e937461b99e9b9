package io.streetgate.drivers.modbus;

import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.drivers.modbus.ModbusScan.Outcome;
import io.streetgate.drivers.modbus.ModbusScan.Probe;
import io.streetgate.drivers.modbus.map.RegisterTable;
import io.streetgate.sim.ManualClock;
import io.streetgate.sim.modbus.ModbusRtuSlave;
import io.streetgate.sim.modbus.ModbusTcpServer;
import io.streetgate.sim.modbus.PtyPair;
import io.streetgate.sim.modbus.SimulatedSlave;
import io.streetgate.sim.modbus.SlaveFaults;
import io.streetgate.sim.modbus.Table;
import io.streetgate.sim.modbus.WaterMeterModel;
import io.streetgate.driver.time.TimeBase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModbusScanTest {

    final ManualClock clock = new ManualClock(Instant.parse("2026-01-15T12:00:00Z"));

    static List<Outcome> outcomes(List<ModbusScan.Result> results) {
        return results.stream().map(ModbusScan.Result::outcome).toList();
    }

    @Test
    void findsTheUnitsBehindATcpGatewayTellingExceptionsFromSilence() throws IOException, DriverException {
        SimulatedSlave meter = new SimulatedSlave(2, null);
        meter.registers().set(Table.HOLDING_REGISTERS, 0, 42);
        SimulatedSlave inputsOnly = new SimulatedSlave(4, null).supportOnly(0x04);
        try (ModbusTcpServer server = ModbusTcpServer.start(clock, meter, inputsOnly)) {
            BusConfig bus = new BusConfig("gw", "modbus-tcp", Map.of("host", "127.0.0.1", "port",
                    Integer.toString(server.port())));
            List<ModbusScan.Result> seen = new ArrayList<>();
            try (ModbusScan scan = ModbusScan.on(bus, Duration.ofMillis(200), TimeBase.of(clock))) {
                List<ModbusScan.Result> results = scan.scan(1, 5, Probe.HOLDING_REGISTER_0, seen::add);
                assertEquals(List.of(Outcome.SILENT, Outcome.ANSWERED, Outcome.SILENT, Outcome.EXCEPTION, Outcome.SILENT),
                        outcomes(results));
                // the units there are told at once; the silent ones after their second try
                assertEquals(List.of(results.get(1), results.get(3), results.get(0), results.get(2), results.get(4)), seen);
                assertEquals(List.of(2, 4), ModbusScan.present(results));
                assertEquals("holding 0 = 42", results.get(1).detail());
                assertEquals(1, results.get(3).exceptionCode());
                assertEquals(5 + 3, scan.requests(), "each silent unit is asked twice");
            }
            server.answerUnknownUnitsAsGateway(true);
            try (ModbusScan scan = ModbusScan.on(bus, Duration.ofMillis(200), TimeBase.of(clock))) {
                List<ModbusScan.Result> results = scan.scan(1, 3, new Probe(RegisterTable.INPUT_REGISTER, 0), r -> { });
                assertEquals(List.of(Outcome.GATEWAY_NO_DEVICE, Outcome.ANSWERED, Outcome.GATEWAY_NO_DEVICE),
                        outcomes(results));
                assertEquals(0x0B, results.get(0).exceptionCode());
            }
        }
    }

    @Test
    void findsTheUnitsOnAnRtuLineAndAGarbledOne() throws IOException, DriverException {
        SimulatedSlave water = WaterMeterModel.slave(1);
        SimulatedSlave garbled = new SimulatedSlave(3, null);
        garbled.faults().reply(SlaveFaults.Reply.BAD_CRC);
        try (PtyPair pty = PtyPair.open();
             ModbusRtuSlave line = ModbusRtuSlave.open(pty.slaveEnd(), 9600, clock, water, garbled);
             ModbusScan scan = ModbusScan.on(new BusConfig("rs485", "modbus-rtu", Map.of("port", pty.masterEnd().toString(),
                     "baud", "9600")), Duration.ofMillis(200), TimeBase.of(clock))) {
            List<ModbusScan.Result> results = scan.scan(1, 4, Probe.HOLDING_REGISTER_0, r -> { });
            assertEquals(List.of(Outcome.ANSWERED, Outcome.SILENT, Outcome.DAMAGED, Outcome.SILENT), outcomes(results));
            assertTrue(results.get(2).detail().contains("failed its CRC (check baud, parity and wiring)"),
                    results.get(2).detail());
            assertEquals(List.of(1, 3), ModbusScan.present(results));
        }
    }

    @Test
    void aBusThatCannotBeOpenedStopsTheScan() throws DriverException {
        try (ModbusScan scan = ModbusScan.on(new BusConfig("rs485", "modbus-rtu", Map.of("port", "/dev/serial/by-id/none")),
                Duration.ofMillis(100), TimeBase.of(clock))) {
            DriverException e = assertThrows(DriverException.class, () -> scan.scan(1, 247, Probe.HOLDING_REGISTER_0, r -> { }));
            assertEquals(DriverFault.BUS, e.fault());
            assertThrows(IllegalArgumentException.class, () -> scan.scan(0, 10, Probe.HOLDING_REGISTER_0, r -> { }));
        }
    }
}
