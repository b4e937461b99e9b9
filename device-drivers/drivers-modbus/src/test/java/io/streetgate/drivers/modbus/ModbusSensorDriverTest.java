package io.streetgate.drivers.modbus;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import io.streetgate.driver.QualityFlag;
import io.streetgate.driver.SelfTestResult;
import io.streetgate.driver.Unit;
import io.streetgate.sim.modbus.EnergyMeterModel;
import io.streetgate.sim.modbus.HvacControllerModel;
import io.streetgate.sim.modbus.LampGatewayModel;
import io.streetgate.sim.modbus.SimulatedSlave;
import io.streetgate.sim.modbus.SoundLevelMeterModel;
import io.streetgate.sim.modbus.Table;
import io.streetgate.sim.modbus.WaterMeterModel;
import io.streetgate.sim.modbus.WordOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each shipped map against its simulated device over Modbus TCP, through PLC4X. */
class ModbusSensorDriverTest {

    SimulatedBus sim;

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
        }
    }

    static Map<String, Measurement> byName(List<Measurement> readings) {
        return readings.stream().collect(Collectors.toMap(m -> m.quantity().name(), m -> m));
    }

    static double value(List<Measurement> readings, String quantity) {
        return byName(readings).get(quantity).value();
    }

    @Test
    void theEnergyMeterGivesThirtySixReadingsInFourRequests() throws DriverException {
        EnergyMeterModel model = new EnergyMeterModel(t -> 1800, 100.0);
        SimulatedSlave meter = new SimulatedSlave(1, model);
        sim = new SimulatedBus(meter);
        try (ModbusSensorDriver driver = (ModbusSensorDriver) sim.factory.create(sim.device("energy", "eastron-sdm630", 1))) {
            assertEquals("Eastron SDM630", driver.init().model());
            long before = meter.requests();
            List<Measurement> readings = driver.read();
            assertEquals(4, meter.requests() - before);
            assertEquals(4, driver.plan().requests());
            assertEquals(36, readings.size());
            assertTrue(readings.stream().allMatch(m -> m.sourceId().equals("energy") && m.quality().isGood()
                    && m.timestamp().equals(SimulatedBus.NOON)));
            assertEquals(1800, value(readings, "active_power"), 1e-3);
            assertEquals(Unit.WATT, byName(readings).get("active_power").unit());
            // the float the meter holds, read as its decimal (230.2122, not 230.2122039794922)
            float voltage = (float) meter.registers().float32(Table.INPUT_REGISTERS, EnergyMeterModel.VOLTAGE_L1,
                    WordOrder.ABCD);
            assertEquals(Double.parseDouble(Float.toString(voltage)), value(readings, "voltage_l1"));
            assertEquals(0.95, value(readings, "power_factor"), 1e-6);
            assertEquals(50.0, value(readings, "frequency"), 0.05);
            assertEquals(100.0, value(readings, "energy"), 1e-3);

            // an hour at 1.8 kW adds 1.8 kWh to the counters
            sim.clock.advance(Duration.ofHours(1));
            List<Measurement> later = driver.read();
            assertEquals(101.8, value(later, "energy_import"), 1e-3);
            assertEquals(101.8, value(later, "energy"), 1e-3);
            assertEquals(Quantity.ENERGY, byName(later).get("energy").quantity());
        }
    }

    @Test
    void theWaterMeterGivesFlowPerSecondAndTotalizers() throws DriverException {
        WaterMeterModel model = new WaterMeterModel(t -> 3.6, 4321.25);
        SimulatedSlave meter = new SimulatedSlave(1, model).supportOnly(0x03, 0x06);
        sim = new SimulatedBus(meter);
        try (ModbusSensorDriver driver = (ModbusSensorDriver) sim.factory.create(sim.device("water", "tuf-2000m", 1))) {
            List<Measurement> readings = driver.read();
            assertEquals(3, driver.plan().requests());
            assertEquals(0.001, value(readings, "flow"), 1e-9); // 3.6 m3/h
            assertEquals(Quantity.FLOW, byName(readings).get("flow").quantity());
            assertEquals(4321.25, value(readings, "volume_forward"), 1e-3);
            assertEquals(4321.25, value(readings, "volume"), 1e-3);
            assertEquals(0, value(readings, "volume_reverse"));
            assertEquals(86, value(readings, "signal_quality"));
            assertEquals(1482, value(readings, "sound_speed"), 1e-3);
            // a second meter error bit: every reading of that poll carries the device's warning
            model.errorBits(0b10);
            sim.clock.advance(Duration.ofMinutes(10));
            List<Measurement> warned = driver.read();
            assertTrue(warned.stream().allMatch(m -> m.quality().has(QualityFlag.DEVICE_WARNING)));
            assertEquals(2, value(warned, "error_bits"));
            assertEquals(4321.25 + 0.6, value(warned, "volume"), 1e-3);
        }
    }

    @Test
    void theSoundLevelMeterGivesTenthsOfADecibel() throws DriverException {
        SimulatedSlave meter = new SimulatedSlave(3, new SoundLevelMeterModel(t -> 57.3));
        sim = new SimulatedBus(meter);
        try (ModbusSensorDriver driver = (ModbusSensorDriver) sim.factory.create(sim.device("noise", "sound-level-meter", 3))) {
            List<Measurement> readings = driver.read();
            assertEquals(57.3, value(readings, "sound_level"), 1e-9);
            assertEquals(Quantity.SOUND_LEVEL, byName(readings).get("sound_level").quantity());
            assertEquals(85.3, value(readings, "sound_peak_c"), 1e-9);
            assertEquals(0, value(readings, "overload"));
            // input 0..3 and 8 in one request (a gap of 4 read through), the holding register in another
            assertEquals(2, driver.plan().requests());
        }
    }

    @Test
    void theLampGatewayReportsLevelFailureAndBurningTime() throws DriverException {
        LampGatewayModel lamp = new LampGatewayModel(60, 11_000);
        SimulatedSlave gateway = new SimulatedSlave(4, lamp);
        sim = new SimulatedBus(gateway);
        try (ModbusSensorDriver driver = (ModbusSensorDriver) sim.factory.create(sim.device("lamp", "dali-lamp-gateway", 4))) {
            List<Measurement> readings = driver.read();
            assertEquals(1.0, value(readings, "level"), 1e-9);
            assertEquals(1, value(readings, "lamp_on"));
            assertEquals(0, value(readings, "lamp_failure"));
            assertEquals(11_000 * 3600.0, value(readings, "burning_time"));
            assertEquals(60.0, value(readings, "lamp_power"), 1e-9);
            // four tables, four requests
            assertEquals(4, driver.plan().requests());
            lamp.lampFailed(true);
            sim.clock.advance(Duration.ofHours(2));
            List<Measurement> failed = driver.read();
            assertEquals(1, value(failed, "lamp_failure"));
            assertEquals(0, value(failed, "lamp_power"));
            assertTrue(failed.stream().allMatch(m -> m.quality().has(QualityFlag.DEVICE_WARNING)));
        }
    }

    @Test
    void theHvacControllerReportsMeasuredValuesAndSettings() throws DriverException {
        sim = new SimulatedBus(new SimulatedSlave(5, new HvacControllerModel()));
        try (ModbusSensorDriver driver = (ModbusSensorDriver) sim.factory.create(sim.device("hvac", "hvac-controller", 5))) {
            List<Measurement> readings = driver.read();
            assertEquals(21.0, value(readings, "heating_setpoint"), 1e-9);
            assertEquals(3, value(readings, "hvac_mode"));
            assertEquals(19.0, value(readings, "temperature"), 1e-9);
            assertEquals(Quantity.TEMPERATURE, byName(readings).get("temperature").quantity());
            assertEquals(2, driver.plan().requests()); // input 0..6 and holding 0..4
        }
    }

    @Test
    void aRefusedRegisterInsideAReadIsLearnedAndTheRestStillRead() throws DriverException {
        SimulatedSlave meter = new SimulatedSlave(1, new EnergyMeterModel(t -> 1000, 5));
        // a meter without the demand registers 0x54..0x57 that the map lists, and refusing a gap register
        meter.registers().refuse(Table.INPUT_REGISTERS, 0x0054, 0x0057);
        meter.registers().refuse(Table.INPUT_REGISTERS, 0x0040, 0x0040);
        sim = new SimulatedBus(meter);
        try (ModbusSensorDriver driver = (ModbusSensorDriver) sim.factory.create(sim.device("energy", "eastron-sdm630", 1))) {
            List<Measurement> readings = driver.read();
            assertEquals(34, readings.size());
            assertFalse(byName(readings).containsKey("power_demand"));
            assertEquals(List.of("power_demand", "power_demand_max"),
                    driver.refusedPoints().stream().map(p -> p.name()).toList());
            // from now on the refused entries are not asked for, and the others of that read without gaps:
            // 0x00-0x23, 0x2A, 0x2E-0x31, 0x34, 0x38, 0x3C-0x3F, 0x46-0x4B, and the three other reads
            assertEquals(10, driver.plan().requests());
            long before = meter.requests();
            assertEquals(34, driver.read().size());
            assertEquals(driver.plan().requests(), meter.requests() - before);
            // an hour later the map's own plan is tried again, and the device refuses the same once more
            sim.clock.advance(ModbusDevice.RELEARN_AFTER);
            assertEquals(34, driver.read().size());
            assertEquals(10, driver.plan().requests());
            SelfTestResult self = driver.selfTest();
            assertFalse(self.passed());
            assertTrue(self.checks().stream().anyMatch(c -> c.name().equals("refused entries")
                    && c.detail().contains("power_demand (input 84)")));
        }
    }

    @Test
    void aSelfTestNamesItsRequests() {
        sim = new SimulatedBus(new SimulatedSlave(1, new EnergyMeterModel()));
        try (ModbusSensorDriver driver = (ModbusSensorDriver) sim.factory.create(sim.device("energy", "eastron-sdm630", 1))) {
            SelfTestResult r = driver.selfTest();
            assertTrue(r.passed(), r.toString());
            assertEquals("4 for 36 entries (100 registers)", r.checks().stream()
                    .filter(c -> c.name().equals("requests per poll")).findFirst().orElseThrow().detail());
        } catch (DriverException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aDeviceThatAllowsFewerRegistersPerRequestIsAskedMoreOften() throws DriverException {
        sim = new SimulatedBus(new SimulatedSlave(1, new EnergyMeterModel()));
        try (ModbusSensorDriver driver = (ModbusSensorDriver) sim.factory.create(sim.device("energy", "eastron-sdm630", 1,
                Map.of("max-registers-per-request", "40", "max-gap", "0")))) {
            assertEquals(36, driver.read().size());
            assertTrue(driver.plan().requests() > 4, driver.plan().toString());
            assertTrue(driver.plan().blocks().stream().allMatch(b -> b.count() <= 40));
        }
    }

    @Test
    void readingsCarryTheGatewayClock() throws DriverException {
        sim = new SimulatedBus(new SimulatedSlave(3, new SoundLevelMeterModel()));
        sim.clock.advanceTo(Instant.parse("2026-01-16T03:00:00Z"));
        try (ModbusSensorDriver driver = (ModbusSensorDriver) sim.factory.create(sim.device("noise", "sound-level-meter", 3))) {
            List<Measurement> night = driver.read();
            assertEquals(Instant.parse("2026-01-16T03:00:00Z"), night.get(0).timestamp());
            assertTrue(value(night, "sound_level") < 50, "night is quiet");
        }
    }
}
