package io.streetgate.distribution;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.broker.BrokerCredentials;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Subscribes to the gateway's local broker, as any on-box consumer would, and prints what the gateway
 * publishes (summaries, indices, occupancy, events) one line each.
 */
final class OutputPrinter implements AutoCloseable {

    private final MqttClient client;
    private final AtomicBoolean first = new AtomicBoolean(true);

    private OutputPrinter(MqttClient client) {
        this.client = client;
    }

    /**
     * Connects once the broker has written its account file, retrying for up to {@code waitMillis}.
     *
     * @param sink    what each message goes to, as a map
     * @param onFirst called once, when the first message arrives
     */
    static OutputPrinter connect(Path stateDir, String node, Consumer<Map<String, Object>> sink, long waitMillis,
                                 Runnable onFirst) throws Exception {
        long deadline = System.currentTimeMillis() + waitMillis;
        Exception last = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                // as any on-box consumer: with the read-only account
                BrokerCredentials c = BrokerCredentials.read(stateDir, BrokerCredentials.Account.READER);
                MqttClient client = new MqttClient("tcp://" + c.host() + ":" + c.port(), "streetgate-console-"
                        + ProcessHandle.current().pid(), new MemoryPersistence());
                MqttConnectOptions options = new MqttConnectOptions();
                options.setUserName(c.username());
                options.setPassword(c.password().toCharArray());
                options.setAutomaticReconnect(true);
                options.setCleanSession(true);
                OutputPrinter printer = new OutputPrinter(client);
                client.setCallback(printer.callback(message -> {
                    if (printer.first.getAndSet(false)) {
                        onFirst.run();
                    }
                    sink.accept(message);
                }, "streetgate/" + node + "/#"));
                client.connect(options);
                client.subscribe("streetgate/" + node + "/#", 1);
                return printer;
            } catch (java.io.IOException | MqttException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("could not subscribe to the local broker: " + last);
    }

    private MqttCallbackExtended callback(Consumer<Map<String, Object>> print, String filter) {
        return new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                if (reconnect) {
                    try {
                        client.subscribe(filter, 1);
                    } catch (MqttException e) {
                        System.err.println("console: resubscribe failed: " + e.getMessage());
                    }
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                print.accept(JSON.std.mapFrom(message.getPayload()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        };
    }

    /**
     * One message as a line: a summary as {@code 19:31  env-1  temperature  min .. mean .. max .. Cel (n=6)}, a
     * state's as {@code 19:31  noise-1  integration_period  last 60.00 s (n=4)}, any other output as its kind,
     * source and values.
     */
    static String format(Map<String, Object> m) {
        String hhmm = hhmm(stamp(m));
        if ("summary".equals(m.get("kind")) && m.containsKey("last")) {
            return String.format("%s  %-12s %-14s last %9s %-6s (n=%s)", hhmm, m.get("sourceId"), m.get("quantity"),
                    number(m.get("last")), m.get("unit"), m.get("count"));
        }
        if ("summary".equals(m.get("kind"))) {
            return String.format("%s  %-12s %-14s min %9s  mean %9s  max %9s %-6s (n=%s)", hhmm,
                    m.get("sourceId"), m.get("quantity"), number(m.get("min")), number(m.get("mean")),
                    number(m.get("max")), m.get("unit"), m.get("count"));
        }
        StringBuilder values = new StringBuilder();
        m.forEach((k, v) -> {
            if (!List.of("node", "kind", "sourceId", "zone", "lamp", "start", "end", "date", "at", "unit").contains(k)) {
                values.append(' ').append(k).append('=').append(v instanceof Double ? number(v).strip() : v);
            }
        });
        // a lamp's presence announcement to its neighbours (docs/control.md) has no kind of its own
        Object source = m.getOrDefault("zone", m.getOrDefault("sourceId", m.get("lamp")));
        Object kind = m.getOrDefault("kind", m.containsKey("lamp") ? "presence" : "message");
        return String.format("%s  %-12s %-14s%s", hhmm, source, kind, values);
    }

    /** A summary's level: the mean of a measurement, the last value of a setting or state (docs/analytics.md). */
    static Object level(Map<String, Object> summary) {
        return summary.containsKey("last") ? summary.get("last") : summary.get("mean");
    }

    /** When a message's window ended or its event happened, as the gateway wrote it (ISO-8601, UTC). */
    static String stamp(Map<String, Object> m) {
        return String.valueOf(m.getOrDefault("end", m.getOrDefault("date", m.getOrDefault("at", ""))));
    }

    /** The hour and minute of a {@link #stamp}. */
    static String hhmm(String stamp) {
        return stamp.length() >= 16 ? stamp.substring(11, 16) : stamp;
    }

    /** Two decimals, or three significant digits for small values (a water flow of 0.000042 m3/s). */
    static String number(Object o) {
        if (!(o instanceof Number n)) {
            return String.format("%9s", "-");
        }
        double v = n.doubleValue();
        return v != 0 && Math.abs(v) < 0.01 ? String.format(java.util.Locale.ROOT, "%9.3g", v)
                : String.format(java.util.Locale.ROOT, "%9.2f", v);
    }

    @Override
    public void close() {
        try {
            client.disconnect(1000);
            client.close();
        } catch (MqttException e) {
            // the broker is going down with the gateway
        }
    }
}
