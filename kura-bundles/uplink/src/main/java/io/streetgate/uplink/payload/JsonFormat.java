package io.streetgate.uplink.payload;

import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.format.CommandJson;
import io.streetgate.gateway.format.FieldWriter;
import io.streetgate.gateway.format.UplinkJson;
import io.streetgate.uplink.link.Will;
import io.streetgate.uplink.store.ForwardStore;
import io.streetgate.uplink.store.StoredMessage;
import io.streetgate.uplink.store.StreamKey;

import java.time.Instant;
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

    private final String prefix;
    private final String node;

    public JsonFormat(String prefix, String node) {
        this.prefix = prefix;
        this.node = node;
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
        return List.of(commandTopic());
    }

    @Override
    public List<Outgoing> sessionStarted(Instant now, NodeState state) {
        return stateChanged(now, state);
    }

    /**
     * Written from the stored form of the fields, without decoding them into a map first (the sender encodes
     * every message it sends); a stored form that cannot be read goes out as what {@link StoredMessage#message()}
     * makes of it, a {@code damaged} field with the reason.
     */
    @Override
    public List<Outgoing> encode(StoredMessage m, boolean historical, Instant now) {
        StreamKey stream = m.stream();
        byte[] payload;
        try {
            payload = UplinkJson.encode(node, stream.kind(), stream.source(), m.seq(), m.epoch(), new UplinkJson.Fields() {
                @Override
                public boolean has(String name) {
                    return m.hasField(name);
                }

                @Override
                public void writeTo(FieldWriter w) {
                    m.writeFields(w);
                }
            });
        } catch (IllegalArgumentException damaged) {
            payload = UplinkJson.encode(node, m.message(), m.seq(), m.epoch());
        }
        // the topic's tail is the stream's key (StreamKey#key): kind, source and the quantity when there is one
        return List.of(new Outgoing(prefix + "/" + node + "/" + stream.key(), payload, 1, false, m));
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
        if (!topic.equals(commandTopic())) {
            return List.of();
        }
        CommandJson.Parsed p = CommandJson.parse(payload, "mqtt", now);
        return List.of(p.isValid() ? CommandRequest.of(p.command())
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
