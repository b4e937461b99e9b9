package io.streetgate.drivers.modbus;

import io.streetgate.driver.DriverException;
import io.streetgate.driver.DriverFault;
import io.streetgate.driver.SensorDriver;
import io.streetgate.sim.modbus.ExceptionCode;
import io.streetgate.sim.modbus.SimulatedSlave;
import io.streetgate.sim.modbus.SlaveFaults;
import io.streetgate.sim.modbus.SoundLevelMeterModel;
import io.streetgate.sim.modbus.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every fault a simulated TCP device produces on demand reaches the sampler as a typed DriverException, the
 * reading is dropped, and the device is read again once it answers.
 */
class ModbusFaultsTest {

    final SimulatedSlave noisy = new SimulatedSlave(1, new SoundLevelMeterModel(t -> 60));
    final SimulatedSlave quiet = new SimulatedSlave(2, new SoundLevelMeterModel(t -> 40));
    SimulatedBus sim;

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
        }
    }

    DriverException failure(SensorDriver driver) {
        return assertThrows(DriverException.class, driver::read);
    }

    @Test
    void everyExceptionCodeIsNamedAndTheDeviceRecovers() throws DriverException {
        sim = new SimulatedBus(noisy);
        try (SensorDriver driver = sim.factory.create(sim.device("noise", "sound-level-meter", 1))) {
            for (ExceptionCode code : ExceptionCode.values()) {
                noisy.faults().exception(code);
                DriverException e = failure(driver);
                DriverFault expected = code == ExceptionCode.GATEWAY_PATH_UNAVAILABLE
                        || code == ExceptionCode.GATEWAY_TARGET_FAILED_TO_RESPOND ? DriverFault.NO_DEVICE : DriverFault.PROTOCOL;
                assertEquals(expected, e.fault(), code.name());
                assertTrue(e.getMessage().contains(String.format("exception 0x%02X", code.code())), e.getMessage());
            }
            noisy.faults().clear();
            assertEquals(60.0, driver.read().get(0).value(), 1e-9);
        }
    }

    @Test
    void damagedRepliesAreProtocolFaults() throws DriverException {
        sim = new SimulatedBus(noisy);
        try (SensorDriver driver = sim.factory.create(sim.device("noise", "sound-level-meter", 1))) {
            noisy.faults().reply(SlaveFaults.Reply.SHORT);
            DriverException shortReply = failure(driver);
            assertEquals(DriverFault.PROTOCOL, shortReply.fault());
            assertTrue(shortReply.getMessage().startsWith("short reply from unit 1"), shortReply.getMessage());
            noisy.faults().reply(SlaveFaults.Reply.MALFORMED);
            assertTrue(failure(driver).getMessage().startsWith("malformed reply from unit 1"));
            noisy.faults().clear();
            assertEquals(60.0, driver.read().get(0).value(), 1e-9);
        }
    }

    @Test
    void anOfflineDeviceTimesOutIsBackedOffAndNeverHoldsUpItsNeighbour() throws DriverException {
        sim = new SimulatedBus(Duration.ofMillis(500), noisy, quiet);
        try (SensorDriver gone = sim.factory.create(sim.device("a", "sound-level-meter", 1));
             SensorDriver there = sim.factory.create(sim.device("b", "sound-level-meter", 2))) {
            noisy.faults().gone(true);
            int timeouts = 0;
            for (int round = 0; round < 10; round++) {
                DriverException e = failure(gone);
                assertEquals(DriverFault.TIMEOUT, e.fault());
                timeouts += e.getMessage().contains("did not answer") ? 1 : 0;
                assertEquals(40.0, there.read().get(0).value(), 1e-9);
            }
            // two requests went unanswered; the rest were refused at once during the back-off
            assertEquals(2, timeouts);
            assertEquals(2, noisy.requests());
            assertEquals(10 * ((ModbusSensorDriver) there).plan().requests(), quiet.requests());

            noisy.faults().clear();
            sim.clock.advance(Duration.ofSeconds(1));
            assertEquals(60.0, gone.read().get(0).value(), 1e-9);
        }
    }

    @Test
    void aStuckDeviceKeepsAnsweringWithTheSameValues() throws DriverException {
        SimulatedSlave meter = new SimulatedSlave(3, new io.streetgate.sim.modbus.EnergyMeterModel(t -> 2000, 10));
        sim = new SimulatedBus(meter);
        try (SensorDriver driver = sim.factory.create(sim.device("e", "eastron-sdm630", 3))) {
            double first = energy(driver.read());
            meter.faults().stuck(true);
            sim.clock.advance(Duration.ofHours(1));
            assertEquals(first, energy(driver.read()));
            meter.faults().clear();
            assertEquals(first + 2.0, energy(driver.read()), 1e-3);
        }
    }

    static double energy(List<io.streetgate.driver.Measurement> readings) {
        return readings.stream().filter(m -> m.quantity().name().equals("energy")).findFirst().orElseThrow().value();
    }

    @Test
    void aGatewayThatLosesTheWholeServerIsABusFaultUntilItComesBack() throws DriverException, IOException {
        sim = new SimulatedBus(noisy);
        try (SensorDriver driver = sim.factory.create(sim.device("noise", "sound-level-meter", 1))) {
            driver.read();
            sim.server.stopListening();
            DriverException first = failure(driver);
            assertTrue(first.fault() == DriverFault.BUS || first.fault() == DriverFault.TIMEOUT, first.toString());
            assertEquals(DriverFault.BUS, failure(driver).fault());
            sim.server.resumeListening();
            sim.clock.advance(Duration.ofMinutes(2));
            assertEquals(60.0, driver.read().get(0).value(), 1e-9);
        }
    }

    @Test
    void writesToARefusedAddressAreProtocolFaults() throws DriverException {
        noisy.registers().readOnly(Table.HOLDING_REGISTERS, 0, 0);
        sim = new SimulatedBus(noisy);
        try (ModbusActuatorDriver period = (ModbusActuatorDriver) sim.factory.createActuator(
                sim.device("noise", "sound-level-meter", 1))) {
            ModbusDriverException e = assertThrows(ModbusDriverException.class, () -> period.applyValue(120));
            assertEquals(2, e.exceptionCode());
        }
    }
}
