package io.streetgate.broker.internal;

import io.streetgate.broker.BrokerCredentials;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EmbeddedBrokerTest {

    @TempDir
    Path dir;
    private EmbeddedBroker broker;
    private BrokerCredentials credentials;

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        credentials = new BrokerCredentials("127.0.0.1", port, BrokerCredentials.USERNAME,
                BrokerCredentials.newPassword());
        broker = EmbeddedBroker.start(credentials, dir);
    }

    @AfterEach
    void stop() {
        broker.stop();
    }

    private MqttClient connect(String password) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + credentials.port(), "test-" + System.nanoTime(),
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(credentials.username());
        options.setPassword(password.toCharArray());
        client.connect(options);
        return client;
    }

    /**
     * Connects and subscribes as a local client should: Moquette 0.17 can drop a connection whose SUBSCRIBE
     * arrives before it has finished recording the CONNECT it has already acknowledged ("SUBSCRIBE received on
     * already closed connection", seen on a loaded 2-core CI machine; also reported in FraunhoferIOSB/FROST-Server
     * issue 2433), so a dropped connection is opened again, as any MQTT client reconnects.
     */
    private MqttClient subscribe(String filter, IMqttMessageListener listener) throws MqttException {
        for (int attempt = 1; ; attempt++) {
            MqttClient client = connect(credentials.password());
            try {
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

    @Test
    void aSubscriberWithThePasswordReceivesWhatTheGatewayPublishes() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        MqttClient client = subscribe("streetgate/#", (topic, msg) ->
                received.add(topic + " " + new String(msg.getPayload(), StandardCharsets.UTF_8)));

        broker.publish("streetgate/pole-1/summary/env-1/temperature", "{\"mean\":18.5}".getBytes(StandardCharsets.UTF_8),
                1, false);

        String message = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(message, "nothing arrived");
        assertEquals("streetgate/pole-1/summary/env-1/temperature {\"mean\":18.5}", message);
        client.disconnect();
        client.close();
    }

    @Test
    void aWrongPasswordIsRefused() {
        MqttException e = assertThrows(MqttException.class, () -> connect("guess"));
        assertEquals(MqttException.REASON_CODE_FAILED_AUTHENTICATION, e.getReasonCode());
    }

    @Test
    void anonymousClientsAreRefused() throws Exception {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + credentials.port(), "anon", new MemoryPersistence());
        MqttException e = assertThrows(MqttException.class, () -> client.connect(new MqttConnectOptions()));
        assertEquals(MqttException.REASON_CODE_FAILED_AUTHENTICATION, e.getReasonCode());
        client.close();
    }
}
