package io.streetgate.ota.message;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The JSON of the OTA messages, for the {@code ota} tool and the gateway's agent alike (docs/ota.md, "Messages"):
 * <pre>
 * notice: {"v":1,"campaign":"spring-2030","action":"update","target":"bundles/gateway-1.4.0.zip",
 *          "version":"1.4.0","sha256":"9f2c...","not_after":"2030-01-08T00:00:00Z"}
 * report: {"v":1,"node":"pole-17","campaign":"spring-2030","state":"downloading","version":"1.4.0",
 *          "running":"1.3.0","bytes":1048576,"total":4194304,"reason":null,"at":"2030-01-01T02:00:00Z"}
 * </pre>
 * Every message carries {@code v}; a reader refuses a version it does not know, with the reason, and ignores
 * fields it does not know (a newer writer may add some). Flat objects only, so that a notice also travels as the
 * arguments of a command. Payloads are bounded ({@link #MAX_BYTES}).
 */
public final class OtaMessages {
    /** The schema version this code writes and reads. */
    public static final int VERSION = 1;
    /** No OTA message is larger; a longer payload is refused unread. */
    public static final int MAX_BYTES = 16 * 1024;
    /** Reasons are cut to this many characters. */
    public static final int MAX_REASON = 1000;
    /** Campaign and node ids: they appear in MQTT topics and file names. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private OtaMessages() {
    }

    // ---- notices ---------------------------------------------------------------------------------------------

    public static String toJson(CampaignNotice n) {
        return write(noticeFields(n));
    }

    /** A notice's fields, as they also travel as a command's arguments. */
    public static Map<String, Object> noticeFields(CampaignNotice n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", VERSION);
        m.put("campaign", n.campaignId());
        m.put("action", n.action().name().toLowerCase(java.util.Locale.ROOT));
        if (n.action() == CampaignNotice.Action.UPDATE) {
            m.put("target", n.targetPath());
            m.put("version", n.version());
            if (n.sha256() != null) {
                m.put("sha256", n.sha256());
            }
        }
        m.put("not_after", n.notAfter().toString());
        return m;
    }

    public static CampaignNotice noticeFromJson(byte[] json) {
        return notice(parse(json, "campaign notice"));
    }

    /** Reads a notice from its fields (a parsed message, or the arguments of an {@code ota.campaign} command). */
    public static CampaignNotice notice(Map<String, Object> m) {
        String w = "campaign notice";
        checkVersion(m, w);
        String campaign = id(m, "campaign", w);
        String action = string(m, "action", w);
        Instant notAfter = instant(m, "not_after", w);
        switch (action) {
            case "halt":
                return CampaignNotice.halt(campaign, notAfter);
            case "update":
                String sha = optionalString(m, "sha256", w);
                if (sha != null && !sha.matches("[0-9a-f]{64}")) {
                    throw new MessageRefused(w + ": sha256 \"" + cut(sha) + "\" is not 64 lower-case hex digits");
                }
                return CampaignNotice.update(campaign, string(m, "target", w), string(m, "version", w), sha, notAfter);
            default:
                throw new MessageRefused(w + ": action \"" + cut(action) + "\" is not update or halt");
        }
    }

    // ---- reports ---------------------------------------------------------------------------------------------

    public static String toJson(NodeReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", VERSION);
        m.put("node", r.nodeId());
        m.putAll(reportFields(r)); // "v" keeps its place first
        return write(m);
    }

    /**
     * A report's fields without the node: the uplink's JSON names the node in its head ({@code "node":...}), so a
     * report read from the uplink's topic is this schema too.
     */
    public static Map<String, Object> reportFields(NodeReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", VERSION);
        if (r.campaignId() != null) {
            m.put("campaign", r.campaignId());
        }
        m.put("state", r.state().wire());
        m.put("version", r.version());
        m.put("running", r.running());
        if (r.bytesTotal() > 0) {
            m.put("bytes", r.bytesDone());
            m.put("total", r.bytesTotal());
        }
        if (r.reason() != null) {
            m.put("reason", cutReason(r.reason()));
        }
        m.put("at", r.at().toString());
        return m;
    }

    public static NodeReport reportFromJson(byte[] json) {
        String w = "node report";
        Map<String, Object> m = parse(json, w);
        checkVersion(m, w);
        String s = string(m, "state", w);
        UpdateState state = UpdateState.fromWire(s);
        if (state == null) {
            throw new MessageRefused(w + ": state \"" + cut(s) + "\" is not one of " + wireNames());
        }
        String campaign = m.get("campaign") == null ? null : id(m, "campaign", w);
        String reason = optionalString(m, "reason", w);
        return new NodeReport(id(m, "node", w), campaign, state, optionalString(m, "version", w),
                optionalString(m, "running", w), count(m, "bytes", w), count(m, "total", w),
                reason == null ? null : cutReason(reason), instant(m, "at", w));
    }

    // ---- campaign state ----------------------------------------------------------------------------------------

    public static String toJson(CampaignState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", VERSION);
        m.put("campaign", s.campaignId());
        m.put("target", s.target());
        m.put("version", s.version());
        m.put("status", s.status().wire());
        m.put("halt_reason", s.haltReason());
        m.put("phase", s.phase());
        m.put("phases", s.phases());
        m.put("nodes", s.nodes());
        m.put("admitted", s.admitted());
        m.put("failures", s.failures());
        List<Object> phases = new ArrayList<>();
        for (CampaignState.PhaseCounts p : s.byPhase()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("phase", p.phase());
            e.put("percent", p.percent());
            e.put("nodes", p.nodes());
            Map<String, Object> states = new LinkedHashMap<>();
            new EnumMap<>(p.states()).forEach((k, v) -> states.put(k.wire(), v));
            e.put("states", states);
            phases.add(e);
        }
        m.put("by_phase", phases);
        List<Object> issues = new ArrayList<>();
        for (CampaignState.Issue i : s.issues()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("node", i.node());
            e.put("state", i.state().wire());
            e.put("reason", i.reason());
            issues.add(e);
        }
        m.put("issues", issues);
        m.put("at", s.at().toString());
        return write(m);
    }

    // ---- shared rules ------------------------------------------------------------------------------------------

    /** Throws unless {@code id} may name a campaign or node (it goes into topics and file names). */
    public static String checkId(String what, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new MessageRefused(what + " \"" + cut(String.valueOf(id)) + "\" must be 1 to 64 letters, digits, '.', '_'"
                    + " or '-', starting with a letter or digit");
        }
        return id;
    }

    private static void checkVersion(Map<String, Object> m, String w) {
        Object v = m.get("v");
        if (v == null) {
            throw new MessageRefused(w + ": no \"v\" (schema version); this reader understands v " + VERSION);
        }
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() != VERSION) {
            throw new MessageRefused(w + ": schema version " + cut(String.valueOf(v)) + " is not understood here (this"
                    + " reader knows v " + VERSION + "); update this side, or send v " + VERSION);
        }
    }

    private static Map<String, Object> parse(byte[] json, String w) {
        if (json.length > MAX_BYTES) {
            throw new MessageRefused(w + ": " + json.length + " bytes, more than " + MAX_BYTES);
        }
        Object value;
        try {
            value = JSON.std.anyFrom(json);
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage());
            throw new MessageRefused(w + ": not JSON (" + cut(msg.lines().findFirst().orElse(msg)) + ")");
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new MessageRefused(w + ": expected a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) map;
        return m;
    }

    private static String write(Map<String, Object> m) {
        try {
            return JSON.std.asString(m);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an OTA message", e);
        }
    }

    public static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(Map<String, Object> m, String key, String w) {
        String s = optionalString(m, key, w);
        if (s == null || s.isBlank()) {
            throw new MessageRefused(w + ": the field \"" + key + "\" is missing");
        }
        return s;
    }

    private static String optionalString(Map<String, Object> m, String key, String w) {
        Object v = m.get(key);
        if (v != null && !(v instanceof String)) {
            throw new MessageRefused(w + ": \"" + key + "\" must be a string, not " + cut(String.valueOf(v)));
        }
        return (String) v;
    }

    private static String id(Map<String, Object> m, String key, String w) {
        return checkId(w + ": " + key, string(m, key, w));
    }

    private static long count(Map<String, Object> m, String key, String w) {
        Object v = m.get(key);
        if (v == null) {
            return 0;
        }
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0) {
            throw new MessageRefused(w + ": \"" + key + "\" must be a whole number of bytes, not " + cut(String.valueOf(v)));
        }
        return ((Number) v).longValue();
    }

    private static Instant instant(Map<String, Object> m, String key, String w) {
        String s = string(m, key, w);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new MessageRefused(w + ": \"" + key + "\" \"" + cut(s) + "\" is not a UTC time such as 2030-01-01T02:00:00Z");
        }
    }

    private static String cutReason(String s) {
        return s.length() > MAX_REASON ? s.substring(0, MAX_REASON) : s;
    }

    private static String cut(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static String wireNames() {
        List<String> names = new ArrayList<>();
        for (UpdateState u : UpdateState.values()) {
            names.add(u.wire());
        }
        return String.join(", ", names);
    }
}
