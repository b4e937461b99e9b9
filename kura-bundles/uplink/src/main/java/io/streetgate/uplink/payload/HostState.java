package io.streetgate.uplink.payload;

import com.fasterxml.jackson.jr.ob.JSON;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A Sparkplug Host Application's {@code STATE} message (Sparkplug 3.0 section 4.2.3.1.2,
 * tck-id-host-topic-phid-birth-payload): the UTF-8 JSON object {@code {"online": true|false, "timestamp": <ms since
 * the epoch>}}, published retained with QoS 1 on {@code spBv1.0/STATE/<host id>}; other keys are ignored.
 *
 * @param online    whether the host is online
 * @param timestamp when the host published it, ms since the epoch: an edge node ignores a STATE older than the
 *                  last it took (tck-id-message-flow-edge-node-birth-publish-phid-wait-timestamp)
 */
record HostState(boolean online, long timestamp) {

    /** Far more than the two fields need; a larger payload is not a STATE message. */
    static final int MAX_BYTES = 1024;

    /** Reads a STATE payload; the exception's message says what is wrong with it. */
    static HostState parse(byte[] payload) {
        if (payload.length > MAX_BYTES) {
            throw new IllegalArgumentException(payload.length + " bytes, more than a STATE message's " + MAX_BYTES);
        }
        Map<String, Object> fields;
        try {
            fields = JSON.std.mapFrom(new String(payload, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalArgumentException("not a JSON object; expected {\"online\":true,\"timestamp\":<ms>}");
        }
        if (!(fields.get("online") instanceof Boolean online)) {
            throw new IllegalArgumentException("'online' is " + fields.get("online") + ", not true or false");
        }
        if (!(fields.get("timestamp") instanceof Number ts) || ts.longValue() < 0
                || ts.doubleValue() != ts.longValue()) {
            throw new IllegalArgumentException("'timestamp' is " + fields.get("timestamp")
                    + ", not milliseconds since the epoch");
        }
        return new HostState(online, ts.longValue());
    }
}
