package io.streetgate.uplink.link;

/** Receives what arrives on the subscriptions (commands). Called on Paho's thread: hand off, never block. */
@FunctionalInterface
public interface Incoming {
    void arrived(String topic, byte[] payload);
}
