package io.streetgate.broker.internal;

import io.streetgate.broker.BrokerCredentials;
import io.streetgate.broker.LocalBroker;
import io.streetgate.driver.Health;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.api.secret.Secrets;
import io.streetgate.site.ConfigAdminMapping;
import io.streetgate.time.TimeBase;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the local MQTT broker (loopback by default) and registers it as {@link LocalBroker}. Its one account
 * is kept in {@code <state dir>/local-broker/client.properties}, owner-only.
 */
@Component(immediate = true, service = {}, configurationPid = ConfigAdminMapping.BROKER_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = LocalBrokerComponent.Config.class)
public class LocalBrokerComponent {

    private static final Logger LOG = LoggerFactory.getLogger(LocalBrokerComponent.class);
    private static final String HEALTH = "local-broker";

    @ObjectClassDefinition(name = "streetgate local broker",
            description = "MQTT broker for on-box consumers; password-protected, loopback unless configured otherwise.")
    public @interface Config {
        @AttributeDefinition(description = "Whether the broker runs")
        boolean enabled() default true;

        @AttributeDefinition(description = "Listen address")
        String host() default "127.0.0.1";

        @AttributeDefinition(description = "TCP port", min = "1", max = "65535")
        int port() default 1883;
    }

    private final HealthRegistry health;
    private EmbeddedBroker broker;
    private ServiceRegistration<LocalBroker> registration;

    @Activate
    public LocalBrokerComponent(BundleContext context, @Reference HealthRegistry health, @Reference TimeBase time,
                                Config config) {
        this.health = health;
        if (!config.enabled()) {
            health.report(HEALTH, Health.ok(time.now()), Map.of("enabled", false));
            return;
        }
        String stateDir = context.getProperty("streetgate.state.dir");
        Path state = Path.of(stateDir == null ? "." : stateDir);
        try {
            BrokerCredentials credentials = credentials(state, config);
            broker = EmbeddedBroker.start(credentials, Files.createDirectories(state.resolve("local-broker")));
            registration = context.registerService(LocalBroker.class, broker, null);
            health.report(HEALTH, Health.ok(time.now()), Map.of("listen", config.host() + ":" + broker.port()));
            LOG.info("Local MQTT broker on {}:{} (account in {})", config.host(), broker.port(),
                    BrokerCredentials.file(state));
        } catch (IOException | RuntimeException e) {
            String reason = "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage()
                    + " (is another broker using the port? set local-broker.port in the site file)";
            health.report(HEALTH, Health.faulty(reason, time.now()), Map.of());
            LOG.error("Local MQTT broker {}", reason);
        }
    }

    /** Keeps the password across restarts; host and port follow the configuration. */
    private static BrokerCredentials credentials(Path state, Config config) throws IOException {
        String password;
        try {
            password = BrokerCredentials.read(state).password();
        } catch (NoSuchFileException e) {
            password = BrokerCredentials.newPassword();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Local broker account file unreadable ({}); making a new one", e.getMessage());
            password = BrokerCredentials.newPassword();
        }
        BrokerCredentials credentials = new BrokerCredentials(config.host(), config.port(),
                BrokerCredentials.USERNAME, password);
        Secrets.writeOwnerOnly(BrokerCredentials.file(state), credentials.toFileContent());
        return credentials;
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        if (broker != null) {
            broker.stop();
        }
        health.remove(HEALTH);
    }
}
