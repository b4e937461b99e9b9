package io.streetgate.uplink.payload;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.gateway.api.Command;
import io.streetgate.uplink.NoticeTopics;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OTA campaign notices a node hears over its own uplink connection, on the topics of {@link NoticeTopics}
 * (this node's, and its group's when it has one), published retained so that a node that was away finds the
 * latest one when it subscribes. Each becomes the {@code ota.campaign} command whose arguments are the notice's
 * plain fields; the OTA agent reads and checks them against the one message schema (the uplink does not know it).
 */
public final class OtaNoticeTopics {
    /** The notice's own bound (the OTA message schema's field): past it, it is refused here and by the agent. */
    static final String NOT_AFTER = "not_after";
    /** Notices are a few hundred bytes; a larger payload is refused unread. */
    static final int MAX_BYTES = 16 * 1024;

    private final List<String> topics;

    /**
     * @param group the node's group (the uplink's {@code group} setting); null or empty: the node topic only
     */
    public OtaNoticeTopics(String prefix, String node, String group) {
        List<String> t = new ArrayList<>();
        t.add(NoticeTopics.node(prefix, node));
        if (group != null && !group.isEmpty()) {
            t.add(NoticeTopics.group(prefix, group));
        }
        this.topics = List.copyOf(t);
    }

    public List<String> topics() {
        return topics;
    }

    public boolean matches(String topic) {
        return topics.contains(topic);
    }

    /**
     * The notice as a command for the OTA agent, or a refusal when it is not a JSON object; nothing for an empty
     * payload (a retained notice being cleared).
     */
    public List<CommandRequest> read(String topic, byte[] payload, Instant now) {
        if (payload.length == 0) {
            return List.of();
        }
        return List.of(request(topic, payload, now));
    }

    private CommandRequest request(String topic, byte[] payload, Instant now) {
        String id = "ota-notice-" + now.toEpochMilli();
        if (payload.length > MAX_BYTES) {
            return CommandRequest.refused(id, Command.OTA_CAMPAIGN, "", "OTA notice of " + payload.length
                    + " bytes on " + topic + " is larger than " + MAX_BYTES + " bytes");
        }
        Object parsed;
        try {
            parsed = JSON.std.anyFrom(payload);
        } catch (IOException e) {
            return CommandRequest.refused(id, Command.OTA_CAMPAIGN, "", "OTA notice on " + topic + " is not JSON");
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            return CommandRequest.refused(id, Command.OTA_CAMPAIGN, "", "OTA notice on " + topic
                    + " is not a JSON object");
        }
        Map<String, Object> arguments = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            // plain values only, as every command's arguments; a field a later schema nests is not for this node
            if (k instanceof String key && (v instanceof String || v instanceof Number || v instanceof Boolean)) {
                arguments.put(key, v);
            }
        });
        Instant notAfter;
        try {
            notAfter = Instant.parse(String.valueOf(arguments.get(NOT_AFTER)));
        } catch (RuntimeException e) {
            return CommandRequest.refused(id, Command.OTA_CAMPAIGN, "", "OTA notice on " + topic + " has no valid '"
                    + NOT_AFTER + "' (UTC, e.g. 2026-12-08T00:00:00Z): a notice without one could be acted on forever");
        }
        return CommandRequest.notice(new Command(id, Command.OTA_CAMPAIGN, "", arguments, "mqtt:" + topic, now),
                notAfter);
    }
}
