package io.streetgate.uplink.testing;

import io.streetgate.uplink.link.Tls;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import java.util.concurrent.TimeUnit;
import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.SSLException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Moquette, embedded in the test's JVM as the gateway's local broker embeds it (the same version), here with a TLS
 * listener on 127.0.0.1 and a free port (the test CA's server certificate, through Netty's TLS), password logins
 * and its persistence (H2) in the test's folder, so that sessions, subscriptions and queued messages survive
 * {@link #stop()} and {@link #start()}.
 */
public final class Moquette implements TestBroker {

    private final Path dir;
    private final TestPki pki;
    private final Map<String, String> users;
    public final int port;
    private Server server;

    private Moquette(Path dir, TestPki pki, Map<String, String> users, int port) {
        this.dir = dir;
        this.pki = pki;
        this.users = Map.copyOf(users);
        this.port = port;
    }

    public static Moquette start(Path dir, TestPki pki, Map<String, String> users) throws Exception {
        Files.createDirectories(dir);
        Moquette broker = new Moquette(dir, pki, users, Mosquitto.freePort());
        broker.start();
        return broker;
    }

    @Override
    public String name() {
        // its jar's manifest has no version; Maven's pom.properties in the jar has
        try (var in = Server.class.getResourceAsStream("/META-INF/maven/io.moquette/moquette-broker/pom.properties")) {
            Properties pom = new Properties();
            if (in != null) {
                pom.load(in);
            }
            return "Moquette " + pom.getProperty("version", "(version unknown)") + " (embedded)";
        } catch (java.io.IOException e) {
            return "Moquette (version unknown: " + e + ") (embedded)";
        }
    }

    @Override
    public String url() {
        return "ssl://localhost:" + port;
    }

    @Override
    public synchronized void start() throws Exception {
        if (server != null) {
            return;
        }
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, "127.0.0.1");
        p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(BrokerConstants.SSL_PORT_PROPERTY_NAME, Integer.toString(port));
        p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.DATA_PATH_PROPERTY_NAME, dir.toString() + "/");
        p.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(BrokerConstants.METRICS_ENABLE_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.BUGSNAG_ENABLE_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.NETTY_EPOLL_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.IMMEDIATE_BUFFER_FLUSH_PROPERTY_NAME, "true");
        Accounts accounts = new Accounts(users);
        Server s = new Server();
        s.startServer(new MemoryConfig(p), List.of(), () -> {
            try {
                return SslContextBuilder.forServer(pki.serverCert.toFile(), pki.serverKey.toFile()).build();
            } catch (SSLException e) {
                throw new IllegalStateException("Moquette's TLS context: " + e, e);
            }
        }, accounts, accounts);
        server = s;
        TestBroker.awaitListening(port, "Moquette");
        awaitLogins();
    }

    /**
     * Listening is not yet serving: right after its start Moquette closed a first TLS login (EOF in a fresh
     * clone's run), so a start ends only once a real login over TLS with one of its accounts succeeds.
     */
    private void awaitLogins() throws Exception {
        Map.Entry<String, String> account = users.entrySet().iterator().next();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(account.getKey());
        options.setPassword(account.getValue().toCharArray());
        options.setSocketFactory(Tls.socketFactory(pki.caCert, null, null));
        options.setConnectionTimeout(5);
        while (true) {
            try (MqttClient probe = new MqttClient(url(),
                    "moquette-ready-probe", new MemoryPersistence())) {
                probe.connect(options);
                probe.disconnect();
                return;
            } catch (MqttException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Moquette on " + port + " refused every login for 30 s: " + notYet, notYet);
                }
                Thread.sleep(200);
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            try {
                server.stopServer();
            } finally {
                server = null;
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public String log() {
        return "(Moquette logs to the test's log)";
    }

    @Override
    public void close() {
        stop();
    }

    /** Password logins; every account may publish and subscribe everywhere, as on the other test brokers. */
    private record Accounts(Map<String, String> users) implements IAuthenticator, IAuthorizatorPolicy {
        @Override
        public boolean checkValid(String clientId, String username, byte[] password) {
            return username != null && password != null
                    && new String(password, StandardCharsets.UTF_8).equals(users.get(username));
        }

        @Override
        public boolean canWrite(Topic topic, String user, String client) {
            return true;
        }

        @Override
        public boolean canRead(Topic topic, String user, String client) {
            return true;
        }
    }
}
