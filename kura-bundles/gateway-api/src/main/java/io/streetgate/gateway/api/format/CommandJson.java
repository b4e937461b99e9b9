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
 * <pre>{"id":"c-17","name":"actuator.override","target":"lamp-1","arguments":{"level":0.8,"for":"30m"},
 *  "origin":"ops-console","issued":"2026-06-21T19:45:00Z","expires":"2026-06-21T19:50:00Z"}</pre>
 * {@code name} is required; {@code id} (echoed in the result), {@code target}, {@code arguments} (plain
 * values: strings, numbers, booleans), {@code origin} (who sent it, for the audit), {@code issued} and
 * {@code expires} (UTC times: when it was sent, until when it holds), and a signature ({@code key}, the name
 * of the signing key, and {@code signature}, see {@link CommandSignature}) are optional here; the uplink's
 * command rules decide which of them a node requires. The result goes to {@code <prefix>/<node>/cmd/result}:
 * <pre>{"node":"pole-0042","id":"c-17","name":"actuator.override","target":"lamp-1","accepted":true,
 *  "reason":"lamp-1 at 80 % until 20:15","details":{...},"time":"2026-06-21T19:45:00Z"}</pre>
 */
public final class CommandJson {

    /** Command names and ids: what a topic-safe, log-safe identifier looks like. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,63}");
    private static final List<String> KEYS = List.of("id", "name", "target", "arguments", "origin", "issued",
            "expires", "key", "signature");
    /** The largest command message, on every path (JSON and Sparkplug): commands are a few hundred bytes. */
    public static final int MAX_BYTES = 64 * 1024;
    /** Base64 of an Ed25519 signature (64 bytes) is 88 characters; a little room for line breaks. */
    private static final int MAX_SIGNATURE_CHARS = 128;

    private CommandJson() {
    }

    /**
     * A command message read: either the command with until when it holds and its signature, or why it was
     * refused (with the id it carried, if any, so that the refusal can be matched).
     *
     * @param issued  the message's {@code issued}, or null when it has none (the command's
     *                {@link Command#issuedAt} is then its arrival)
     * @param expires the message's {@code expires}, or null when it has none
     * @param signed  its signature, or null when it is not signed
     */
    public record Parsed(Command command, String id, String refusal, Instant issued, Instant expires,
                         CommandSignature.Signed signed) {
        public boolean isValid() {
            return command != null;
        }
    }

    /** Whether a text is a command name (the same rule for every path a command comes by). */
    public static boolean isCommandName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Why a name is not a command name, for a refusal. */
    public static String notACommandName(Object name) {
        String shown = String.valueOf(name);
        return "'name' " + (shown.length() > 64 ? shown.substring(0, 64) + "..." : shown)
                + " is not a command name (letters, digits, '.', '_', '/', '-', at most 64)";
    }

    /**
     * Reads a command message.
     *
     * @param node the node it was sent to: a signature covers it
     */
    public static Parsed parse(byte[] payload, String node, String origin, Instant receivedAt) {
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
                return refuse(id, "unknown key '" + shortened(key) + "'; a command message has " + String.join(", ", KEYS));
            }
        }
        Object name = m.get("name");
        if (!(name instanceof String n) || !isCommandName(n)) {
            return refuse(id, name == null ? "'name' is missing; it names the command, e.g. actuator.override"
                    : notACommandName(name));
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
        if (from != null && !(from instanceof String)) {
            return refuse(id, "'origin' must be a string (who sent the command)");
        }
        Instant issued = null;
        Instant expires = null;
        for (String key : List.of("issued", "expires")) {
            Object v = m.get(key);
            if (v == null) {
                continue;
            }
            Instant t = instant(v);
            if (t == null) {
                return refuse(id, "'" + key + "' " + shortened(v) + " is not a UTC time; write e.g. "
                        + "2026-06-21T19:45:00Z");
            }
            if (key.equals("issued")) {
                issued = t;
            } else {
                expires = t;
            }
        }
        if (issued != null && expires != null && !expires.isAfter(issued)) {
            return refuse(id, "'expires' " + expires + " is not after 'issued' " + issued);
        }
        CommandSignature.Signed signed = null;
        Object key = m.get("key");
        Object signature = m.get("signature");
        if (key != null || signature != null) {
            if (!(key instanceof String k) || !isCommandName(k)) {
                return refuse(id, "a signed command names its key: 'key' is the name of a key the node allows "
                        + "(letters, digits, '.', '_', '/', '-')");
            }
            byte[] bytes = signature instanceof String text && text.length() <= MAX_SIGNATURE_CHARS
                    ? base64(text) : null;
            if (bytes == null) {
                return refuse(id, "'signature' is missing or not base64; sign with streetgate command sign");
            }
            signed = new CommandSignature.Signed(k, CommandSignature.canonical(node, m), bytes);
        }
        String who = from == null ? origin : origin + ":" + from;
        return new Parsed(new Command(id, n, (String) target, arguments, who, receivedAt, issued), id, null, issued,
                expires, signed);
    }

    private static Parsed refuse(String id, String reason) {
        return new Parsed(null, id, reason, null, null, null);
    }

    private static Instant instant(Object v) {
        try {
            return v instanceof String s && s.length() <= 40 ? Instant.parse(s.trim()) : null;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static byte[] base64(String text) {
        try {
            return java.util.Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A value as a refusal shows it: at most 40 characters. */
    public static String shortened(Object v) {
        String s = String.valueOf(v);
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
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

    /** The first line of a parser's message, at most 200 characters: a refusal never echoes a whole payload. */
    public static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
