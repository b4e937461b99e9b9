package io.streetgate.drivers.modbus;

import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.sim.ManualClock;
import io.streetgate.sim.modbus.ModbusTcpServer;
import io.streetgate.sim.modbus.SimulatedSlave;
import io.streetgate.driver.time.TimeBase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A simulated Modbus TCP gateway with devices behind it, and a driver factory on the same manual clock. */
final class SimulatedBus implements AutoCloseable {

    static final Instant NOON = Instant.parse("2026-01-15T12:00:00Z");

    final ManualClock clock = new ManualClock(NOON);
    final ModbusTcpServer server;
    final BusConfig bus;
    final ModbusDriverFactory factory = new ModbusDriverFactory(TimeBase.of(clock));

    /**
     * A bus whose devices answer: a generous reply timeout, since a reply that is merely late on a loaded machine
     * must not fail a test that is not about timeouts (those give their own).
     */
    SimulatedBus(SimulatedSlave... slaves) {
        this(Duration.ofSeconds(5), slaves);
    }

    SimulatedBus(Duration timeout, SimulatedSlave... slaves) {
        try {
            server = ModbusTcpServer.start(clock, slaves);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bus = new BusConfig("gw", "modbus-tcp", Map.of("host", "127.0.0.1", "port", Integer.toString(server.port()),
                "timeout", timeout.toMillis() + "ms"));
    }

    DeviceConfig device(String id, String type, int unit) {
        return device(id, type, unit, Map.of());
    }

    DeviceConfig device(String id, String type, int unit, Map<String, String> options) {
        return new DeviceConfig(id, type, bus, unit, Duration.ofSeconds(10), options);
    }

    @Override
    public void close() {
        factory.close();
        server.close();
    }
}
