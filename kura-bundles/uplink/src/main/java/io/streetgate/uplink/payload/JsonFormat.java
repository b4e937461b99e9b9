package io.streetgate.uplink.payload;

import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.format.CommandJson;
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

    /** The most streams whose topic is kept, so that it is not built again for each message. */
    private static final int MAX_STREAMS = 4096;

    private final String prefix;
    private final String node;
    private final Map<StreamKey, String> topics = new HashMap<>();
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
     * The documented form ({@link UplinkJson}) of the message's fields as the store kept them; a damaged row goes
     * out as what {@link StoredMessage#message()} makes of it, a {@code damaged} field with the reason. Every
     * message is read back through the privacy gate ({@link StoredMessage#message()}): a row an older version
     * stored may hold fields that no longer leave.
     */
    @Override
    public List<Outgoing> encode(StoredMessage m, boolean historical, Instant now) {
        byte[] payload = UplinkJson.encode(node, m.message(), m.seq(), m.epoch());
        return List.of(new Outgoing(topic(m.stream()), payload, 1, false, m));
    }

    /** A stream's topic, made once (only the sender uses it). */
    private String topic(StreamKey key) {
        String topic = topics.get(key);
        if (topic == null) {
            if (topics.size() >= MAX_STREAMS) {
                topics.clear(); // more streams than a node has: a bound on memory, not a cache worth keeping
            }
            topic = UplinkJson.topic(prefix, node, key.kind(), key.source(), key.quantity());
            topics.put(key, topic);
        }
        return topic;
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
