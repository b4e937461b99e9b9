package io.streetgate.uplink.testing;

import io.streetgate.analytics.privacy.NodeOutputs;
import io.streetgate.analytics.privacy.PrivacyGate;
import io.streetgate.analytics.privacy.UplinkMessage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Messages as the privacy gate hands them over. */
public final class Messages {

    private Messages() {
    }

    /** A one-minute temperature-like summary of {@code sensor} ending at {@code end}. */
    public static UplinkMessage summary(String sensor, String quantity, Instant end, double mean) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sourceId", sensor);
        f.put("quantity", quantity);
        f.put("unit", "Cel");
        f.put("start", end.minusSeconds(60));
        f.put("end", end);
        f.put("count", 6L);
        f.put("min", mean - 0.5);
        f.put("mean", mean);
        f.put("max", mean + 0.5);
        return PrivacyGate.readBack("summary", sensor, f);
    }

    public static UplinkMessage event(String sensor, String type, Instant at) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", type);
        f.put("sourceId", sensor);
        f.put("start", at);
        f.put("value", 71.5);
        f.put("limit", 70.0);
        return PrivacyGate.readBack("event", sensor, f);
    }

    public static UplinkMessage raw(String sensor, Instant at, double value) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sourceId", sensor);
        f.put("time", at);
        f.put("value", value);
        return PrivacyGate.readBack("raw", sensor, f);
    }

    /** An audit record as the control sends it upstream: {@code override}, {@code expired} or {@code refused}. */
    public static UplinkMessage audit(String actuator, String action, String commandId, Instant at) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sourceId", actuator);
        f.put("at", at);
        f.put("action", action);
        f.put("channel", "mqtt");
        f.put("commandId", commandId);
        return PrivacyGate.readBack("audit", actuator, f);
    }

    /** An OTA agent's node report as it leaves the node (docs/ota.md, "Messages": the node report, version 1). */
    public static UplinkMessage otaReport(String node, String campaign, String state, String version, Instant at) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sourceId", node);
        f.put("v", 1);
        f.put("campaign", campaign);
        f.put("state", state);
        f.put("version", version);
        f.put("running", "1.3.0");
        f.put("at", at);
        return PrivacyGate.readBack(NodeOutputs.OTA, node, f);
    }
}
