package io.streetgate.gateway.platform;

import com.pi4j.context.Context;
import io.streetgate.drivers.pi4j.Pi4jPlatforms;
import io.streetgate.gateway.api.SimulationControl;
import io.streetgate.gateway.time.GatewayTime;
import io.streetgate.gateway.secret.Secrets;
import io.streetgate.sim.SimFault;
import io.streetgate.sim.SimulatedStreet;
import io.streetgate.sim.StreetScenario;
import io.streetgate.sim.plant.PlantScenario;
import io.streetgate.site.ControlConfig;
import io.streetgate.driver.DeviceConfig;
import io.streetgate.sim.coap.SimulatedCoapStreet;
import io.streetgate.sim.modbus.SimulatedModbusNetwork;
import io.streetgate.site.CoapConfig;
import io.streetgate.site.SiteConfig;
import io.streetgate.site.osgi.CurrentSite;
import io.streetgate.time.TimeBase;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Registers the Pi4J {@link Context} the drivers run on: on a real gateway Pi4J's linuxfs and gpiod
 * providers; on a simulated street (framework property {@code streetgate.simulate=true}) the simulator's
 * bus-level chip models for every sensor in the site file, simulated Modbus TCP devices on loopback, plus a
 * {@link SimulationControl} to break the chips.
 */
@Component(immediate = true, service = {})
public class Pi4jPlatform {

    private static final Logger LOG = LoggerFactory.getLogger(Pi4jPlatform.class);

    private final Context context;
    private final SimulatedStreet street;
    private final ServiceRegistration<Context> contextRegistration;
    private final ServiceRegistration<SimulationControl> simulationRegistration;
    private final SimulatedCoapStreet coapNodes;
    private final SimulatedModbusNetwork modbusDevices;

    @Activate
    public Pi4jPlatform(BundleContext bundleContext, @Reference CurrentSite site, @Reference TimeBase time) {
        boolean simulate = Boolean.parseBoolean(bundleContext.getProperty(GatewayTime.SIMULATE_PROPERTY));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("simulated", simulate);
        if (simulate) {
            SiteConfig config = site.config().orElseThrow(() -> new IllegalStateException("no usable site file"));
            // the street with the gateway's lamps and cabinets in it: its outputs drive them (docs/control.md)
            PlantScenario plant = new PlantScenario(new StreetScenario(config.node().latitude(),
                    config.node().longitude(), config.simulation().seed()));
            List<DeviceConfig> devices = new ArrayList<>(config.sensors());
            devices.addAll(config.actuators());
            // Modbus devices are answered over TCP on loopback by simulated meters and controllers
            modbusDevices = SimulatedModbusNetwork.start(devices, time.clock());
            modbusDevices.notSimulated().forEach(d -> LOG.warn("Not simulated: {}", d));
            devices.removeIf(SimulatedModbusNetwork::isModbus);
            street = SimulatedStreet.create(devices, plant, time.clock());
            plant.connect(street.board(), config.actuators(), config.control().flatMap(ControlConfig::lighting),
                    config.control().map(ControlConfig::hvac).orElse(List.of()), zones(config.sensors()), time.now());
            street.notSimulated().forEach(d -> LOG.warn("Not simulated: {}", d));
            context = street.newPi4jContext();
            simulationRegistration = bundleContext.registerService(SimulationControl.class, new Control(street), props);
            LOG.info("Simulated street with {} device(s) on its buses and {} Modbus TCP server(s)",
                    street.simulatedDeviceIds().size(), modbusDevices.servers().size());
            coapNodes = config.coap().filter(CoapConfig::dtlsEnabled)
                    .map(coap -> startCoapNodes(coap, bundleContext, config, time)).orElse(null);
        } else {
            street = null;
            modbusDevices = null;
            coapNodes = null;
            context = Pi4jPlatforms.hardware();
            simulationRegistration = null;
        }
        contextRegistration = bundleContext.registerService(Context.class, context, props);
    }

    /**
     * The street's constrained nodes (soil, air and drain probes) posting SenML over DTLS to the gateway's own
     * CoAP ingest, with their keys written to its node key file (which the ingest reads again when it changes).
     */
    private SimulatedCoapStreet startCoapNodes(CoapConfig coap, BundleContext context, SiteConfig config,
                                               TimeBase time) {
        SimulatedCoapStreet nodes = new SimulatedCoapStreet(street.scenario(), 1, config.simulation().seed(),
                time.clock());
        try {
            String state = context.getProperty("streetgate.state.dir");
            Path keyFile = coap.keyFile().isBlank()
                    ? Path.of(state == null ? "." : state, "coap", "node-keys") : Path.of(coap.keyFile());
            Secrets.writeOwnerOnly(keyFile, nodes.keyFile());
            Duration period = Duration.ofNanos(time.realDelayNanos(Duration.ofMinutes(1)));
            nodes.start(URI.create("coaps://127.0.0.1:" + coap.dtlsPort()), period);
            LOG.info("Simulated street: {} CoAP node(s) posting to the DTLS port {}", nodes.nodes().size(),
                    coap.dtlsPort());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Simulated CoAP nodes did not start: {}", e.toString());
        }
        return nodes;
    }

    /** Each sensor's zone: its {@code zone} option, else its id. */
    private static Map<String, String> zones(List<DeviceConfig> sensors) {
        Map<String, String> zones = new HashMap<>();
        sensors.forEach(s -> zones.put(s.id(), s.option("zone", s.id())));
        return zones;
    }

    @Deactivate
    void deactivate() {
        if (coapNodes != null) {
            coapNodes.close();
        }
        contextRegistration.unregister();
        if (simulationRegistration != null) {
            simulationRegistration.unregister();
        }
        try {
            context.shutdown();
        } catch (RuntimeException e) {
            LOG.debug("Pi4J shutdown", e);
        }
        if (street != null) {
            street.close();
        }
        if (modbusDevices != null) {
            modbusDevices.close();
        }
    }

    private record Control(SimulatedStreet street) implements SimulationControl {

        @Override
        public Set<String> devices() {
            return street.simulatedDeviceIds();
        }

        @Override
        public void injectFault(String deviceId, String fault) {
            SimFault kind = Arrays.stream(SimFault.values())
                    .filter(f -> f.name().equalsIgnoreCase(fault) || f.name().replace("_ERROR", "").equalsIgnoreCase(fault))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + fault + "'; valid: "
                            + Arrays.stream(SimFault.values()).map(f -> f.name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", "))));
            requireDevice(deviceId);
            street.injectFault(deviceId, kind);
            LOG.warn("Simulation: fault {} injected into {}", kind, deviceId);
        }

        @Override
        public void clearFault(String deviceId) {
            requireDevice(deviceId);
            street.clearFault(deviceId);
            LOG.info("Simulation: {} works again", deviceId);
        }

        private void requireDevice(String deviceId) {
            if (!street.simulatedDeviceIds().contains(deviceId)) {
                throw new IllegalArgumentException("no simulated device '" + deviceId + "'; simulated: "
                        + String.join(", ", List.copyOf(street.simulatedDeviceIds())));
            }
        }
    }
}
