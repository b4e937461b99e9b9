package io.streetgate.uplink.link;

import java.util.concurrent.CompletableFuture;

/**
 * One established MQTT connection. Publishing is asynchronous: the future completes with the broker's reason
 * code when the PUBACK arrives (QoS 1; 0 = success, 0x80 and above = refused, MQTT 5.0 section 3.4.2.1), or
 * exceptionally when the connection is lost first.
 */
public interface MqttTransport extends AutoCloseable {

    /** How many QoS 1 messages the broker lets us have in flight (MQTT 5 CONNACK Receive Maximum). */
    int receiveMaximum();

    /** Whether the broker still had our session (MQTT 3.1.1 section 3.2.2.2, MQTT 5.0 section 3.2.2.1.1). */
    boolean sessionPresent();

    CompletableFuture<Integer> publish(String topic, byte[] payload, int qos, boolean retained);

    void subscribe(String filter, int qos) throws LinkException;

    boolean isConnected();

    /** Disconnects (a clean DISCONNECT, so the broker discards the will) and releases the client's threads. */
    @Override
    void close();

    /** Drops the connection without a DISCONNECT, as a crash would: the broker publishes the will. */
    void abort();
}
