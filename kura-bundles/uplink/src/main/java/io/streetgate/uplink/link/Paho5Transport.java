package io.streetgate.uplink.link;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** An MQTT 5 connection through Eclipse Paho's mqttv5 client. */
final class Paho5Transport extends PahoTransport {

    private final MqttAsyncClient client;

    private Paho5Transport(MqttAsyncClient client, TrackedSockets sockets, int receiveMaximum, boolean sessionPresent,
                           long timeoutMillis) {
        super(closing(client), sockets, receiveMaximum, sessionPresent, timeoutMillis);
        this.client = client;
    }

    static MqttTransport connect(LinkSettings s, Will will, Incoming incoming, Consumer<Throwable> lost)
            throws LinkException {
        MqttAsyncClient client;
        try {
            // in-flight state is the store's business: Paho keeps nothing across connections
            client = new MqttAsyncClient(s.broker().toString(), s.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw Failures.classify(e, s, e.getReasonCode(), true);
        } catch (RuntimeException e) {
            throw Failures.classify(e, s, -1, true);
        }
        AtomicBoolean up = new AtomicBoolean(false);
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                if (up.getAndSet(false)) {
                    lost.accept(response.getException() != null ? response.getException()
                            : new MqttException(response.getReturnCode()));
                }
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                // reported through disconnected() when it ends the connection
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                Long left = message.getProperties() == null ? null
                        : message.getProperties().getMessageExpiryInterval();
                incoming.arrived(topic, message.getPayload(), left == null ? null : java.time.Duration.ofSeconds(left));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // the publish token's listener handles it
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(s.cleanStart());
        o.setSessionExpiryInterval(s.cleanStart() ? 0L : s.sessionExpiry().toSeconds());
        o.setKeepAliveInterval((int) s.keepAlive().toSeconds());
        o.setConnectionTimeout((int) Math.max(1, s.connectTimeout().toSeconds()));
        o.setAutomaticReconnect(false); // the uplink reconnects itself, with jittered back-off
        o.setHttpsHostnameVerificationEnabled(true);
        if (s.username() != null) {
            o.setUserName(s.username());
        }
        if (s.password() != null) {
            o.setPassword(new String(s.password()).getBytes(StandardCharsets.UTF_8));
        }
        TrackedSockets sockets = new TrackedSockets(s.tls());
        o.setSocketFactory(sockets.forPaho());
        MqttMessage w = new MqttMessage(will.payload(), will.qos(), will.retained(), null);
        o.setWill(will.topic(), w);
        long timeout = s.connectTimeout().toMillis() + 2000;
        try {
            IMqttToken token = client.connect(o);
            token.waitForCompletion(timeout);
            up.set(true);
            MqttProperties props = token.getResponseProperties();
            Integer max = props == null ? null : props.getReceiveMaximum();
            return new Paho5Transport(client, sockets, max == null ? 65_535 : max, token.getSessionPresent(), timeout);
        } catch (MqttException e) {
            throw failed(e, e.getReasonCode(), s, true, sockets, closing(client));
        } catch (RuntimeException e) {
            throw failed(e, -1, s, true, sockets, closing(client));
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
            client.publish(topic, payload, qos, retained, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    done.complete(codes == null || codes.length == 0 ? 0 : codes[0]);
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
            IMqttToken t = client.subscribe(new MqttSubscription(filter, qos));
            t.waitForCompletion(timeoutMillis);
            int[] codes = t.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                throw new LinkException(LinkException.Kind.NOT_AUTHORIZED, "the broker refused the subscription to "
                        + filter + " (reason " + codes[0] + ")", null);
            }
        } catch (MqttException e) {
            throw new LinkException(LinkException.Kind.OTHER, "subscribing to " + filter + " failed: " + e, e);
        }
    }
}
