package io.streetgate.uplink.internal;

import io.streetgate.driver.Health;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.site.ConfigAdminMapping;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.forward.Forwarder;
import io.streetgate.uplink.link.Connector;
import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.link.OwnerOnlyFiles;
import io.streetgate.uplink.link.PahoConnector;
import io.streetgate.uplink.link.Tls;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;

/**
 * The connection to the broker as the configuration describes it: TLS that verifies the broker (CA file or
 * the JVM's CAs), the password from its owner-only file or a client certificate. Registers the
 * {@link Connector} the store-forwarder connects with; a configuration that cannot work (a missing password
 * file, an unreadable certificate) is reported as faulty instead.
 */
@Component(immediate = true, service = {}, configurationPid = ConfigAdminMapping.UPLINK_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class MqttConnectionComponent {

    private static final Logger LOG = LoggerFactory.getLogger(MqttConnectionComponent.class);

    private final HealthRegistry health;
    private ServiceRegistration<Connector> registration;

    @Activate
    public MqttConnectionComponent(BundleContext context, @Reference HealthRegistry health, @Reference TimeBase time,
                                   UplinkConfiguration config) {
        this.health = health;
        if (!config.enabled()) {
            return;
        }
        try {
            LinkSettings settings = settings(config);
            if (!settings.isTls()) {
                LOG.warn("UPLINK WITHOUT TLS: {} is plain TCP (uplink.plain-tcp is on); the password and every message "
                        + "cross the network unencrypted", settings.broker());
            }
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("broker", settings.broker().toString());
            props.put("tls", settings.isTls());
            registration = context.registerService(Connector.class,
                    new PahoConnector(settings, config.max_in_flight()), props);
        } catch (IOException | IllegalArgumentException e) {
            String reason = "the uplink cannot connect as configured: " + e.getMessage();
            LOG.error(reason);
            health.report(Forwarder.LINK_HEALTH, Health.faulty(reason, time.now()), Map.of("broker", config.broker()));
        }
    }

    static LinkSettings settings(UplinkConfiguration c) throws IOException {
        URI broker = URI.create(c.broker());
        if ("tcp".equals(broker.getScheme()) && !c.plain_tcp()) {
            throw new IllegalArgumentException("broker " + broker + " is plain TCP and plain.tcp is off; use ssl://");
        }
        SSLSocketFactory tls = null;
        if ("ssl".equals(broker.getScheme())) {
            Path key = path(c.client_key());
            if (key != null) {
                OwnerOnlyFiles.tighten(key, "client key");
            }
            tls = Tls.socketFactory(path(c.ca_file()), path(c.client_cert()), key);
        }
        char[] password = c.password_file().isBlank() ? null : OwnerOnlyFiles.password(Path.of(c.password_file()));
        boolean sparkplug = "sparkplug".equals(c.format());
        String clientId = c.client_id().isBlank() ? c.node_id() : c.client_id();
        return LinkSettings.forFormat(broker, LinkSettings.Protocol.of(c.protocol()), clientId,
                c.username().isBlank() ? null : c.username(), password, tls, Duration.ofMillis(c.keep_alive_ms()),
                sparkplug, Duration.ofMillis(c.session_expiry_ms()));
    }

    private static Path path(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        } else {
            health.remove(Forwarder.LINK_HEALTH);
        }
    }
}
