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
import io.streetgate.broker.LocalBroker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Properties;

/**
 * Moquette in memory, on one address and port, with one password account and no anonymous access. Its
 * optional features that would reach the network or the disk (telemetry, metrics, error reporting, H2
 * persistence, websockets) are off.
 */
public final class EmbeddedBroker implements LocalBroker {

    private static final String INTERNAL_CLIENT = "streetgate-gateway";

    private final Server server = new Server();
    private final BrokerCredentials credentials;

    private EmbeddedBroker(BrokerCredentials credentials) {
        this.credentials = credentials;
    }

    /**
     * Starts a broker.
     *
     * @param dataDir where Moquette may keep files (nothing is persisted; it is given a private folder)
     */
    public static EmbeddedBroker start(BrokerCredentials credentials, Path dataDir) throws IOException {
        EmbeddedBroker broker = new EmbeddedBroker(credentials);
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, credentials.host());
        p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(credentials.port()));
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
        broker.server.startServer(new MemoryConfig(p), List.of(), null, broker.new PasswordCheck(),
                new AllowAuthenticated());
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
        return credentials.host();
    }

    @Override
    public int port() {
        return server.getPort();
    }

    public int connectedClients() {
        return server.listConnectedClients().size();
    }

    public void stop() {
        server.stopServer();
    }

    private final class PasswordCheck implements IAuthenticator {
        @Override
        public boolean checkValid(String clientId, String username, byte[] password) {
            if (username == null || password == null) {
                return false;
            }
            boolean user = MessageDigest.isEqual(username.getBytes(StandardCharsets.UTF_8),
                    credentials.username().getBytes(StandardCharsets.UTF_8));
            boolean pass = MessageDigest.isEqual(password, credentials.password().getBytes(StandardCharsets.UTF_8));
            return user & pass;
        }
    }

    /** Every authenticated client may publish and subscribe: there is one account, for on-box consumers. */
    private static final class AllowAuthenticated implements IAuthorizatorPolicy {
        @Override
        public boolean canWrite(Topic topic, String user, String client) {
            return user != null;
        }

        @Override
        public boolean canRead(Topic topic, String user, String client) {
            return user != null;
        }
    }
}
