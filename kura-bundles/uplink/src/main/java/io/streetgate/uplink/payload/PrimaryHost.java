package io.streetgate.uplink.payload;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * The Sparkplug edge node's view of its Primary Host Application, from the host's STATE messages: whether the node
 * may be born and publish data, and which stored messages were held while the host was away. Without a host id it
 * never holds anything. Not thread-safe except {@link #holds()}: the sender thread changes it.
 */
final class PrimaryHost {

    private static final Logger LOG = LoggerFactory.getLogger(PrimaryHost.class);

    /** What a STATE message changed. */
    enum Change { NONE, ONLINE, OFFLINE }

    private final String id;
    /** The last STATE taken in this session; null: none yet (volatile: status and tests read it). */
    private volatile HostState last;
    private long lastTimestamp = -1;
    private Instant heldBefore = Instant.MIN;

    /** @param id the host id, empty for none */
    PrimaryHost(String id) {
        this.id = id;
    }

    boolean configured() {
        return !id.isEmpty();
    }

    /** Section 4.2.3.1.1 (Sparkplug 3.0): the host's STATE topic, {@code spBv1.0/STATE/<host id>}. */
    String stateTopic() {
        return SparkplugFormat.NAMESPACE + "/STATE/" + id;
    }

    /** A new MQTT session: wait for its STATE (the broker sends the retained one on SUBSCRIBE). */
    void sessionStarted() {
        last = null;
    }

    /** Whether the node waits: a host is configured and its last STATE is not online. */
    boolean holds() {
        HostState s = last;
        return configured() && (s == null || !s.online());
    }

    /** Whether a message stored at {@code created} was held while the host was away (sent as historical). */
    boolean wasHeld(Instant created) {
        return created.isBefore(heldBefore);
    }

    /**
     * Takes a STATE payload. A STATE older than the last one taken is ignored
     * (tck-id-message-flow-edge-node-birth-publish-phid-wait-timestamp); a payload that is not a STATE is
     * ignored and logged with what is wrong with it.
     */
    Change take(byte[] payload, Instant now) {
        HostState next;
        try {
            next = HostState.parse(payload);
        } catch (IllegalArgumentException e) {
            LOG.warn("Sparkplug: ignored a STATE message on {}: {}", stateTopic(), e.getMessage());
            return Change.NONE;
        }
        if (next.timestamp() < lastTimestamp) {
            LOG.info("Sparkplug: ignored a STATE of {} older than the last one taken", id);
            return Change.NONE;
        }
        lastTimestamp = next.timestamp();
        boolean wasOnline = last != null && last.online();
        last = next;
        if (next.online() && !wasOnline) {
            heldBefore = now;
            LOG.info("Sparkplug: primary host {} is online: births, then what was held", id);
            return Change.ONLINE;
        }
        if (!next.online() && wasOnline) {
            LOG.info("Sparkplug: primary host {} is offline: data stays in the store until it is back", id);
            return Change.OFFLINE;
        }
        return Change.NONE;
    }
}
