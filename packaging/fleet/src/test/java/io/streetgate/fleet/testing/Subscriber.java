package io.streetgate.fleet.testing;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a dashboard or a city's data platform sees: a real MQTT client (Paho, 3.1.1, QoS 1) with a persistent
 * session and automatic reconnect, so that it survives a broker restart and the broker queues for it meanwhile.
 */
public final class Subscriber implements AutoCloseable {

    /** One message as it arrived. */
    public record Received(String topic, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final MqttClient client;
    private final List<Received> received = new ArrayList<>();

    public Subscriber(String url, String clientId, String... filters) throws Exception {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(1000);
        o.setMaxInflight(1000);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                synchronized (received) {
                    received.add(new Received(topic, message.getPayload()));
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

    /** Waits until what arrived satisfies the condition; fails naming what and how much arrived. */
    public List<Received> await(String what, Predicate<List<Received>> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        synchronized (received) {
            while (!condition.test(received)) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("timed out waiting for " + what + "; received " + received.size());
                }
                received.wait(Math.min(left, 500));
            }
            return List.copyOf(received);
        }
    }

    public void publish(String topic, String payload) throws Exception {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
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
