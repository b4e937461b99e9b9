package io.streetgate.gateway.api.format;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.CommandResult;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The documented JSON command message (docs/uplink.md), sent to {@code <prefix>/<node>/cmd}:
 * <pre>{"id":"c-17","name":"actuator.override","target":"lamp-1","arguments":{"level":80,"for":"30m"},
 *  "origin":"ops-console"}</pre>
 * {@code name} is required; {@code id} (echoed in the result), {@code target}, {@code arguments} (plain
 * values: strings, numbers, booleans) and {@code origin} (who sent it, for the audit) are optional. The result
 * goes to {@code <prefix>/<node>/cmd/result}:
 * <pre>{"node":"pole-0042","id":"c-17","name":"actuator.override","target":"lamp-1","accepted":true,
 *  "reason":"lamp-1 at 80 % until 20:15","details":{...},"time":"2026-06-21T19:45:00Z"}</pre>
 */
public final class CommandJson {

    /** Command names and ids: what a topic-safe, log-safe identifier looks like. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,63}");
    private static final List<String> KEYS = List.of("id", "name", "target", "arguments", "origin");
    private static final int MAX_BYTES = 64 * 1024;

    private CommandJson() {
    }

    /**
     * A command message read: either the command, or why it was refused (with the id it carried, if any, so
     * that the refusal can be matched).
     */
    public record Parsed(Command command, String id, String refusal) {
        public boolean isValid() {
            return command != null;
        }
    }

    public static Parsed parse(byte[] payload, String origin, Instant receivedAt) {
        String madeUpId = "mqtt-" + receivedAt.toEpochMilli();
        if (payload.length > MAX_BYTES) {
            return refuse(madeUpId, "command message of " + payload.length + " bytes is larger than 64 KiB");
        }
        Map<String, Object> m;
        try {
            Object any = JSON.std.anyFrom(payload);
            if (!(any instanceof Map<?, ?>)) {
                return refuse(madeUpId, "a command message is a JSON object, e.g. {\"name\":\"actuator.override\","
                        + "\"target\":\"lamp-1\",\"arguments\":{\"level\":80}}");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) any;
            m = map;
        } catch (IOException | RuntimeException e) {
            return refuse(madeUpId, "not JSON: " + firstLine(e.getMessage()));
        }
        Object idValue = m.get("id");
        String id = idValue == null ? madeUpId : idValue.toString();
        if (!(idValue == null || idValue instanceof String || idValue instanceof Number) || id.length() > 64) {
            return refuse(madeUpId, "'id' must be a string or number of at most 64 characters");
        }
        for (String key : m.keySet()) {
            if (!KEYS.contains(key)) {
                return refuse(id, "unknown key '" + key + "'; a command message has " + String.join(", ", KEYS));
            }
        }
        Object name = m.get("name");
        if (!(name instanceof String n) || !NAME.matcher(n).matches()) {
            return refuse(id, name == null ? "'name' is missing; it names the command, e.g. actuator.override"
                    : "'name' " + name + " is not a command name (letters, digits, '.', '_', '/', '-', at most 64)");
        }
        Object target = m.get("target");
        if (target != null && !(target instanceof String)) {
            return refuse(id, "'target' must be a string (an actuator or device id)");
        }
        Object args = m.get("arguments");
        Map<String, Object> arguments = new LinkedHashMap<>();
        if (args != null) {
            if (!(args instanceof Map<?, ?> a)) {
                return refuse(id, "'arguments' must be an object of plain values, e.g. {\"level\":80}");
            }
            for (Map.Entry<?, ?> e : a.entrySet()) {
                Object v = e.getValue();
                if (v instanceof BigInteger || v instanceof BigDecimal) {
                    v = ((Number) v).doubleValue();
                }
                if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                    return refuse(id, "argument '" + e.getKey() + "' must be a string, number or boolean, not "
                            + (v == null ? "null" : "a nested value"));
                }
                arguments.put(String.valueOf(e.getKey()), v);
            }
        }
        Object from = m.get("origin");
        String who = from == null ? origin : origin + ":" + from;
        return new Parsed(new Command(id, n, (String) target, arguments, who, receivedAt), id, null);
    }

    private static Parsed refuse(String id, String reason) {
        return new Parsed(null, id, reason);
    }

    /** The result message of a command (or of a command message that could not be read: name null). */
    public static byte[] result(String node, String id, String name, String target, CommandResult result,
                                Instant at) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("node", node);
        r.put("id", id);
        if (name != null) {
            r.put("name", name);
        }
        if (target != null && !target.isEmpty()) {
            r.put("target", target);
        }
        r.put("accepted", result.accepted());
        r.put("reason", result.reason());
        if (!result.details().isEmpty()) {
            r.put("details", result.details());
        }
        r.put("time", at);
        return UplinkJson.object(r);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
