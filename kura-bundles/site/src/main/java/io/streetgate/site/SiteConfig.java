package io.streetgate.site;

import io.streetgate.analytics.pipeline.AnalyticsConfig;
import io.streetgate.driver.BusConfig;
import io.streetgate.driver.DeviceConfig;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The valid part of a site file: entries with problems are left out (and reported), the rest is here.
 *
 * @param node        the gateway
 * @param buses       buses by id
 * @param sensors     sensors in file order
 * @param analytics   quality filters, windows, city indices and privacy allow-lists
 * @param localBroker the on-box MQTT broker
 * @param status      the local status endpoint
 * @param simulation  how the simulated street runs
 * @param ota         signed updates; empty when the node does not look for them
 * @param actuators   actuators in file order (lamps' dimming outputs, relays, Modbus setpoints)
 * @param control     the control loops (streetlights, HVAC); empty when the node controls nothing
 * @param coap        CoAP ingest from constrained nodes; empty when the gateway takes none
 * @param uplink      the MQTT uplink and its store; empty when the gateway works offline
 * @param console     the technician's web console
 */
public record SiteConfig(NodeConfig node, Map<String, BusConfig> buses, List<DeviceConfig> sensors,
                         AnalyticsConfig analytics, LocalBrokerConfig localBroker, StatusConfig status,
                         SimulationConfig simulation, Optional<OtaConfig> ota, List<DeviceConfig> actuators,
                         Optional<ControlConfig> control, Optional<CoapConfig> coap,
                         Optional<UplinkConfig> uplink, ConsoleConfig console) {

    public SiteConfig {
        Objects.requireNonNull(node, "node");
        buses = Map.copyOf(buses);
        sensors = List.copyOf(sensors);
        Objects.requireNonNull(analytics, "analytics");
        Objects.requireNonNull(localBroker, "localBroker");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(simulation, "simulation");
        Objects.requireNonNull(ota, "ota");
        Objects.requireNonNull(coap, "coap");
        Objects.requireNonNull(uplink, "uplink");
        actuators = List.copyOf(actuators);
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(console, "console");
    }
}
