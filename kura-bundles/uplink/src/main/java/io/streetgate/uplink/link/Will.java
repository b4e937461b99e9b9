package io.streetgate.uplink.link;

/** The message the broker publishes for us when the connection breaks without a DISCONNECT. */
public record Will(String topic, byte[] payload, int qos, boolean retained) {
}
