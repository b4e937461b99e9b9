package io.streetgate.uplink.payload;

import io.streetgate.gateway.api.CommandResult;
import io.streetgate.uplink.link.Will;
import io.streetgate.uplink.store.ForwardStore;
import io.streetgate.uplink.store.StoredMessage;

import java.time.Instant;
import java.util.List;

/**
 * How the uplink's messages look on the wire (Sparkplug B or the documented JSON): topics, payloads, the
 * will, what a new connection starts with, and how command messages are read. Called from the sender's
 * thread only.
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
     * A stored message on the wire; the last element carries {@code m} as its origin, anything before it
     * (e.g. a device birth for a new metric) prepares it.
     *
     * @param historical whether it was stored before this connection started (sent late)
     */
    List<Outgoing> encode(StoredMessage m, boolean historical, Instant now);

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
}
