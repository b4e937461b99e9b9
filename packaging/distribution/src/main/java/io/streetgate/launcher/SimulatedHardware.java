package io.streetgate.launcher;

import com.pi4j.context.Context;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.sim.SimulatedStreet;
import io.streetgate.sim.StreetScenario;
import io.streetgate.sim.modbus.SimulatedModbusNetwork;
import io.streetgate.site.SiteConfig;
import io.streetgate.time.TimeBase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The simulated street of a site file for the commands that use the buses without a gateway (offline self-test,
 * scan): its chips on simulated I2C and GPIO, its Modbus TCP devices on loopback, on the file's gateway time.
 */
final class SimulatedHardware implements AutoCloseable {

    final TimeBase time;
    final SimulatedStreet street;
    final SimulatedModbusNetwork modbus;
    final Context pi4j;

    private SimulatedHardware(TimeBase time, SimulatedStreet street, SimulatedModbusNetwork modbus) {
        this.time = time;
        this.street = street;
        this.modbus = modbus;
        this.pi4j = street.newPi4jContext();
    }

    static SimulatedHardware of(SiteConfig config) {
        TimeBase time = TimeBase.accelerated(Optional.ofNullable(config.simulation().start()).orElse(Instant.now()),
                config.simulation().speed());
        List<DeviceConfig> devices = new ArrayList<>(config.sensors());
        devices.addAll(config.actuators());
        SimulatedModbusNetwork modbus = SimulatedModbusNetwork.start(devices, time.clock());
        devices.removeIf(SimulatedModbusNetwork::isModbus);
        SimulatedStreet street = SimulatedStreet.create(devices, new StreetScenario(config.node().latitude(),
                config.node().longitude(), config.simulation().seed()), time.clock());
        try {
            return new SimulatedHardware(time, street, modbus);
        } catch (RuntimeException e) {
            street.close();
            modbus.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            pi4j.shutdown();
        } catch (RuntimeException e) {
            // closing anyway
        }
        street.close();
        modbus.close();
    }
}
