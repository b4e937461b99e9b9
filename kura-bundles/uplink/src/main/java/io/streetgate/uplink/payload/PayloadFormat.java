package io.streetgate.uplink.payload;

import io.streetgate.gateway.api.CommandResult;
import io.streetgate.uplink.link.Will;
import io.streetgate.uplink.store.ForwardStore;
import io.streetgate.uplink.store.StoredMessage;

import java.time.Instant;
import java.util.List;

/**
 * How the uplink's messages look on the wire (Sparkplug B, the documented JSON or SenML CBOR packs): topics,
 * payloads, the will, what a new connection starts with, and how command messages are read. Called from the
 * sender's thread only.
 */
public interface PayloadFormat {

    /** The will for the next CONNECT (called once per connection attempt). */
    Will will(Instant now);

    /** Whether the connection starts without the broker's stored session. */
    boolean cleanStart();

    /** The topic filters that carry commands for this node. */
    List<String> commandTopics();

    /** What a new connection sends before any data: births, or the state message. */
    List<Outgoing> sessionStarted(Instant now, NodeState state);

    /**
     * A stored message on the wire; one element carries {@code m} as its origin, anything before it (e.g. a
     * device birth for a new metric) prepares it, anything after it follows from it (e.g. the death of a device
     * that is down again). A format that packs messages may return nothing yet, or a pack of earlier ones
     * ({@link Outgoing#pack}), and send {@code m} in a later pack ({@link #due}).
     *
     * @param historical whether it was stored before this connection started (sent late)
     */
    List<Outgoing> encode(StoredMessage m, boolean historical, Instant now);

    /**
     * What the format held back to send together (a pack) and whose time has come; asked when no stored message
     * is waiting to be encoded. Nothing for formats that send each message as it comes.
     */
    default List<Outgoing> due(Instant now) {
        return List.of();
    }

    /** The gateway's state changed. */
    List<Outgoing> stateChanged(Instant now, NodeState state);

    /** Messages were dropped since the last report (running totals). */
    List<Outgoing> dropped(Instant now, ForwardStore.DropReport report);

    /** Reads a message that arrived on a command topic. */
    List<CommandRequest> commands(String topic, byte[] payload, Instant now);

    /** The answer to a command request. */
    List<Outgoing> result(CommandRequest request, CommandResult result, Instant now);

    /** A new birth sequence on the same connection (Sparkplug's Node Control/Rebirth); nothing for JSON. */
    List<Outgoing> rebirth(Instant now, NodeState state);

    /**
     * Whether the store's messages stay in the store for now although the link is up (Sparkplug: while the
     * primary host is offline); the format's own messages still go out.
     */
    default boolean holdsData() {
        return false;
    }
}
