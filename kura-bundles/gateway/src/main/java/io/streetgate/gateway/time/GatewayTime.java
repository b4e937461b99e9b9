package io.streetgate.gateway.time;

import io.streetgate.site.ConfigAdminMapping;
import io.streetgate.driver.time.TimeBase;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Hashtable;

/**
 * Registers the gateway's {@link TimeBase}: the wall clock on a real gateway; on a simulated street
 * (framework property {@code streetgate.simulate=true}) a clock that starts at the configured instant and
 * runs at the configured speed.
 */
@Component(immediate = true, service = {}, configurationPid = ConfigAdminMapping.SIMULATION_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = GatewayTime.Config.class)
public class GatewayTime {

    public static final String SIMULATE_PROPERTY = "streetgate.simulate";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayTime.class);

    @ObjectClassDefinition(name = "streetgate simulation",
            description = "How the simulated street runs when the gateway is started with --simulate.")
    public @interface Config {
        @AttributeDefinition(description = "How many times faster than the wall clock gateway time runs", min = "1",
                max = "10000")
        double speed() default 1.0;

        @AttributeDefinition(description = "Gateway time at start, UTC (e.g. 2026-06-21T19:30:00Z); empty for now")
        String start() default "";

        @AttributeDefinition(description = "Random seed of the street scenario", min = "0", max = "2147483647")
        long seed() default 1L;
    }

    private final ServiceRegistration<TimeBase> registration;

    @Activate
    public GatewayTime(BundleContext context, Config config) {
        boolean simulate = Boolean.parseBoolean(context.getProperty(SIMULATE_PROPERTY));
        TimeBase time;
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("simulated", simulate);
        if (simulate) {
            Instant start = config.start().isBlank() ? Instant.now() : Instant.parse(config.start());
            time = TimeBase.accelerated(start, config.speed());
            props.put("speed", config.speed());
            props.put("seed", config.seed());
            LOG.info("Simulated street: gateway time starts at {} and runs {}x", start, config.speed());
        } else {
            time = TimeBase.system();
        }
        registration = context.registerService(TimeBase.class, time, props);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
