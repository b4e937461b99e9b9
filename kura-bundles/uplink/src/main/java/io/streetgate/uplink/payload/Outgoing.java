package io.streetgate.uplink.payload;

import io.streetgate.uplink.store.StoredMessage;

/**
 * One MQTT publication the sender puts on the link.
 *
 * @param origin the stored message it delivers (deleted from the store on PUBACK), or null for the uplink's
 *               own messages (births, state, results)
 * @param onAck  what to do when the broker has it (e.g. remember that drops were reported), or null
 */
public record Outgoing(String topic, byte[] payload, int qos, boolean retained, StoredMessage origin,
                       Runnable onAck) {

    public Outgoing(String topic, byte[] payload, int qos, boolean retained, StoredMessage origin) {
        this(topic, payload, qos, retained, origin, null);
    }

    public static Outgoing control(String topic, byte[] payload, boolean retained) {
        return new Outgoing(topic, payload, 1, retained, null, null);
    }

    /** The same publication, with something to do once the broker has it. */
    public Outgoing whenAcknowledged(Runnable action) {
        return new Outgoing(topic, payload, qos, retained, origin, action);
    }
}
