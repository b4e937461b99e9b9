package io.streetgate.broker.internal;

import io.streetgate.broker.BrokerCredentials;
import io.streetgate.broker.BrokerCredentials.Account;
import io.streetgate.driver.Health;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.api.LocalBroker;
import io.streetgate.gateway.api.secret.Secrets;
import io.streetgate.site.ConfigAdminMapping;
import io.streetgate.driver.time.TimeBase;
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
 * Runs the local MQTT broker on loopback and registers it as {@link LocalBroker}; it refuses to start on any other
 * address (it has no TLS). Its publishing account is kept in {@code <state dir>/local-broker/client.properties}
 * (owner-only), its read-only account in {@code reader.properties} (readable by the service's group).
 */
@Component(immediate = true, service = {}, configurationPid = ConfigAdminMapping.BROKER_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = LocalBrokerComponent.Config.class)
public class LocalBrokerComponent {

    private static final Logger LOG = LoggerFactory.getLogger(LocalBrokerComponent.class);
    private static final String HEALTH = "local-broker";

    @ObjectClassDefinition(name = "streetgate local broker",
            description = "MQTT broker for on-box consumers; password-protected, loopback only (it has no TLS).")
    public @interface Config {
        @AttributeDefinition(description = "Whether the broker runs")
        boolean enabled() default true;

        @AttributeDefinition(description = "Listen address: a loopback address (the broker refuses any other)")
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
            BrokerCredentials publisher = credentials(state, config, Account.PUBLISHER);
            BrokerCredentials reader = credentials(state, config, Account.READER);
            broker = EmbeddedBroker.start(publisher, reader, Files.createDirectories(state.resolve("local-broker")));
            registration = context.registerService(LocalBroker.class, broker, null);
            health.report(HEALTH, Health.ok(time.now()), Map.of("listen", config.host() + ":" + broker.port()));
            LOG.info("Local MQTT broker on {}:{} (accounts in {})", config.host(), broker.port(),
                    BrokerCredentials.file(state).getParent());
        } catch (IllegalArgumentException e) {
            // a refused address: the message names the key, the value and the fix
            health.report(HEALTH, Health.faulty(e.getMessage(), time.now()), Map.of());
            LOG.error("Local MQTT broker not started: {}", e.getMessage());
        } catch (IOException | RuntimeException e) {
            String reason = "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage()
                    + " (is another broker using the port? set local-broker.port in the site file)";
            health.report(HEALTH, Health.faulty(reason, time.now()), Map.of());
            LOG.error("Local MQTT broker {}", reason);
        }
    }

    /**
     * Keeps an account's password across restarts; host and port follow the configuration. The file is written
     * again each start, which also puts back its mode (0600, or 0640 for the reader).
     */
    private static BrokerCredentials credentials(Path state, Config config, Account account) throws IOException {
        String password;
        try {
            password = BrokerCredentials.read(state, account).password();
        } catch (NoSuchFileException e) {
            password = BrokerCredentials.newPassword();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Local broker account file {} unreadable ({}); making a new one", account.file(state),
                    e.getMessage());
            password = BrokerCredentials.newPassword();
        }
        BrokerCredentials credentials = new BrokerCredentials(config.host(), config.port(), account.username(),
                password);
        if (account.groupReadable()) {
            Secrets.writeGroupReadable(account.file(state), credentials.toFileContent());
        } else {
            Secrets.writeOwnerOnly(account.file(state), credentials.toFileContent());
        }
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
