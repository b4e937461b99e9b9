package io.streetgate.uplink.testing;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import javax.net.ssl.SSLSocketFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A real MQTT client (Paho, MQTT 3.1.1) that keeps everything it receives. With a persistent session it
 * survives broker restarts: the broker queues for it while it is away.
 */
public final class Subscriber implements AutoCloseable {

    /** One message as it arrived. */
    public record Received(String topic, byte[] payload, boolean retained, boolean duplicate) {
        public String text() {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final MqttClient client;
    private final List<Received> received = new ArrayList<>();

    /** A subscriber with a persistent session on a plain, anonymous broker ({@link Mosquitto#anonymous}). */
    public Subscriber(String url, String clientId, String... filters) throws Exception {
        this(url, null, null, null, clientId, true, filters);
    }

    public Subscriber(String url, SSLSocketFactory tls, String user, String password, String clientId,
                      boolean persistentSession, String... filters) throws Exception {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        if (tls != null) {
            o.setSocketFactory(tls);
        }
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        }
        o.setCleanSession(!persistentSession);
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(1000);
        o.setMaxInflight(1000);
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                synchronized (received) {
                    received.add(new Received(topic, message.getPayload(), message.isRetained(), message.isDuplicate()));
                    received.notifyAll();
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        client.connect(o);
        for (String f : filters) {
            client.subscribe(f, 1);
        }
    }

    public List<Received> all() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public int count() {
        synchronized (received) {
            return received.size();
        }
    }

    /** Waits until what arrived satisfies the condition; fails naming what and how much arrived. */
    public List<Received> await(String what, Predicate<List<Received>> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        synchronized (received) {
            while (!condition.test(received)) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("timed out waiting for " + what + "; received " + received.size()
                            + ", last topics " + received.stream().skip(Math.max(0, received.size() - 5))
                            .map(Received::topic).toList());
                }
                received.wait(Math.min(left, 500));
            }
            return List.copyOf(received);
        }
    }

    /** Waits for the first message on a topic matching the predicate. */
    public Received awaitOne(String what, Predicate<Received> match, Duration timeout) throws InterruptedException {
        List<Received> all = await(what, l -> l.stream().anyMatch(match), timeout);
        return all.stream().filter(match).findFirst().orElseThrow();
    }

    public void publish(String topic, byte[] payload) throws Exception {
        client.publish(topic, payload, 1, false);
    }

    /** Published retained: the broker keeps it for subscribers that come later. */
    public void publishRetained(String topic, String payload) throws Exception {
        client.publish(topic, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, true);
    }

    public void publish(String topic, String payload) throws Exception {
        publish(topic, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        try {
            client.disconnect(1000);
        } catch (Exception ignored) {
            // the broker may be down
        }
        client.close(true);
    }
}
