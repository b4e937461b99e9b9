package io.streetgate.uplink.testing;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import javax.net.ssl.SSLSocketFactory;
import java.nio.charset.StandardCharsets;

/**
 * A real MQTT 5 client (Paho) that publishes with a Message Expiry Interval, as
 * {@code mosquitto_pub -V mqttv5 -D publish message-expiry-interval N} does.
 */
public final class Mqtt5Publisher implements AutoCloseable {

    private final MqttClient client;

    /** On a plain, anonymous broker. */
    public Mqtt5Publisher(String url, String clientId) throws Exception {
        this(url, null, null, null, clientId);
    }

    public Mqtt5Publisher(String url, SSLSocketFactory tls, String user, String password, String clientId)
            throws Exception {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        if (tls != null) {
            o.setSocketFactory(tls);
        }
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        client.connect(o);
    }

    /** Publishes with QoS 1; the broker discards the message once {@code expirySeconds} have passed. */
    public void publish(String topic, String payload, long expirySeconds) throws Exception {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false, null);
        MqttProperties p = new MqttProperties();
        p.setMessageExpiryInterval(expirySeconds);
        m.setProperties(p);
        client.publish(topic, m);
    }

    @Override
    public void close() throws Exception {
        client.disconnect();
        client.close();
    }
}
