package io.streetgate.ota.agent;

import io.streetgate.ota.tuf.CanonicalJson;
import io.streetgate.ota.tuf.Json;
import io.streetgate.ota.tuf.TufException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of campaign notices and state reports, as they travel over MQTT (one JSON object per message):
 * <pre>
 * notice: {"campaign": "spring", "action": "UPDATE", "target": "bundles/gateway-1.4.0.zip"}
 * report: {"node": "pole-17", "campaign": "spring", "state": "DOWNLOADING", "version": "1.4.0", "running": "1.3.0",
 *          "done": 1048576, "total": 4194304, "reason": null, "at": "2030-01-01T02:00:00Z"}
 * </pre>
 * Notices are authenticated by the broker connection only: they can choose among signed targets, never add one.
 */
public final class Messages {
    private Messages() {
    }

    public static String toJson(CampaignNotice n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("campaign", n.campaignId());
        m.put("action", n.action().name());
        m.put("target", n.targetPath());
        return new String(CanonicalJson.encode(m), StandardCharsets.UTF_8);
    }

    public static CampaignNotice noticeFromJson(String json) {
        Map<String, Object> m = Json.parseObject(json.getBytes(StandardCharsets.UTF_8), "campaign notice");
        CampaignNotice.Action a;
        try {
            a = CampaignNotice.Action.valueOf(Json.string(m, "action", "campaign notice"));
        } catch (IllegalArgumentException e) {
            throw new TufException(TufException.Reason.FORMAT, "campaign notice: action must be UPDATE or HALT");
        }
        String target = a == CampaignNotice.Action.UPDATE ? Json.string(m, "target", "campaign notice") : null;
        return new CampaignNotice(Json.string(m, "campaign", "campaign notice"), a, target);
    }

    public static String toJson(UpdateReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", r.nodeId());
        m.put("campaign", r.campaignId());
        m.put("state", r.state().name());
        m.put("version", r.version());
        m.put("running", r.running());
        m.put("done", r.bytesDone());
        m.put("total", r.bytesTotal());
        m.put("reason", r.reason());
        m.put("at", r.at().toString());
        return new String(CanonicalJson.encode(m), StandardCharsets.UTF_8);
    }

    public static UpdateReport reportFromJson(String json) {
        String w = "update report";
        Map<String, Object> m = Json.parseObject(json.getBytes(StandardCharsets.UTF_8), w);
        UpdateState state;
        try {
            state = UpdateState.valueOf(Json.string(m, "state", w));
        } catch (IllegalArgumentException e) {
            throw new TufException(TufException.Reason.FORMAT, w + ": unknown state " + m.get("state"));
        }
        Long done = Json.optionalInteger(m, "done", w);
        Long total = Json.optionalInteger(m, "total", w);
        return new UpdateReport(Json.string(m, "node", w), (String) m.get("campaign"), state, (String) m.get("version"),
                (String) m.get("running"), done == null ? 0 : done, total == null ? 0 : total, (String) m.get("reason"),
                Instant.parse(Json.string(m, "at", w)));
    }
}
