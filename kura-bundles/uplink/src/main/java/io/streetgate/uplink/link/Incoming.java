package io.streetgate.uplink.link;

import java.time.Duration;

/** Receives what arrives on the subscriptions (commands). Called on Paho's thread: hand off, never block. */
@FunctionalInterface
public interface Incoming {

    /**
     * @param expiry what is left of the message's MQTT 5 Message Expiry Interval when the broker sent it
     *               (MQTT 5.0 section 3.3.2.3.3), or null when it has none (always with MQTT 3.1.1)
     */
    void arrived(String topic, byte[] payload, Duration expiry);
}
