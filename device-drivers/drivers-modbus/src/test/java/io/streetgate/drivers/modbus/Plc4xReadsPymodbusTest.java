package io.streetgate.drivers.modbus;

import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.Measurement;
import io.streetgate.drivers.modbus.map.BuiltInMaps;
import io.streetgate.drivers.modbus.map.RegisterMap;
import io.streetgate.drivers.modbus.map.RegisterMapLoader;
import io.streetgate.drivers.modbus.map.RegisterMapException;
import io.streetgate.sim.ManualClock;
import io.streetgate.sim.modbus.PtyPair;
import io.streetgate.driver.time.TimeBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The PLC4X drivers read a pymodbus slave holding the values of a register map, laid out by Python's struct
 * module (an independent encoder of every data type and word order): over TCP, and over RTU on a socat pty pair.
 */
class Plc4xReadsPymodbusTest {

    final ManualClock clock = new ManualClock(Instant.parse("2026-01-15T12:00:00Z"));
    final ModbusDriverFactory factory = new ModbusDriverFactory(TimeBase.of(clock));

    @AfterEach
    void close() {
        factory.close();
    }

    static void assertReadings(List<PymodbusSlave.Value> expected, List<Measurement> readings) {
        Map<String, Double> want = PymodbusSlave.byName(expected.stream().filter(v -> v.point().isMeasured()).toList());
        assertEquals(want.size(), readings.size());
        for (Measurement m : readings) {
            double w = want.get(m.quantity().name());
            assertEquals(w, m.value(), Math.abs(w) * 1e-6 + 1e-9, m.quantity().name());
        }
    }

    static BusConfig tcpBus(int port) {
        return new BusConfig("py", "modbus-tcp", Map.of("host", "127.0.0.1", "port", Integer.toString(port),
                "timeout", "2s"));
    }

    @Test
    void theEnergyMeterMapOverTcp() throws IOException, InterruptedException, DriverException {
        RegisterMap sdm = BuiltInMaps.forType("eastron-sdm630").orElseThrow();
        List<PymodbusSlave.Value> values = PymodbusSlave.valuesFor(7, sdm);
        try (PymodbusSlave slave = PymodbusSlave.tcp(values);
             var driver = factory.create(new DeviceConfig("energy", "eastron-sdm630", tcpBus(slave.port), 7,
                     Duration.ofSeconds(10), Map.of()))) {
            assertReadings(values, driver.read());
        }
    }

    @Test
    void everyWordOrderAndTypeOverTcp(@TempDir Path dir) throws IOException, InterruptedException, DriverException,
            RegisterMapException {
        // -123.456 in every order and width, as a device of each kind would send it
        StringBuilder yaml = new StringBuilder("type: orders\ndefaults: { table: holding }\npoints:\n");
        String[] types = {"FLOAT32", "INT32", "UINT32", "FLOAT64", "INT64", "INT16", "LONG_REAL"};
        int address = 0;
        for (String type : types) {
            for (String order : new String[]{"ABCD", "CDAB", "BADC", "DCBA"}) {
                yaml.append("  - { name: ").append(type.toLowerCase()).append('_').append(order.toLowerCase())
                        .append(", address: ").append(address).append(", data-type: ").append(type)
                        .append(", word-order: ").append(order).append(", unit: count }\n");
                address += 4;
            }
        }
        RegisterMap map = RegisterMapLoader.parse(new StringReader(yaml.toString()), "orders.yaml");
        java.nio.file.Files.writeString(dir.resolve("orders.yaml"), yaml);
        List<PymodbusSlave.Value> values = new ArrayList<>();
        for (var p : map.points()) {
            double v = switch (p.type()) {
                case UINT32 -> 4_000_000_123.0;
                case INT32, INT64 -> -123_456_789;
                case INT16 -> -12_345;
                case LONG_REAL -> 98_765.25;
                default -> -123.456;
            };
            values.add(new PymodbusSlave.Value(1, p, v));
        }
        try (PymodbusSlave slave = PymodbusSlave.tcp(values);
             var driver = factory.create(new DeviceConfig("orders", "modbus-device", tcpBus(slave.port), 1,
                     Duration.ofSeconds(10), Map.of("map", dir.resolve("orders.yaml").toString())))) {
            List<Measurement> readings = driver.read();
            assertEquals(28, readings.size());
            for (Measurement m : readings) {
                String name = m.quantity().name();
                double expected = values.stream().filter(v -> v.point().name().equals(name)).findFirst().orElseThrow().value();
                double tolerance = name.startsWith("float32") ? 1e-4 : 1e-9;
                assertEquals(expected, m.value(), tolerance, name);
            }
        }
    }

    @Test
    void theHvacControllerMapOverTcp() throws IOException, InterruptedException, DriverException {
        RegisterMap hvac = BuiltInMaps.forType("hvac-controller").orElseThrow();
        List<PymodbusSlave.Value> values = PymodbusSlave.valuesFor(3, hvac);
        try (PymodbusSlave slave = PymodbusSlave.tcp(values);
             var driver = factory.create(new DeviceConfig("hvac", "hvac-controller", tcpBus(slave.port), 3,
                     Duration.ofSeconds(10), Map.of()))) {
            assertReadings(values, driver.read());
        }
    }

    @Test
    void theWaterMeterMapOverRtu() throws IOException, InterruptedException, DriverException {
        RegisterMap tuf = BuiltInMaps.forType("tuf-2000m").orElseThrow();
        List<PymodbusSlave.Value> values = PymodbusSlave.valuesFor(1, tuf);
        try (PtyPair pty = PtyPair.open();
             PymodbusSlave slave = PymodbusSlave.rtu(values, pty.slaveEnd(), 9600)) {
            BusConfig bus = new BusConfig("rs485", "modbus-rtu", Map.of("port", pty.masterEnd().toString(),
                    "baud", "9600", "parity", "none", "timeout", "2s"));
            try (var driver = factory.create(new DeviceConfig("water", "tuf-2000m", bus, 1, Duration.ofSeconds(10),
                    Map.of()))) {
                assertReadings(values, driver.read());
            }
        }
    }

    @Test
    void theLampGatewayMapOverRtuWithBitsAndALevel() throws IOException, InterruptedException, DriverException {
        RegisterMap lamp = BuiltInMaps.forType("dali-lamp-gateway").orElseThrow();
        List<PymodbusSlave.Value> values = new ArrayList<>();
        for (var v : PymodbusSlave.valuesFor(2, lamp)) {
            // the level register holds an arc level: 170 is about 10 % light
            values.add(v.point().name().equals("level") ? new PymodbusSlave.Value(2, v.point(), 170) : v);
        }
        try (PtyPair pty = PtyPair.open();
             PymodbusSlave slave = PymodbusSlave.rtu(values, pty.slaveEnd(), 19200)) {
            BusConfig bus = new BusConfig("rs485", "modbus-rtu", Map.of("port", pty.masterEnd().toString(),
                    "baud", "19200", "parity", "none", "timeout", "2s"));
            try (var driver = factory.create(new DeviceConfig("lamp", "dali-lamp-gateway", bus, 2, Duration.ofSeconds(10),
                    Map.of()))) {
                List<Measurement> readings = driver.read();
                Measurement level = readings.stream().filter(m -> m.quantity().name().equals("level")).findFirst().orElseThrow();
                assertEquals(0.1009, level.value(), 1e-4);
                Map<String, Double> want = PymodbusSlave.byName(values);
                for (Measurement m : readings) {
                    if (!m.quantity().name().equals("level")) {
                        assertEquals(want.get(m.quantity().name()), m.value(), 1e-9, m.quantity().name());
                    }
                }
                assertEquals(5, readings.size());
            }
        }
    }
}
