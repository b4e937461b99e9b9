package io.streetgate.sim.platform;

import com.pi4j.context.Context;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.gateway.api.Platform;
import io.streetgate.gateway.api.SimulationControl;
import io.streetgate.sim.SimFault;
import io.streetgate.sim.SimulatedStreet;
import io.streetgate.sim.StreetScenario;
import io.streetgate.sim.modbus.SimulatedModbusNetwork;
import io.streetgate.sim.plant.PlantScenario;
import io.streetgate.site.ControlConfig;
import io.streetgate.site.SiteConfig;
import io.streetgate.driver.time.TimeBase;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The simulated street of a site file on a gateway clock: its chips on simulated I2C buses, GPIO lines and PWM
 * channels behind a Pi4J context, its lamps and cabinets answering the outputs (docs/control.md), its Modbus
 * TCP devices on loopback. Devices it cannot simulate are listed in {@link #notSimulated()} and left alone.
 */
public final class SimulatedSite implements Platform, SimulationControl, AutoCloseable {

    private final SimulatedStreet street;
    private final SimulatedModbusNetwork modbus;
    private final Context pi4j;

    private SimulatedSite(SimulatedStreet street, SimulatedModbusNetwork modbus) {
        this.street = street;
        this.modbus = modbus;
        this.pi4j = street.newPi4jContext();
    }

    /** Builds the street of the site file and starts its Modbus servers; close it to stop them. */
    public static SimulatedSite start(SiteConfig config, TimeBase time) {
        PlantScenario plant = new PlantScenario(new StreetScenario(config.node().latitude(),
                config.node().longitude(), config.simulation().seed()));
        List<DeviceConfig> devices = new ArrayList<>(config.sensors());
        devices.addAll(config.actuators());
        SimulatedModbusNetwork modbus = SimulatedModbusNetwork.start(devices, time.clock());
        devices.removeIf(SimulatedModbusNetwork::isModbus);
        SimulatedStreet street = null;
        try {
            street = SimulatedStreet.create(devices, plant, time.clock());
            plant.connect(street.board(), config.actuators(), lamps(config), cabinets(config), zones(config.sensors()),
                    time.now());
            return new SimulatedSite(street, modbus);
        } catch (RuntimeException e) {
            if (street != null) {
                street.close();
            }
            modbus.close();
            throw e;
        }
    }

    /** Each sensor's zone: its {@code zone} option, else its id. */
    /** The control's lamps, each drawing power by its luminaire's curve, so the plant's energy is the control's. */
    private static List<PlantScenario.Lamp> lamps(SiteConfig config) {
        return config.control().flatMap(ControlConfig::lighting).map(l -> l.lamps().stream()
                .map(lamp -> new PlantScenario.Lamp(lamp.id(), lamp.power()::watts)).toList()).orElse(List.of());
    }

    /** The control's HVAC zones as the street cabinets they heat, cool and ventilate. */
    private static List<PlantScenario.Cabinet> cabinets(SiteConfig config) {
        return config.control().map(ControlConfig::hvac).orElse(List.of()).stream()
                .map(z -> new PlantScenario.Cabinet(z.temperatureSensor(), z.heater(), z.cooler(), z.fan())).toList();
    }

    private static Map<String, String> zones(List<DeviceConfig> sensors) {
        Map<String, String> zones = new HashMap<>();
        sensors.forEach(s -> zones.put(s.id(), s.option("zone", s.id())));
        return zones;
    }

    @Override
    public Context pi4j() {
        return pi4j;
    }

    /** The street its chips read their values from (the CoAP nodes read the same one). */
    public SimulatedStreet street() {
        return street;
    }

    /** How many Modbus TCP servers answer on loopback, one per simulated bus. */
    public int modbusServers() {
        return modbus.servers().size();
    }

    /** The site file's devices that have no simulated counterpart, each with why. */
    public List<String> notSimulated() {
        List<String> all = new ArrayList<>(modbus.notSimulated());
        all.addAll(street.notSimulated());
        return all;
    }

    @Override
    public Set<String> devices() {
        return street.simulatedDeviceIds();
    }

    /** Also takes a fault by its short name: {@code crc} for {@code crc_error}. */
    @Override
    public void injectFault(String deviceId, String fault) {
        SimFault kind = Arrays.stream(SimFault.values())
                .filter(f -> f.name().equalsIgnoreCase(fault) || shortName(f).equalsIgnoreCase(fault))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + fault + "'; valid: "
                        + Arrays.stream(SimFault.values()).map(SimulatedSite::shortName)
                        .collect(Collectors.joining(", "))));
        requireDevice(deviceId);
        street.injectFault(deviceId, kind);
    }

    private static String shortName(SimFault fault) {
        return fault.name().replace("_ERROR", "").toLowerCase(Locale.ROOT);
    }

    @Override
    public void clearFault(String deviceId) {
        requireDevice(deviceId);
        street.clearFault(deviceId);
    }

    @Override
    public void passerBy(String deviceId) {
        street.passerBy(deviceId);
    }

    private void requireDevice(String deviceId) {
        if (!street.simulatedDeviceIds().contains(deviceId)) {
            throw new IllegalArgumentException("no simulated device '" + deviceId + "'; simulated: "
                    + String.join(", ", List.copyOf(street.simulatedDeviceIds())));
        }
    }

    @Override
    public void close() {
        try {
            pi4j.shutdown();
        } catch (RuntimeException e) {
            // closing the street anyway
        }
        street.close();
        modbus.close();
    }
}
