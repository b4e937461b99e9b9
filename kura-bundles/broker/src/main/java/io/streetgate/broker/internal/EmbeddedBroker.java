package io.streetgate.broker.internal;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.streetgate.broker.BrokerCredentials;
import io.streetgate.gateway.api.LocalBroker;
import io.streetgate.gateway.api.net.PlainListener;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Properties;

/**
 * Moquette in memory, on one loopback address and port, with two password accounts (the publisher, which may
 * publish, and the reader, which may only subscribe) and no anonymous access. Its optional features that would
 * reach the network or the disk (telemetry, metrics, error reporting, H2 persistence, websockets) are off.
 */
public final class EmbeddedBroker implements LocalBroker {

    private static final String INTERNAL_CLIENT = "streetgate-gateway";

    private final Server server = new Server();
    private final BrokerCredentials publisher;
    private final BrokerCredentials reader;

    private EmbeddedBroker(BrokerCredentials publisher, BrokerCredentials reader) {
        this.publisher = publisher;
        this.reader = reader;
    }

    /**
     * Starts a broker on the publisher's host and port, which must be a loopback address: the broker has no TLS.
     *
     * @param publisher the account that may publish ({@link BrokerCredentials.Account#PUBLISHER})
     * @param reader    the account that may only subscribe ({@link BrokerCredentials.Account#READER})
     * @param dataDir   where Moquette may keep files (nothing is persisted; it is given a private folder)
     * @throws IllegalArgumentException naming {@code local-broker.host}, its value and the fix when the host is
     *                                  not a loopback address
     */
    public static EmbeddedBroker start(BrokerCredentials publisher, BrokerCredentials reader, Path dataDir)
            throws IOException {
        if (!publisher.username().equals(BrokerCredentials.Account.PUBLISHER.username())
                || !reader.username().equals(BrokerCredentials.Account.READER.username())) {
            throw new IllegalArgumentException("the publisher and the reader must be the broker's two accounts, not "
                    + publisher.username() + " and " + reader.username());
        }
        InetAddress address = PlainListener.loopbackAddress("local-broker.host", publisher.host(), publisher.port(),
                "the local broker");
        EmbeddedBroker broker = new EmbeddedBroker(publisher, reader);
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, address.getHostAddress());
        p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(publisher.port()));
        p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.DATA_PATH_PROPERTY_NAME, dataDir.toString());
        p.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(BrokerConstants.METRICS_ENABLE_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.BUGSNAG_ENABLE_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.ALLOW_ZERO_BYTE_CLIENT_ID_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.NETTY_EPOLL_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(256 * 1024));
        p.setProperty(BrokerConstants.IMMEDIATE_BUFFER_FLUSH_PROPERTY_NAME, "true");
        Accounts accounts = broker.new Accounts();
        broker.server.startServer(new MemoryConfig(p), List.of(), null, accounts, accounts);
        return broker;
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain) {
        MqttPublishMessage message = MqttMessageBuilders.publish()
                .topicName(topic)
                .retained(retain)
                .qos(MqttQoS.valueOf(qos))
                .payload(Unpooled.wrappedBuffer(payload))
                .build();
        server.internalPublish(message, INTERNAL_CLIENT);
    }

    @Override
    public String host() {
        return publisher.host();
    }

    /**
     * The configured port. Moquette 0.17 records its bound port in a listener that Netty runs on its event loop
     * after the bind, possibly after startServer has returned, so its own getPort() can still answer 0 (the log's
     * "Local MQTT broker on 127.0.0.1:0").
     */
    @Override
    public int port() {
        return publisher.port();
    }

    public int connectedClients() {
        return server.listConnectedClients().size();
    }

    public void stop() {
        server.stopServer();
    }

    /**
     * Who may connect, and what each account may do: the reader subscribes only, so a consumer holding its
     * password cannot publish a forged summary; the gateway itself publishes inside the broker.
     */
    private final class Accounts implements IAuthenticator, IAuthorizatorPolicy {
        @Override
        public boolean checkValid(String clientId, String username, byte[] password) {
            if (username == null || password == null) {
                return false;
            }
            return matches(publisher, username, password) | matches(reader, username, password);
        }

        private boolean matches(BrokerCredentials account, String username, byte[] password) {
            boolean user = MessageDigest.isEqual(username.getBytes(StandardCharsets.UTF_8),
                    account.username().getBytes(StandardCharsets.UTF_8));
            boolean pass = MessageDigest.isEqual(password, account.password().getBytes(StandardCharsets.UTF_8));
            return user & pass;
        }

        @Override
        public boolean canWrite(Topic topic, String user, String client) {
            return publisher.username().equals(user);
        }

        @Override
        public boolean canRead(Topic topic, String user, String client) {
            return publisher.username().equals(user) || reader.username().equals(user);
        }
    }
}
