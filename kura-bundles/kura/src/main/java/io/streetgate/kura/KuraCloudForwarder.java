package io.streetgate.kura;

import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.driver.Health;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.api.UplinkSink;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * On a Kura gateway: sends what streetgate's privacy gate lets out through the Kura CloudPublisher the
 * operator picks in Kura's console (its {@code CloudPublisher.target}), so streetgate's summaries, indices and
 * events use Kura's cloud connection, store and topics.
 */
@Component(immediate = true, service = {UplinkSink.class, ConfigurableComponent.class},
        configurationPid = KuraCloudForwarder.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = KuraCloudForwarder.Config.class)
public class KuraCloudForwarder implements UplinkSink, ConfigurableComponent {

    public static final String PID = "io.streetgate.kura.CloudForwarder";
    private static final Logger LOG = LoggerFactory.getLogger(KuraCloudForwarder.class);
    private static final String HEALTH = "kura-cloud";

    @ObjectClassDefinition(id = PID, name = "streetgate to Kura cloud",
            description = "Publishes streetgate's summaries, indices and events through a Kura CloudPublisher.")
    public @interface Config {
        @AttributeDefinition(name = "CloudPublisher Target Filter",
                description = "The kura.service.pid of the CloudPublisher to use, as an OSGi filter")
        String CloudPublisher_target() default "(kura.service.pid=changeme)";

        @AttributeDefinition(name = "Kinds", description = "Comma-separated kinds to forward (summary, aqi, "
                + "noise, occupancy, water, light, event, ota, ...); empty for all")
        String kinds() default "";
    }

    private final CloudPublisher publisher;
    private final HealthRegistry health;
    private final Set<String> kinds;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    @Activate
    public KuraCloudForwarder(@Reference(name = "CloudPublisher") CloudPublisher publisher,
                              @Reference HealthRegistry health, Config config) {
        this.publisher = publisher;
        this.health = health;
        this.kinds = Arrays.stream(config.kinds().split(",")).map(String::trim).filter(k -> !k.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        report(Health.ok(Instant.now()));
    }

    @Override
    public void accept(UplinkMessage message) {
        if (!kinds.isEmpty() && !kinds.contains(message.kind())) {
            return;
        }
        try {
            publisher.publish(KuraPayloads.toKura(message, Instant.now()));
            published.incrementAndGet();
        } catch (KuraException | RuntimeException e) {
            // Kura's data service keeps what it accepted; what it refused is counted and reported
            if (failed.incrementAndGet() == 1) {
                LOG.warn("Kura CloudPublisher refused a message: {}", e.getMessage());
            }
            report(Health.degraded("the Kura CloudPublisher refused " + failed.get() + " message(s): "
                    + e.getMessage(), Instant.now()));
        }
    }

    private void report(Health h) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("published", published.get());
        d.put("failed", failed.get());
        health.report(HEALTH, h, d);
    }

    @Deactivate
    void deactivate() {
        health.remove(HEALTH);
    }
}
