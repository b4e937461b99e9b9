package io.streetgate.launcher;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.broker.BrokerCredentials;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Subscribes to the gateway's local broker, as any on-box consumer would, and prints each summary as a line.
 */
final class SummaryPrinter implements AutoCloseable {

    private final MqttClient client;
    private final AtomicBoolean first = new AtomicBoolean(true);

    private SummaryPrinter(MqttClient client) {
        this.client = client;
    }

    /**
     * Connects once the broker has written its account file, retrying for up to {@code waitMillis}.
     *
     * @param onFirst called once, when the first summary arrives
     */
    static SummaryPrinter connect(Path stateDir, String node, PrintStream out, long waitMillis, Runnable onFirst)
            throws Exception {
        long deadline = System.currentTimeMillis() + waitMillis;
        Exception last = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                BrokerCredentials c = BrokerCredentials.read(stateDir);
                MqttClient client = new MqttClient("tcp://" + c.host() + ":" + c.port(), "streetgate-console-"
                        + ProcessHandle.current().pid(), new MemoryPersistence());
                MqttConnectOptions options = new MqttConnectOptions();
                options.setUserName(c.username());
                options.setPassword(c.password().toCharArray());
                options.setAutomaticReconnect(true);
                options.setCleanSession(true);
                SummaryPrinter printer = new SummaryPrinter(client);
                client.setCallback(printer.callback(line -> {
                    if (printer.first.getAndSet(false)) {
                        onFirst.run();
                    }
                    out.println(line);
                }, "streetgate/" + node + "/summary/#"));
                client.connect(options);
                client.subscribe("streetgate/" + node + "/summary/#", 1);
                return printer;
            } catch (java.io.IOException | MqttException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("could not subscribe to the local broker: " + last);
    }

    private MqttCallbackExtended callback(Consumer<String> print, String filter) {
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
                print.accept(format(JSON.std.mapFrom(message.getPayload())));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        };
    }

    /** One summary as a line: {@code 19:31 env-1 temperature  min 18.20 mean 18.40 max 18.90 Cel (n=6)}. */
    static String format(Map<String, Object> s) {
        String end = String.valueOf(s.get("end"));
        String hhmm = end.length() >= 16 ? end.substring(11, 16) : end;
        return String.format("%s  %-12s %-14s min %9.2f  mean %9.2f  max %9.2f %-6s (n=%s)", hhmm, s.get("source"),
                s.get("quantity"), num(s.get("min")), num(s.get("mean")), num(s.get("max")), s.get("unit"), s.get("count"));
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
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
