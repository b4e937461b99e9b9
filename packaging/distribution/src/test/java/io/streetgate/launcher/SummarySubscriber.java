package io.streetgate.launcher;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.broker.BrokerCredentials;
import org.eclipse.paho.client.mqttv3.MqttClient;
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
        client = new MqttClient("tcp://127.0.0.1:" + c.port(), "it-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(c.username());
        options.setPassword(c.password().toCharArray());
        client.connect(options);
        client.subscribe(topicFilter, 1, (topic, message) -> {
            Map<String, Object> summary = JSON.std.mapFrom(message.getPayload());
            summary.put("topic", topic);
            synchronized (received) {
                received.add(summary);
                received.notifyAll();
            }
        });
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
