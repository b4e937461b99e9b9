package io.streetgate.sim.modbus;

import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DeviceConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The simulated street's Modbus TCP devices: for every {@code modbus-tcp} bus of the site file whose host is this
 * machine, a Modbus TCP server on loopback at the bus's port, with one simulated slave per device at its unit id,
 * modelled after the device's type. The gateway's Modbus drivers reach them as they would reach a real meter.
 * RTU lines are not simulated here: they need a serial line (the tests run them over a socat pty pair).
 */
public final class SimulatedModbusNetwork implements AutoCloseable {

    /** The device types with a model, by the shipped map they answer to. */
    private static final Map<String, Supplier<DeviceModel>> MODELS = Map.of(
            "eastron-sdm630", EnergyMeterModel::new,
            "tuf-2000m", WaterMeterModel::new,
            "sound-level-meter", SoundLevelMeterModel::new,
            "dali-lamp-gateway", LampGatewayModel::new,
            "hvac-controller", HvacControllerModel::new);

    private final List<ModbusTcpServer> servers = new ArrayList<>();
    private final List<String> notSimulated = new ArrayList<>();

    private SimulatedModbusNetwork() {
    }

    /** Whether a device sits on a Modbus bus (TCP or RTU). */
    public static boolean isModbus(DeviceConfig device) {
        return device.bus() != null && device.bus().kind().startsWith("modbus-");
    }

    /**
     * Starts a server for each loopback {@code modbus-tcp} bus among the devices; devices that cannot be
     * simulated are listed by {@link #notSimulated()}, the others still run.
     */
    public static SimulatedModbusNetwork start(List<DeviceConfig> devices, Clock clock) {
        SimulatedModbusNetwork network = new SimulatedModbusNetwork();
        Map<BusConfig, List<SimulatedSlave>> byBus = new LinkedHashMap<>();
        for (DeviceConfig device : devices) {
            if (!isModbus(device)) {
                continue;
            }
            String why = network.whyNotSimulated(device);
            if (why != null) {
                network.notSimulated.add(device.id() + ": " + why);
                continue;
            }
            byBus.computeIfAbsent(device.bus(), b -> new ArrayList<>())
                    .add(new SimulatedSlave(device.address(), MODELS.get(device.type()).get()));
        }
        byBus.forEach((bus, slaves) -> {
            int port = bus.intSetting("port", 502);
            try {
                network.servers.add(ModbusTcpServer.start(clock, port, slaves.toArray(SimulatedSlave[]::new)));
            } catch (IOException | IllegalArgumentException e) {
                network.notSimulated.add("bus " + bus.id() + ": no simulated Modbus TCP server on 127.0.0.1:" + port
                        + " (" + e.getMessage() + ")");
            }
        });
        return network;
    }

    private String whyNotSimulated(DeviceConfig device) {
        if (!device.bus().kind().equals("modbus-tcp")) {
            return "Modbus RTU lines are not simulated on the street (only Modbus TCP buses on this machine)";
        }
        if (!MODELS.containsKey(device.type())) {
            return "type '" + device.type() + "' has no simulated Modbus device (simulated: "
                    + new java.util.TreeSet<>(MODELS.keySet()) + ")";
        }
        String host = device.bus().setting("host", "");
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                return "bus " + device.bus().id() + " is on host '" + host + "'; simulated servers listen on 127.0.0.1";
            }
        } catch (UnknownHostException e) {
            return "bus " + device.bus().id() + ": unknown host '" + host + "'";
        }
        return null;
    }

    /** The devices that have no simulated counterpart, each with why. */
    public List<String> notSimulated() {
        return List.copyOf(notSimulated);
    }

    /** The running servers, one per simulated bus. */
    public List<ModbusTcpServer> servers() {
        return List.copyOf(servers);
    }

    @Override
    public void close() {
        servers.forEach(ModbusTcpServer::close);
        servers.clear();
    }
}
