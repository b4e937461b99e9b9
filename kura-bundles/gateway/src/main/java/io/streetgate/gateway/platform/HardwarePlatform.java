package io.streetgate.gateway.platform;

import com.pi4j.context.Context;
import io.streetgate.drivers.pi4j.Pi4jPlatforms;
import io.streetgate.gateway.api.Platform;
import io.streetgate.gateway.time.GatewayTime;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the Raspberry Pi's {@link Platform}: Pi4J's linuxfs and gpiod providers. On a simulated run
 * (framework property {@code streetgate.simulate=true}) it registers nothing: the simulator bundle, which the
 * launcher adds to that run only, registers the simulated street's platform, and the Pi's buses stay closed.
 */
@Component(immediate = true, service = {})
public class HardwarePlatform {

    private static final Logger LOG = LoggerFactory.getLogger(HardwarePlatform.class);

    private final Pi4jContext platform;
    private final ServiceRegistration<Platform> registration;

    private record Pi4jContext(Context pi4j) implements Platform {
    }

    @Activate
    public HardwarePlatform(BundleContext bundleContext) {
        if (Boolean.parseBoolean(bundleContext.getProperty(GatewayTime.SIMULATE_PROPERTY))) {
            platform = null;
            registration = null;
            return;
        }
        platform = new Pi4jContext(Pi4jPlatforms.hardware());
        registration = bundleContext.registerService(Platform.class, platform, null);
    }

    @Deactivate
    void deactivate() {
        if (registration == null) {
            return;
        }
        registration.unregister();
        try {
            platform.pi4j().shutdown();
        } catch (RuntimeException e) {
            LOG.debug("Pi4J shutdown", e);
        }
    }
}
