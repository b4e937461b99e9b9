package io.streetgate.drivers.modbus.map;

import io.streetgate.driver.Quantity;
import io.streetgate.driver.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegisterMapLoaderTest {

    static RegisterMap parse(String yaml) throws RegisterMapException {
        return RegisterMapLoader.parse(new StringReader(yaml), "test.yaml");
    }

    static List<String> problems(String yaml) {
        return assertThrows(RegisterMapException.class, () -> parse(yaml)).problems();
    }

    @Test
    void readsAnEntryWithItsDefaults() throws RegisterMapException {
        RegisterMap map = parse("""
                type: my-meter
                model: My Meter 1
                defaults: { table: input, data-type: FLOAT32, word-order: CDAB }
                polling: { max-registers-per-request: 60, max-gap: 2 }
                points:
                  - { name: voltage_l1, address: 0x0010, unit: V }
                  - { name: flow, address: 4, unit: m3/s, scale: 1/3600 }
                """);
        assertEquals("my-meter", map.type());
        assertEquals(new Polling(60, 2000, 2), map.polling());
        Point v = map.point("voltage_l1").orElseThrow();
        assertEquals(RegisterTable.INPUT_REGISTER, v.table());
        assertEquals(16, v.address());
        assertEquals(DataType.FLOAT32, v.type());
        assertEquals(WordOrder.CDAB, v.order());
        assertEquals(Unit.VOLT, v.quantity().unit());
        assertEquals(1.0 / 3600, map.point("flow").orElseThrow().scale());
        assertEquals(Quantity.FLOW, map.point("flow").orElseThrow().quantity());
    }

    @Test
    void oneBasedAddressingCountsAsAManualDoes() throws RegisterMapException {
        RegisterMap map = parse("""
                type: m
                addressing: one-based
                points: [ { name: flow, address: 1, data-type: FLOAT32, unit: m3/s } ]
                """);
        assertEquals(0, map.point("flow").orElseThrow().address());
    }

    @Test
    void jsonIsReadToo(@TempDir Path dir) throws IOException, RegisterMapException {
        Path file = dir.resolve("meter.json");
        Files.writeString(file, """
                {"type": "json-meter", "defaults": {"table": "holding"},
                 "points": [{"name": "power", "address": 3, "data-type": "INT32", "unit": "W"}]}
                """);
        RegisterMap map = RegisterMapLoader.load(file);
        assertEquals(DataType.INT32, map.point("power").orElseThrow().type());
        assertEquals(file.toString(), map.source());
    }

    @Test
    void reportsEveryMistakeWithKeyValueAndFix() {
        List<String> problems = problems("""
                type: Bad Type
                defaults: { table: inputs }
                points:
                  - { name: v, address: 70000, unit: V }
                  - { name: w, address: 2, unit: Watt }
                  - { name: x, address: 3, data-type: FLOAT16 }
                  - { name: y, address: 4, colour: red }
                """);
        assertEquals(6, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("type='Bad Type' must be a lower-case name"), problems.get(0));
        assertTrue(problems.get(1).startsWith("defaults.table='inputs' is not coil, discrete, input or holding"));
        assertTrue(problems.get(2).startsWith("points[0] (v).address='70000' is outside 0..65535"));
        assertTrue(problems.get(3).startsWith("points[1] (w).unit='Watt' is not a SenML unit"));
        assertTrue(problems.get(4).startsWith("points[2] (x).data-type='FLOAT16' is not one of"));
        assertTrue(problems.get(5).startsWith("points[3] (y).colour: is not a known key; valid here:"));
    }

    @Test
    void refusesWritingReadOnlyTablesAndEntriesOnRefusedAddresses() {
        List<String> problems = problems("""
                type: m
                refused: [ { table: input, from: 10, to: 19 } ]
                points:
                  - { name: a, table: input, address: 0, write: { range: [0, 1] } }
                  - { name: b, table: input, address: 12, unit: V }
                  - { name: c, table: holding, address: 0, write: { range: [5, 5] } }
                """);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("a).write") && problems.get(0).contains("read-only"));
        assertTrue(problems.get(1).contains("lies in the refused range input 10..19"));
        assertTrue(problems.get(2).contains("range [5.0, 5.0] is empty"));
    }

    @Test
    void aQuantityKeepsItsUnit() {
        List<String> problems = problems("""
                type: m
                points: [ { name: temperature, address: 0, unit: V } ]
                """);
        assertTrue(problems.get(0).contains("quantity 'temperature' is measured in Cel, not V"), problems.get(0));
    }

    @Test
    void anEntryMarkedAsAStateGivesAStateQuantity() throws RegisterMapException {
        RegisterMap map = parse("""
                type: m
                defaults: { data-type: UINT16 }
                points:
                  - { name: test_speed_setpoint, address: 0, unit: "%", kind: state }
                  - { name: test_pump_alarm, address: 1, unit: "", kind: state }
                  - { name: test_pressure, address: 2, unit: Pa, kind: measurement }
                  - { name: test_flow, address: 3, unit: l/s }
                """);
        assertEquals(Quantity.Kind.STATE, map.point("test_speed_setpoint").orElseThrow().quantity().kind());
        assertEquals(Quantity.Kind.STATE, map.point("test_pump_alarm").orElseThrow().quantity().kind());
        assertEquals(Quantity.Kind.MEASUREMENT, map.point("test_pressure").orElseThrow().quantity().kind());
        assertEquals(Quantity.Kind.MEASUREMENT, map.point("test_flow").orElseThrow().quantity().kind());
    }

    @Test
    void aKindIsMeasurementOrStateOnAnEntryWithAUnitAndAQuantityKeepsIt() {
        List<String> problems = problems("""
                type: m
                points:
                  - { name: test_dwell, address: 0, unit: s, kind: setting }
                  - { name: test_alarm_word, address: 1, kind: state }
                  - { name: temperature, address: 2, unit: Cel, kind: state }
                """);
        assertEquals(List.of("points[0] (test_dwell).kind='setting' is not measurement (a value that varies: min, mean and "
                        + "max per window) or state (a setting or flag the device reports: its last value per window)",
                "points[1] (test_alarm_word).kind='state' is only for a measured entry; give the entry its unit (e.g. s, or \"\" for "
                        + "a flag) or remove kind",
                "points[2] (temperature).quantity='temperature' quantity 'temperature' is already defined as a "
                        + "measurement, not a state; give it kind measurement or use another quantity name"),
                problems);
    }

    @Test
    void theShippedMapsMarkTheirSettingsAndFlagsAsStates() {
        assertEquals(List.of("overload", "integration_period"), states("sound-level-meter"));
        assertEquals(List.of("fan_speed_actual", "heating_setpoint", "cooling_setpoint", "hvac_mode", "fan_speed",
                "co2_setpoint"), states("hvac-controller"));
        assertEquals(List.of("lamp_on", "lamp_failure"), states("dali-lamp-gateway"));
        assertEquals(List.of("error_bits"), states("tuf-2000m"));
        assertEquals(List.of(), states("eastron-sdm630"));
    }

    private static List<String> states(String type) {
        return BuiltInMaps.forType(type).orElseThrow().measured().stream().filter(p -> p.quantity().isState())
                .map(Point::name).toList();
    }

    @Test
    void anOffsetMustBeAFiniteNumber() {
        // found while writing RegisterMapLoaderFuzzTest's rules: an offset of .inf made every reading infinite
        List<String> problems = problems("""
                type: m
                points:
                  - { name: a, address: 0, unit: V, offset: .inf }
                  - { name: b, address: 1, unit: V, offset: .nan }
                  - { name: c, address: 2, unit: V, offset: 1/0 }
                """);
        assertEquals(List.of("points[0] (a).offset='Infinity' must be a finite number (e.g. -40 or 0.5)",
                "points[1] (b).offset='NaN' must be a finite number (e.g. -40 or 0.5)",
                "points[2] (c).offset='1/0' must be a finite number (e.g. -40 or 0.5)"), problems);
    }

    @Test
    void aFileLargerThanAnyMapIsRefusedUnread(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("huge.yaml");
        Files.writeString(file, "type: m\npoints: []\n" + "# padding\n".repeat(120_000));
        RegisterMapException e = assertThrows(RegisterMapException.class, () -> RegisterMapLoader.load(file));
        assertEquals(List.of("has 1200019 bytes, more than 1 MiB; a register map is a few kilobytes: is it the right "
                + "file?"), e.problems());
    }

    @Test
    void notYamlAtAll() {
        List<String> problems = problems("type: [unclosed");
        assertTrue(problems.get(0).startsWith("is not valid YAML or JSON"), problems.get(0));
        // found by RegisterMapLoaderFuzzTest: SnakeYAML threw IllegalArgumentException for this tag
        assertEquals(List.of("is not valid YAML or JSON: Tag must not contain leading or trailing spaces."),
                problems("!?%d"));
    }

    @Test
    void aMissingFileSaysSo(@TempDir Path dir) {
        RegisterMapException e = assertThrows(RegisterMapException.class,
                () -> RegisterMapLoader.load(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().contains("cannot be read"));
    }

    @Test
    void everyShippedMapLoads() {
        assertEquals(List.of("eastron-sdm630", "tuf-2000m", "sound-level-meter", "dali-lamp-gateway",
                "hvac-controller"), List.copyOf(BuiltInMaps.all().keySet()));
        for (RegisterMap map : BuiltInMaps.all().values()) {
            assertFalse(map.measured().isEmpty(), map.type());
        }
    }

    @Test
    void theEnergyMeterMapHasAboutSixtyRegistersOfFloats() {
        RegisterMap sdm = BuiltInMaps.forType("eastron-sdm630").orElseThrow();
        int registers = sdm.measured().stream().mapToInt(Point::span).sum();
        assertEquals(36, sdm.measured().size());
        assertEquals(72, registers);
        assertTrue(sdm.measured().stream().allMatch(p -> p.type() == DataType.FLOAT32 && p.order() == WordOrder.ABCD));
        assertEquals(0x0156, sdm.point("energy").orElseThrow().address());
    }

    @Test
    void theWaterMeterMapUsesTheManualsNumbersAndWordSwappedFloats() {
        RegisterMap tuf = BuiltInMaps.forType("tuf-2000m").orElseThrow();
        assertEquals(0, tuf.point("flow").orElseThrow().address());
        assertEquals(8, tuf.point("volume_forward").orElseThrow().address());
        assertEquals(DataType.LONG_REAL, tuf.point("volume").orElseThrow().type());
        assertEquals(WordOrder.CDAB, tuf.point("flow").orElseThrow().order());
        assertTrue(tuf.point("error_bits").orElseThrow().status());
        assertEquals(91, tuf.point("signal_quality").orElseThrow().address());
    }

    @Test
    void actuatorEntriesOfTheHvacAndLampMaps() {
        RegisterMap hvac = BuiltInMaps.forType("hvac-controller").orElseThrow();
        assertEquals(List.of("heating_setpoint", "cooling_setpoint", "hvac_mode", "fan_speed", "co2_setpoint"),
                hvac.writable().stream().map(Point::name).toList());
        RegisterMap lamp = BuiltInMaps.forType("dali-lamp-gateway").orElseThrow();
        assertEquals(List.of("level", "lamp_on"), lamp.writable().stream().map(Point::name).toList());
    }
}
