package io.streetgate.drivers.modbus;

import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DeviceCatalog;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.driver.DeviceType;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.OptionSpec;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.SensorDriver;
import io.streetgate.sim.modbus.SimulatedSlave;
import io.streetgate.sim.modbus.Table;
import io.streetgate.sim.modbus.WordOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModbusDriverFactoryTest {

    SimulatedBus sim;

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void publishesOneTypePerShippedMapAndAGenericOne() {
        DeviceCatalog catalog = ModbusDriverFactory.catalog();
        assertEquals(List.of("eastron-sdm630", "tuf-2000m", "sound-level-meter", "dali-lamp-gateway", "hvac-controller",
                "modbus-device"), List.copyOf(catalog.names()));
        DeviceType sdm = catalog.type("eastron-sdm630").orElseThrow();
        assertEquals(List.of("modbus-tcp", "modbus-rtu"), sdm.busKinds());
        assertEquals("unit", sdm.addressing().key());
        assertEquals("1..247", sdm.addressing().describeValid());
        assertEquals(36, sdm.quantities().size());
        assertTrue(sdm.quantities().contains(Quantity.ENERGY));
        assertEquals("125", sdm.option("max-registers-per-request").orElseThrow().defaultValue());
        assertEquals(List.of("heating_setpoint", "cooling_setpoint", "hvac_mode", "fan_speed", "co2_setpoint"),
                catalog.type("hvac-controller").orElseThrow().option("point").orElseThrow().allowed());
        OptionSpec map = catalog.type("modbus-device").orElseThrow().option("map").orElseThrow();
        assertEquals(null, map.defaultValue());
        assertEquals(Set.copyOf(catalog.names()), new ModbusDriverFactory(io.streetgate.driver.time.TimeBase.system()).types());
    }

    @Test
    void devicesOnOneBusShareOneConnection() throws DriverException {
        sim = new SimulatedBus(new SimulatedSlave(1, null), new SimulatedSlave(2, null));
        try (SensorDriver a = sim.factory.create(sim.device("a", "sound-level-meter", 1));
             SensorDriver b = sim.factory.create(sim.device("b", "sound-level-meter", 2))) {
            a.read();
            b.read();
            a.read();
        }
        assertEquals(1, sim.server.connectionsAccepted());
    }

    @Test
    void aDeviceWithAMapFileOfItsOwn(@TempDir Path dir) throws IOException, DriverException {
        Files.writeString(dir.resolve("pump.json"), """
                {"type": "pump-7", "model": "Pump 7",
                 "defaults": {"table": "input", "data-type": "FLOAT32", "word-order": "DCBA"},
                 "points": [{"name": "pump_pressure", "address": 10, "unit": "Pa", "scale": 100000}]}
                """);
        SimulatedSlave pump = new SimulatedSlave(9, null);
        pump.registers().setFloat32(Table.INPUT_REGISTERS, 10, WordOrder.DCBA, 2.5);
        sim = new SimulatedBus(pump);
        ModbusDriverFactory factory = new ModbusDriverFactory(io.streetgate.driver.time.TimeBase.of(sim.clock), dir);
        try (SensorDriver driver = factory.create(sim.device("pump", "modbus-device", 9, Map.of("map", "pump.json")))) {
            assertEquals("Pump 7", driver.init().model());
            Measurement m = driver.read().get(0);
            assertEquals("pump_pressure", m.quantity().name());
            assertEquals(250_000, m.value(), 1e-6);
        } finally {
            factory.close();
        }
    }

    @Test
    void configurationMistakesAreNamed(@TempDir Path dir) throws IOException {
        sim = new SimulatedBus(new SimulatedSlave(1, null));
        DriverException unit = assertThrows(DriverException.class,
                () -> sim.factory.create(sim.device("m", "eastron-sdm630", 0)));
        assertEquals(DriverFault.CONFIGURATION, unit.fault());
        assertEquals("device 'm' (eastron-sdm630): unit='0' is not valid; use 1..247", unit.getMessage());

        DriverException noMap = assertThrows(DriverException.class,
                () -> sim.factory.create(sim.device("x", "modbus-device", 1)));
        assertTrue(noMap.getMessage().startsWith("device 'x' (modbus-device): map='' is missing"), noMap.getMessage());

        Files.writeString(dir.resolve("bad.yaml"), "type: bad\npoints: [ { name: v, address: 1, unit: Volt } ]\n");
        DriverException badMap = assertThrows(DriverException.class, () -> sim.factory.create(
                sim.device("y", "modbus-device", 1, Map.of("map", dir.resolve("bad.yaml").toString()))));
        assertTrue(badMap.getMessage().contains("points[0] (v).unit='Volt' is not a SenML unit"), badMap.getMessage());

        DriverException tooFew = assertThrows(DriverException.class, () -> sim.factory.create(
                sim.device("z", "eastron-sdm630", 1, Map.of("max-registers-per-request", "1"))));
        assertTrue(tooFew.getMessage().contains("raise max-registers-per-request"), tooFew.getMessage());

        DeviceConfig onI2c = new DeviceConfig("i", "eastron-sdm630", new BusConfig("i2c-1", "i2c", Map.of()), 1,
                Duration.ofSeconds(1), Map.of());
        assertTrue(assertThrows(DriverException.class, () -> sim.factory.create(onI2c)).getMessage()
                .contains("it needs a modbus-tcp or modbus-rtu bus"));

        DriverException point = assertThrows(DriverException.class, () -> sim.factory.createActuator(
                sim.device("h", "hvac-controller", 1, Map.of("point", "temperature"))));
        assertTrue(point.getMessage().contains("is not a writable entry"), point.getMessage());

        DriverException type = assertThrows(DriverException.class, () -> sim.factory.create(sim.device("t", "sdm999", 1)));
        assertTrue(type.getMessage().contains("is not a Modbus device type"));
    }

    @Test
    void aBusMissingItsHostIsAConfigurationFault() {
        sim = new SimulatedBus(new SimulatedSlave(1, null));
        DeviceConfig config = new DeviceConfig("m", "eastron-sdm630", new BusConfig("gw", "modbus-tcp", Map.of()), 1,
                Duration.ofSeconds(1), Map.of());
        DriverException e = assertThrows(DriverException.class, () -> sim.factory.create(config));
        assertEquals("bus 'gw': host='' is missing; give the Modbus TCP server's host name or address", e.getMessage());
    }
}
