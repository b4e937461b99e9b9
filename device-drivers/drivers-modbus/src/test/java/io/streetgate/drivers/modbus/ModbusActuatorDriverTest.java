package io.streetgate.drivers.modbus;

import io.streetgate.driver.ActuatorDriver;
import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.sim.modbus.HvacControllerModel;
import io.streetgate.sim.modbus.LampGatewayModel;
import io.streetgate.sim.modbus.SimulatedSlave;
import io.streetgate.sim.modbus.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writable entries as actuators: levels 0..1 onto the entry's range, each write read back. */
class ModbusActuatorDriverTest {

    SimulatedBus sim;

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void dimsALampThroughTheDaliArcLevel() throws DriverException {
        LampGatewayModel model = new LampGatewayModel();
        SimulatedSlave gateway = new SimulatedSlave(4, model);
        sim = new SimulatedBus(gateway);
        try (ActuatorDriver lamp = sim.factory.createActuator(sim.device("lamp", "dali-lamp-gateway", 4))) {
            assertEquals("level", ((ModbusActuatorDriver) lamp).point().name());
            lamp.init();
            lamp.apply(0.1);
            // 10 % light is arc level 170 on the logarithmic curve (IEC 62386-102)
            assertEquals(170, gateway.registers().get(Table.HOLDING_REGISTERS, LampGatewayModel.LEVEL));
            assertEquals(0.1, lamp.readBack(), 0.003);
            assertEquals(0.1, model.lightOutput(gateway.registers()), 0.003);
            lamp.apply(0);
            assertEquals(0, gateway.registers().get(Table.HOLDING_REGISTERS, LampGatewayModel.LEVEL));
            assertEquals(0.0, lamp.readBack());
            assertEquals(2, gateway.requests(0x06), "one write per apply");
        }
    }

    @Test
    void switchesALampByItsCoil() throws DriverException {
        SimulatedSlave gateway = new SimulatedSlave(4, new LampGatewayModel());
        sim = new SimulatedBus(gateway);
        try (ActuatorDriver relay = sim.factory.createActuator(sim.device("lamp", "dali-lamp-gateway", 4,
                Map.of("point", "lamp_on")))) {
            relay.apply(0);
            assertEquals(0, gateway.registers().get(Table.COILS, LampGatewayModel.LAMP_ON));
            assertEquals(0.0, relay.readBack());
            relay.apply(1);
            assertEquals(1.0, relay.readBack());
        }
    }

    @Test
    void setsHvacSetpointsModesAndFanStages() throws DriverException {
        SimulatedSlave hvac = new SimulatedSlave(5, new HvacControllerModel());
        sim = new SimulatedBus(hvac);
        try (ModbusActuatorDriver heating = (ModbusActuatorDriver) sim.factory.createActuator(
                sim.device("hvac", "hvac-controller", 5, Map.of("point", "heating_setpoint")));
             ModbusActuatorDriver mode = (ModbusActuatorDriver) sim.factory.createActuator(
                     sim.device("hvac", "hvac-controller", 5, Map.of("point", "hvac_mode")));
             ModbusActuatorDriver fan = (ModbusActuatorDriver) sim.factory.createActuator(
                     sim.device("hvac", "hvac-controller", 5, Map.of("point", "fan_speed")))) {
            assertEquals(21.5, heating.applyValue(21.5), 1e-9);
            assertEquals(215, hvac.registers().get(Table.HOLDING_REGISTERS, HvacControllerModel.HEATING_SETPOINT));
            heating.apply(0.5); // halfway between 5 and 30 degC
            assertEquals(175, hvac.registers().get(Table.HOLDING_REGISTERS, HvacControllerModel.HEATING_SETPOINT));
            mode.applyValue(1);
            assertEquals(1, hvac.registers().get(Table.HOLDING_REGISTERS, HvacControllerModel.MODE));
            fan.apply(2.0 / 3);
            assertEquals(2, hvac.registers().get(Table.HOLDING_REGISTERS, HvacControllerModel.FAN_SPEED));
            assertEquals(2.0 / 3, fan.readBack(), 1e-9);

            // the room heats towards the setpoint while the mode is heat (time constant 30 min)
            heating.applyValue(24);
            sim.clock.advance(Duration.ofHours(3));
            try (io.streetgate.driver.SensorDriver room = sim.factory.create(sim.device("hvac", "hvac-controller", 5))) {
                double t = room.read().stream().filter(m -> m.quantity().name().equals("temperature")).findFirst()
                        .orElseThrow().value();
                assertEquals(24.0, t, 0.1);
            }

            IllegalArgumentException outside = assertThrows(IllegalArgumentException.class, () -> heating.applyValue(40));
            assertEquals("heating_setpoint value 40.0 is outside 5.0..30.0", outside.getMessage());
            assertThrows(IllegalArgumentException.class, () -> fan.apply(1.5));
        }
    }

    @Test
    void aValueTheDeviceRefusesIsAProtocolFault() throws DriverException {
        SimulatedSlave hvac = new SimulatedSlave(5, new HvacControllerModel());
        sim = new SimulatedBus(hvac);
        try (ModbusActuatorDriver co2 = (ModbusActuatorDriver) sim.factory.createActuator(
                sim.device("hvac", "hvac-controller", 5, Map.of("point", "co2_setpoint")))) {
            // the controller takes 400..2000 ppm; the map allows the same, so go round the range check
            hvac.registers().guardWrites((t, a, v) -> io.streetgate.sim.modbus.ExceptionCode.ILLEGAL_DATA_VALUE);
            ModbusDriverException e = assertThrows(ModbusDriverException.class, () -> co2.applyValue(800));
            assertEquals(DriverFault.PROTOCOL, e.fault());
            assertEquals(3, e.exceptionCode());
            assertEquals(1000, co2.readValue());
        }
    }

    @Test
    void aDeviceThatIgnoresAWriteIsCaughtByTheReadBack() throws DriverException {
        SimulatedSlave hvac = new SimulatedSlave(5, new HvacControllerModel());
        hvac.registers().onWrite((t, a, n) -> hvac.registers().set(Table.HOLDING_REGISTERS, HvacControllerModel.FAN_SPEED, 1));
        sim = new SimulatedBus(hvac);
        try (ModbusActuatorDriver fan = (ModbusActuatorDriver) sim.factory.createActuator(
                sim.device("hvac", "hvac-controller", 5, Map.of("point", "fan_speed")))) {
            DriverException e = assertThrows(DriverException.class, () -> fan.applyValue(3));
            assertEquals("device 'hvac' reads back 1.0 for fan_speed after 3.0 was written", e.getMessage());
        }
    }
}
