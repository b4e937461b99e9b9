package io.streetgate.distribution;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.broker.BrokerCredentials;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A real MQTT client on the gateway's local broker, keeping every summary it receives. */
final class SummarySubscriber implements AutoCloseable {

    private final MqttClient client;
    private final List<Map<String, Object>> received = new ArrayList<>();

    SummarySubscriber(Path state, String topicFilter) throws Exception {
        BrokerCredentials c = BrokerCredentials.read(state);
        client = subscribe(c, topicFilter, (topic, message) -> {
            Map<String, Object> summary = JSON.std.mapFrom(message.getPayload());
            summary.put("topic", topic);
            synchronized (received) {
                received.add(summary);
                received.notifyAll();
            }
        });
    }

    /**
     * Moquette 0.17 can drop a connection whose SUBSCRIBE arrives before it has finished recording the CONNECT it
     * acknowledged (seen on a loaded CI machine); like any MQTT client, this one connects again.
     */
    private static MqttClient subscribe(BrokerCredentials c, String filter, IMqttMessageListener listener)
            throws MqttException {
        for (int attempt = 1; ; attempt++) {
            MqttClient client = new MqttClient("tcp://127.0.0.1:" + c.port(), "it-" + System.nanoTime(),
                    new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setUserName(c.username());
            options.setPassword(c.password().toCharArray());
            try {
                client.connect(options);
                client.subscribe(filter, 1, listener);
                return client;
            } catch (MqttException e) {
                client.close(true);
                if (e.getReasonCode() != MqttException.REASON_CODE_CONNECTION_LOST || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    List<Map<String, Object>> all() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits until a received summary matches; returns it. */
    Map<String, Object> await(String what, Predicate<Map<String, Object>> match, Duration timeout)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        synchronized (received) {
            while (true) {
                for (Map<String, Object> s : received) {
                    if (match.test(s)) {
                        return s;
                    }
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("no summary " + what + " within " + timeout + "; received "
                            + received.size() + ": " + received.stream().map(m -> m.get("topic")).distinct().toList());
                }
                received.wait(left);
            }
        }
    }

    @Override
    public void close() throws Exception {
        client.disconnect();
        client.close();
    }
}
