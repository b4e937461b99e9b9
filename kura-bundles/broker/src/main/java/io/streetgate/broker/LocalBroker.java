package io.streetgate.broker;

/** The gateway's own MQTT broker. Registered as a service while it runs. */
public interface LocalBroker {

    /**
     * Publishes a message to the broker's subscribers from inside the gateway.
     *
     * @param qos 0, 1 or 2
     */
    void publish(String topic, byte[] payload, int qos, boolean retain);

    /** The address clients connect to. */
    String host();

    /** The TCP port clients connect to. */
    int port();
}
