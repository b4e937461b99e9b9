package io.streetgate.broker.internal;

import io.streetgate.broker.BrokerCredentials;
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

    @Test
    void aSubscriberWithThePasswordReceivesWhatTheGatewayPublishes() throws Exception {
        MqttClient client = connect(credentials.password());
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        client.subscribe("streetgate/#", 1, (topic, msg) ->
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
