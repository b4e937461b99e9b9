package io.streetgate.drivers.modbus;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.QualityFlag;
import io.streetgate.sim.modbus.SimulatedSlave;
import io.streetgate.sim.modbus.Table;
import io.streetgate.sim.modbus.WordOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worked example of docs/modbus.md, read from the page itself, drives a simulated pump controller. */
class DocsExampleTest {

    static final Path PAGE = Path.of("../../docs/modbus.md");

    static String exampleMap() throws IOException {
        String page = Files.readString(PAGE);
        int at = page.indexOf("```yaml\ntype: pump-7");
        assertTrue(at >= 0, "docs/modbus.md has no worked example starting with type: pump-7");
        int start = at + "```yaml\n".length();
        return page.substring(start, page.indexOf("```", start));
    }

    @Test
    void theWorkedExampleReadsWhatTheSheetSays(@TempDir Path dir) throws IOException, DriverException {
        Files.writeString(dir.resolve("pump-7.yaml"), exampleMap());
        SimulatedSlave pump = new SimulatedSlave(7, null);
        // the sheet: 30001 pressure 2.5 bar, 30003 flow 90 l/min (floats low word first), 30009 -3.5 degC in 0.1,
        // 30010 status with the overload bit, 40001 speed setpoint 80 %
        pump.registers().setFloat32(Table.INPUT_REGISTERS, 0, WordOrder.CDAB, 2.5);
        pump.registers().setFloat32(Table.INPUT_REGISTERS, 2, WordOrder.CDAB, 90);
        pump.registers().setInt16(Table.INPUT_REGISTERS, 8, -35);
        pump.registers().set(Table.INPUT_REGISTERS, 9, 0b1);
        pump.registers().set(Table.HOLDING_REGISTERS, 0, 80);
        try (SimulatedBus sim = new SimulatedBus(pump);
             ModbusDriverFactory factory = new ModbusDriverFactory(io.streetgate.driver.time.TimeBase.of(sim.clock), dir);
             ModbusSensorDriver driver = (ModbusSensorDriver) factory.create(sim.device("pump-1", "modbus-device", 7,
                     Map.of("map", "pump-7.yaml", "max-registers-per-request", "60")))) {
            List<Measurement> readings = driver.read();
            Map<String, Double> values = readings.stream().collect(Collectors.toMap(m -> m.quantity().name(),
                    Measurement::value));
            assertEquals(250_000, values.get("pump_pressure"), 1e-6);
            assertEquals(1.5, values.get("pump_flow"), 1e-9);
            assertEquals(-3.5, values.get("motor_temperature"), 1e-9);
            assertEquals(1.0, values.get("overload"));
            assertEquals(80.0, values.get("speed_setpoint"));
            assertEquals(List.of("overload", "speed_setpoint"), readings.stream().filter(m -> m.quantity().isState())
                    .map(m -> m.quantity().name()).toList(), "the page's flag and setting are states");
            assertTrue(readings.stream().allMatch(m -> m.quality().has(QualityFlag.DEVICE_WARNING)));
            assertEquals(2, driver.plan().requests());
            try (ModbusActuatorDriver speed = (ModbusActuatorDriver) factory.createActuator(
                    sim.device("pump-1", "modbus-device", 7, Map.of("map", "pump-7.yaml")))) {
                speed.apply(0.25);
                assertEquals(25, pump.registers().get(Table.HOLDING_REGISTERS, 0));
            }
        }
    }
}
