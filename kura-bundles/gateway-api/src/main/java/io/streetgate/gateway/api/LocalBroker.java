package io.streetgate.gateway.api;

/**
 * The gateway's own MQTT broker on loopback, registered by the broker bundle while it runs. It is here, not in
 * that bundle, so that a service publishing to on-box consumers (the control's presence announcements) does not
 * import another service.
 */
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
