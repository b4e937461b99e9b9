package io.streetgate.uplink.payload;

import io.streetgate.analytics.privacy.NodeOutputs;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.format.CommandJson;
import io.streetgate.gateway.api.format.StreamHead;
import io.streetgate.gateway.api.format.UplinkJson;
import io.streetgate.uplink.link.Will;
import io.streetgate.uplink.store.ForwardStore;
import io.streetgate.uplink.store.StoredMessage;
import io.streetgate.uplink.store.StreamKey;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documented JSON format ({@link UplinkJson}, docs/uplink.md): data on
 * {@code <prefix>/<node>/<kind>/<source>[/<quantity>]} with {@code seq} and {@code epoch}; the node's state,
 * retained, on {@code <prefix>/<node>/state} (also the will, with {@code "online":false}); drop reports on
 * {@code <prefix>/<node>/dropped}; commands on {@code <prefix>/<node>/cmd}, results on
 * {@code <prefix>/<node>/cmd/result}.
 */
public final class JsonFormat implements PayloadFormat {

    /** Topic and head by stream, so that neither is built again for each message (only the sender uses them). */
    private static final int MAX_STREAMS = 4096;

    private final String prefix;
    private final String node;
    private final Map<StreamKey, Stream> streams = new HashMap<>();
    private final OtaNoticeTopics notices;

    /** Without a group: OTA notices on the node's own topic only. */
    public JsonFormat(String prefix, String node) {
        this(prefix, node, null);
    }

    /** @param group the node's group, for the OTA group notice topic */
    public JsonFormat(String prefix, String node, String group) {
        this.prefix = prefix;
        this.node = node;
        this.notices = new OtaNoticeTopics(prefix, node, group);
    }

    public String stateTopic() {
        return prefix + "/" + node + "/state";
    }

    public String commandTopic() {
        return prefix + "/" + node + "/cmd";
    }

    public String resultTopic() {
        return prefix + "/" + node + "/cmd/result";
    }

    public String droppedTopic() {
        return prefix + "/" + node + "/dropped";
    }

    @Override
    public Will will(Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", node);
        m.put("online", false);
        m.put("reason", "connection lost");
        return new Will(stateTopic(), UplinkJson.object(m), 1, true);
    }

    /** Off: the broker keeps the command subscription and queues commands sent while the node is away. */
    @Override
    public boolean cleanStart() {
        return false;
    }

    @Override
    public List<String> commandTopics() {
        List<String> topics = new java.util.ArrayList<>();
        topics.add(commandTopic());
        topics.addAll(notices.topics());
        return topics;
    }

    @Override
    public List<Outgoing> sessionStarted(Instant now, NodeState state) {
        return stateChanged(now, state);
    }

    /**
     * Sent as stored: the store keeps the fields as this format's members ({@link StoredMessage#jsonMembers}),
     * and the stream's node, kind, epoch and source id are encoded once ({@link StreamHead}). A row stored
     * before the store kept members is encoded from its fields; a damaged one goes out as what
     * {@link StoredMessage#message()} makes of it, a {@code damaged} field with the reason. The node's own
     * reports (actuator, audit, energy, OTA: {@link NodeOutputs}) always go out through the privacy gate
     * again: a row an older version stored may hold fields that no longer leave.
     */
    @Override
    public List<Outgoing> encode(StoredMessage m, boolean historical, Instant now) {
        StreamKey stream = m.stream();
        StoredMessage.JsonReady ready = null;
        if (!NodeOutputs.isNodeOutput(stream.kind())) {
            try {
                ready = m.jsonMembers();
            } catch (IllegalArgumentException damaged) {
                ready = null;
            }
        }
        Stream out = stream(stream, m.epoch());
        byte[] payload = ready != null
                ? out.head().encode(m.seq(), ready.namesItsSource(), ready.bytes(), ready.from())
                : UplinkJson.encode(node, m.message(), m.seq(), m.epoch());
        return List.of(new Outgoing(out.topic(), payload, 1, false, m));
    }

    /** A stream's topic and head, made once (again when the store starts a new epoch). */
    private record Stream(String topic, StreamHead head) {
    }

    private Stream stream(StreamKey key, String epoch) {
        Stream s = streams.get(key);
        if (s == null || !s.head().hasEpoch(epoch)) {
            if (streams.size() >= MAX_STREAMS) {
                streams.clear(); // more streams than a node has: a bound on memory, not a cache worth keeping
            }
            s = new Stream(UplinkJson.topic(prefix, node, key.kind(), key.source(), key.quantity()),
                    new StreamHead(node, key.kind(), key.source(), epoch));
            streams.put(key, s);
        }
        return s;
    }

    @Override
    public List<Outgoing> stateChanged(Instant now, NodeState state) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", node);
        m.put("online", true);
        m.put("health", state.overall().name().toLowerCase());
        m.put("reason", state.reason());
        m.put("time", now);
        m.put("parts", state.troubled());
        m.put("store", state.store().details());
        return List.of(Outgoing.control(stateTopic(), UplinkJson.object(m), true));
    }

    @Override
    public List<Outgoing> dropped(Instant now, ForwardStore.DropReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", node);
        m.put("kind", "dropped");
        m.put("total", report.total());
        m.put("byKind", report.byKind());
        m.put("time", now);
        return List.of(Outgoing.control(droppedTopic(), UplinkJson.object(m), false));
    }

    @Override
    public List<CommandRequest> commands(String topic, byte[] payload, Instant now) {
        if (notices.matches(topic)) {
            return notices.read(topic, payload, now);
        }
        if (!topic.equals(commandTopic())) {
            return List.of();
        }
        CommandJson.Parsed p = CommandJson.parse(payload, node, "mqtt", now);
        return List.of(p.isValid()
                ? CommandRequest.of(p.command(), p.issued() != null, p.expires(), p.signed())
                : CommandRequest.refused(p.id(), null, null, p.refusal()));
    }

    @Override
    public List<Outgoing> result(CommandRequest request, CommandResult result, Instant now) {
        return List.of(Outgoing.control(resultTopic(), CommandJson.result(node, request.id(), request.name(),
                request.target(), result, now), false));
    }

    @Override
    public List<Outgoing> rebirth(Instant now, NodeState state) {
        return stateChanged(now, state);
    }
}
