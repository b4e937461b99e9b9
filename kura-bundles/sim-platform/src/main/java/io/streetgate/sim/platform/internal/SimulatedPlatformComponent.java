package io.streetgate.sim.platform.internal;

import com.pi4j.context.Context;
import io.streetgate.gateway.api.Platform;
import io.streetgate.gateway.api.SimulationControl;
import io.streetgate.gateway.api.secret.Secrets;
import io.streetgate.sim.coap.SimulatedCoapStreet;
import io.streetgate.sim.platform.SimulatedSite;
import io.streetgate.site.CoapConfig;
import io.streetgate.site.SiteConfig;
import io.streetgate.site.osgi.CurrentSite;
import io.streetgate.driver.time.TimeBase;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The gateway's {@link Platform} on a simulated run: the simulated street of the site file, on gateway time,
 * with a {@link SimulationControl} to break its chips, and its constrained nodes posting to the gateway's CoAP
 * ingest. The launcher installs this bundle for {@code streetgate run --simulate} only.
 */
@Component(immediate = true, service = {Platform.class, SimulationControl.class})
public class SimulatedPlatformComponent implements Platform, SimulationControl {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedPlatformComponent.class);

    private final SimulatedSite site;
    private final SimulatedCoapStreet coapNodes;

    @Activate
    public SimulatedPlatformComponent(BundleContext context, @Reference CurrentSite current,
                                      @Reference TimeBase time) {
        SiteConfig config = current.config().orElseThrow(() -> new IllegalStateException("no usable site file"));
        site = SimulatedSite.start(config, time);
        site.notSimulated().forEach(d -> LOG.warn("Not simulated: {}", d));
        LOG.info("Simulated street with {} device(s) on its buses and {} Modbus TCP server(s)",
                site.devices().size(), site.modbusServers());
        coapNodes = config.coap().filter(CoapConfig::dtlsEnabled)
                .map(coap -> startCoapNodes(coap, context, config, time)).orElse(null);
    }

    /**
     * The street's constrained nodes (soil, air and drain probes) posting SenML over DTLS to the gateway's own
     * CoAP ingest, with their keys added to its node key file (which the ingest reads again when it changes);
     * a line already in that file is never changed.
     */
    private SimulatedCoapStreet startCoapNodes(CoapConfig coap, BundleContext context, SiteConfig config,
                                               TimeBase time) {
        SimulatedCoapStreet nodes = new SimulatedCoapStreet(site.street().scenario(), 1, config.simulation().seed(),
                time.clock());
        try {
            String state = context.getProperty("streetgate.state.dir");
            Path keyFile = coap.keyFile().isBlank()
                    ? Path.of(state == null ? "." : state, "coap", "node-keys") : Path.of(coap.keyFile());
            // the file may hold a technician's own nodes: their lines are kept as they are
            String existing = Files.exists(keyFile) ? Files.readString(keyFile, StandardCharsets.UTF_8) : null;
            NodeKeyLines merged = NodeKeyLines.merge(existing, nodes.keyFile());
            if (!merged.text().equals(existing)) {
                Secrets.writeOwnerOnly(keyFile, merged.text());
            }
            merged.keptOut().forEach(id -> LOG.warn("Simulated CoAP node {} left out: the node key file {} already "
                    + "has a key of its own for that id, which is kept", id, keyFile));
            Duration period = Duration.ofNanos(time.realDelayNanos(Duration.ofMinutes(1)));
            nodes.start(URI.create("coaps://127.0.0.1:" + coap.dtlsPort()), period);
            LOG.info("Simulated street: {} CoAP node(s) posting to the DTLS port {}", nodes.nodes().size(),
                    coap.dtlsPort());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Simulated CoAP nodes did not start: {}", e.toString());
        }
        return nodes;
    }

    @Deactivate
    void deactivate() {
        if (coapNodes != null) {
            coapNodes.close();
        }
        site.close();
    }

    @Override
    public Context pi4j() {
        return site.pi4j();
    }

    @Override
    public Set<String> devices() {
        return site.devices();
    }

    @Override
    public void injectFault(String deviceId, String fault) {
        site.injectFault(deviceId, fault);
        LOG.warn("Simulation: fault {} injected into {}", fault, deviceId);
    }

    @Override
    public void clearFault(String deviceId) {
        site.clearFault(deviceId);
        LOG.info("Simulation: {} works again", deviceId);
    }

    @Override
    public void passerBy(String deviceId) {
        site.passerBy(deviceId);
        LOG.info("Simulation: someone passes {}", deviceId);
    }
}
