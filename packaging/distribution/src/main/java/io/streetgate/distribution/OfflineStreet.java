package io.streetgate.distribution;

import io.streetgate.gateway.api.Platform;
import io.streetgate.gateway.api.SimulationControl;
import io.streetgate.sim.platform.SimulatedSite;
import io.streetgate.site.SiteConfig;
import io.streetgate.driver.time.TimeBase;

import java.time.Instant;
import java.util.Optional;

/**
 * The simulated street of a site file for the commands that use the buses without a gateway (offline self-test,
 * scan): the simulator's own setup, the one a simulated gateway runs on, on the file's gateway time. Its
 * classes come from the distribution's {@code simulator} folder, which the .deb and the node image leave out.
 */
final class OfflineStreet implements AutoCloseable {

    final TimeBase time;
    final Platform platform;
    final SimulationControl faults;
    private final AutoCloseable site;

    private OfflineStreet(TimeBase time, Platform platform, SimulationControl faults, AutoCloseable site) {
        this.time = time;
        this.platform = platform;
        this.faults = faults;
        this.site = site;
    }

    /** @throws IllegalArgumentException when this installation has no simulator */
    static OfflineStreet of(SiteConfig config) {
        TimeBase time = TimeBase.accelerated(Optional.ofNullable(config.simulation().start()).orElse(Instant.now()),
                config.simulation().speed());
        SimulatedSite site;
        try {
            site = SimulatedSite.start(config, time);
        } catch (NoClassDefFoundError e) {
            throw new IllegalArgumentException("--simulate: " + Streetgate.NO_SIMULATOR, e);
        }
        return new OfflineStreet(time, site, site, site);
    }

    @Override
    public void close() {
        try {
            site.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
