package io.streetgate.uplink.payload;

import io.streetgate.gateway.api.format.CommandJson;
import io.streetgate.gateway.api.format.CommandSignature;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a Sparkplug NCMD/DCMD says about its command besides the command itself, in metrics under
 * {@value #PREFIX} (docs/uplink.md): {@code Command/Expires} (DateTime, or a UTC text) until when it holds, and
 * a signature, {@code Command/Key} (the key's name) and {@code Command/Signature} (base64 of the Ed25519
 * signature). A signed message carries one command; the signature covers the canonical form of
 * {@link #members}, the same form a JSON command message is signed over.
 */
final class SparkplugCommandTimes {

    static final String PREFIX = "Command/";
    static final String EXPIRES = PREFIX + "Expires";
    static final String KEY = PREFIX + "Key";
    static final String SIGNATURE = PREFIX + "Signature";

    private Instant expires;
    private String key;
    private byte[] signature;
    private String problem;

    /** Takes one of the {@value #PREFIX} metrics. */
    void take(String name, Object value) {
        switch (name) {
            case EXPIRES -> {
                try {
                    expires = value instanceof Date d ? d.toInstant() : Instant.parse(String.valueOf(value).trim());
                } catch (DateTimeParseException e) {
                    problem = EXPIRES + " " + CommandJson.shortened(value) + " is not a UTC time";
                }
            }
            case KEY -> key = value instanceof String s && s.length() <= 64 ? s : null;
            case SIGNATURE -> {
                try {
                    signature = value instanceof byte[] b ? b : value instanceof String s && s.length() <= 128
                            ? Base64.getMimeDecoder().decode(s) : null;
                } catch (IllegalArgumentException e) {
                    signature = null;
                }
                if (signature == null) {
                    problem = SIGNATURE + " is not a base64 text or bytes";
                }
            }
            default -> problem = "unknown metric " + CommandJson.shortened(name) + "; under " + PREFIX + " there are "
                    + "Expires, Key and Signature";
        }
    }

    /** Why the message's times or signature cannot be read, or null. */
    String problem() {
        if (problem == null && (key == null) != (signature == null)) {
            return "a signed command carries both " + KEY + " (the key's name) and " + SIGNATURE;
        }
        return problem;
    }

    boolean signed() {
        return key != null && signature != null;
    }

    Instant expires() {
        return expires;
    }

    /** The signature over the command's canonical form for this node, or null when the message is not signed. */
    CommandSignature.Signed signature(String node, String id, String command, String device,
                                      Map<String, Object> arguments, Instant issued) {
        return signed() ? new CommandSignature.Signed(key, CommandSignature.canonical(node,
                members(id, command, device, arguments, issued, expires, key)), signature) : null;
    }

    /**
     * What a Sparkplug command is signed as: the members of the JSON command message it stands for. A host
     * signs these with {@link CommandSignature#sign} for the node's id.
     *
     * @param id     the payload's uuid, or null when it has none
     * @param device the DCMD's device, or null for an NCMD
     * @param issued the payload's timestamp
     */
    static Map<String, Object> members(String id, String command, String device, Map<String, Object> arguments,
                                       Instant issued, Instant expires, String key) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (id != null) {
            m.put("id", id);
        }
        m.put("name", command);
        if (device != null) {
            m.put("target", device);
        }
        m.put("arguments", arguments);
        // times as Sparkplug carries them, milliseconds since the epoch: one spelling in every language
        if (issued != null) {
            m.put("issued", issued.toEpochMilli());
        }
        if (expires != null) {
            m.put("expires", expires.toEpochMilli());
        }
        m.put("key", key);
        return m;
    }
}
