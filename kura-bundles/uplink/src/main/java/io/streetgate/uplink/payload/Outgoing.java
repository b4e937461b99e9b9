package io.streetgate.uplink.payload;

import io.streetgate.uplink.store.StoredMessage;

import java.util.List;

/**
 * One MQTT publication the sender puts on the link.
 *
 * @param origin the stored message it delivers (deleted from the store on PUBACK), or null for the uplink's
 *               own messages (births, state, results)
 * @param onAck  what to do when the broker has it (e.g. remember that drops were reported), or null
 * @param packed the stored messages a pack delivers besides its origin (the lean format puts many in one
 *               publication); empty for one message
 */
public record Outgoing(String topic, byte[] payload, int qos, boolean retained, StoredMessage origin,
                       Runnable onAck, List<StoredMessage> packed) {

    public Outgoing {
        packed = List.copyOf(packed);
    }

    public Outgoing(String topic, byte[] payload, int qos, boolean retained, StoredMessage origin) {
        this(topic, payload, qos, retained, origin, null, List.of());
    }

    public Outgoing(String topic, byte[] payload, int qos, boolean retained, StoredMessage origin, Runnable onAck) {
        this(topic, payload, qos, retained, origin, onAck, List.of());
    }

    public static Outgoing control(String topic, byte[] payload, boolean retained) {
        return new Outgoing(topic, payload, 1, retained, null, null);
    }

    /** One publication delivering several stored messages (QoS 1): all leave the store on its PUBACK. */
    public static Outgoing pack(String topic, byte[] payload, List<StoredMessage> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a pack delivers at least one stored message");
        }
        return new Outgoing(topic, payload, 1, false, messages.get(messages.size() - 1), null,
                messages.subList(0, messages.size() - 1));
    }

    /** Every stored message it delivers, oldest first: a pack's, or its origin; empty for the uplink's own. */
    public List<StoredMessage> delivers() {
        if (origin == null) {
            return List.of();
        }
        if (packed.isEmpty()) {
            return List.of(origin);
        }
        java.util.ArrayList<StoredMessage> all = new java.util.ArrayList<>(packed);
        all.add(origin);
        return all;
    }

    /** The same publication, with something to do once the broker has it. */
    public Outgoing whenAcknowledged(Runnable action) {
        return new Outgoing(topic, payload, qos, retained, origin, action, packed);
    }
}
