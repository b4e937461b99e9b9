package io.streetgate.uplink.link;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** An MQTT 3.1.1 connection through Eclipse Paho's mqttv3 client. */
final class Paho3Transport extends PahoTransport {

    private final MqttAsyncClient client;

    private Paho3Transport(MqttAsyncClient client, TrackedSockets sockets, int maxInflight, boolean sessionPresent,
                           long timeoutMillis) {
        // MQTT 3.1.1 has no Receive Maximum; Paho's own limit applies
        super(closing(client), sockets, maxInflight, sessionPresent, timeoutMillis);
        this.client = client;
    }

    static MqttTransport connect(LinkSettings s, int maxInflight, Will will, Incoming incoming,
                                 Consumer<Throwable> lost) throws LinkException {
        MqttAsyncClient client;
        try {
            client = new MqttAsyncClient(s.broker().toString(), s.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw Failures.classify(e, s, e.getReasonCode(), false);
        } catch (RuntimeException e) {
            throw Failures.classify(e, s, -1, false);
        }
        AtomicBoolean up = new AtomicBoolean(false);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                if (up.getAndSet(false)) {
                    lost.accept(cause);
                }
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                incoming.arrived(topic, message.getPayload(), null); // MQTT 3.1.1 has no message expiry
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // the publish token's listener handles it
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(s.cleanStart());
        o.setKeepAliveInterval((int) s.keepAlive().toSeconds());
        o.setConnectionTimeout((int) Math.max(1, s.connectTimeout().toSeconds()));
        o.setAutomaticReconnect(false);
        o.setHttpsHostnameVerificationEnabled(true);
        o.setMaxInflight(maxInflight);
        if (s.username() != null) {
            o.setUserName(s.username());
        }
        if (s.password() != null) {
            o.setPassword(s.password().clone());
        }
        TrackedSockets sockets = new TrackedSockets(s.tls());
        o.setSocketFactory(sockets.forPaho());
        o.setWill(will.topic(), will.payload(), will.qos(), will.retained());
        long timeout = s.connectTimeout().toMillis() + 2000;
        try {
            IMqttToken token = client.connect(o);
            token.waitForCompletion(timeout);
            up.set(true);
            return new Paho3Transport(client, sockets, maxInflight, token.getSessionPresent(), timeout);
        } catch (MqttException e) {
            throw failed(e, e.getReasonCode(), s, false, sockets, closing(client));
        } catch (RuntimeException e) {
            throw failed(e, -1, s, false, sockets, closing(client));
        }
    }

    private static Client closing(MqttAsyncClient client) {
        return new Client(client::isConnected, () -> client.disconnect(1000).waitForCompletion(2000),
                () -> client.disconnectForcibly(0, 0, false), () -> client.close(true));
    }

    @Override
    public CompletableFuture<Integer> publish(String topic, byte[] payload, int qos, boolean retained) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        try {
            client.publish(topic, payload, qos, retained, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    done.complete(0); // MQTT 3.1.1's PUBACK carries no reason
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public void subscribe(String filter, int qos) throws LinkException {
        try {
            IMqttToken t = client.subscribe(filter, qos);
            t.waitForCompletion(timeoutMillis);
            int[] granted = t.getGrantedQos();
            if (granted != null && granted.length > 0 && granted[0] == 0x80) {
                throw new LinkException(LinkException.Kind.NOT_AUTHORIZED, "the broker refused the subscription to "
                        + filter, null);
            }
        } catch (MqttException e) {
            throw new LinkException(LinkException.Kind.OTHER, "subscribing to " + filter + " failed: " + e, e);
        }
    }
}
