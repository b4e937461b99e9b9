package io.streetgate.uplink.testing;

import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.link.Tls;
import io.streetgate.uplink.payload.PayloadFormat;
import io.streetgate.uplink.store.ForwardStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The uplink tests' broker: a real mosquitto with TLS from a test CA, where the pole logs in with its password
 * and an operator's subscribers read what it sends. One per test class, started before its first test:
 * <pre>{@code
 * @RegisterExtension
 * static final PoleBroker broker = new PoleBroker();
 * }</pre>
 */
public final class PoleBroker implements BeforeAllCallback, AfterAllCallback {

    /** The pole's node id, MQTT client id and login. */
    public static final String NODE = "pole-0042";
    public static final String PASSWORD = "s3cret-Pole";
    /** The operator's login, which the subscribers use. */
    public static final String OPS = "ops";
    public static final String OPS_PASSWORD = "ops-pass";

    private Path dir;
    private TestPki pki;
    private Mosquitto mosquitto;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("pole-broker-");
        pki = TestPki.create(dir.resolve("pki"));
        mosquitto = Mosquitto.start(dir.resolve("broker"), pki, pki.serverCert, pki.serverKey,
                Map.of(NODE, PASSWORD, OPS, OPS_PASSWORD), false);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (mosquitto != null) {
                mosquitto.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException leftBehind) {
                // a temporary folder left behind fails nothing
            }
        }
    }

    public Mosquitto mosquitto() {
        return mosquitto;
    }

    public TestPki pki() {
        return pki;
    }

    /** TLS that trusts this broker's certificate (the test CA), as every client here uses. */
    public SSLSocketFactory tls() {
        return Tls.socketFactory(pki.caCert, null, null);
    }

    /** An operator's subscriber, with a persistent session or a clean one. */
    public Subscriber subscriber(String id, boolean persistentSession, String... filters) throws Exception {
        return new Subscriber(mosquitto.url(), tls(), OPS, OPS_PASSWORD, id, persistentSession, filters);
    }

    /** An operator's subscriber with a clean session. */
    public Subscriber subscriber(String id, String... filters) throws Exception {
        return subscriber(id, false, filters);
    }

    /** The pole's link, with {@code password} and a clean or persistent session. */
    public LinkSettings link(LinkSettings.Protocol protocol, String password, boolean cleanStart) {
        return Uplink.link(mosquitto, pki, protocol, NODE, password, cleanStart);
    }

    /** The pole's link with its password and a persistent session (the JSON and SenML formats). */
    public LinkSettings link(LinkSettings.Protocol protocol) {
        return link(protocol, PASSWORD, false);
    }

    /** The pole's uplink on this broker with the tests' short back-off, not yet started. */
    public Uplink uplink(Path storeFile, TimeBase time, Function<ForwardStore, PayloadFormat> format,
                         LinkSettings.Protocol protocol, HealthRegistry health) {
        return new Uplink(storeFile, time, format, link(protocol), Uplink.fastSettings(), health);
    }
}
