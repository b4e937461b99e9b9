package io.streetgate.distribution;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table of docs/privacy.md, read as the specification of what may leave the node: each kind with the
 * fields it may carry. Checks an upstream JSON message against it.
 */
final class PrivacyTable {

    static final Path PAGE = Path.of("../../docs/privacy.md");
    /** What every JSON data message carries besides its fields (docs/uplink.md). */
    static final Set<String> ENVELOPE = Set.of("node", "kind", "seq", "epoch", "sourceId");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z.-]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);

    private final Map<String, Set<String>> fields;

    private PrivacyTable(Map<String, Set<String>> fields) {
        this.fields = fields;
    }

    static PrivacyTable read() throws IOException {
        String page = Files.readString(PAGE);
        String table = page.substring(page.indexOf("<!-- privacy:begin -->"), page.indexOf("<!-- privacy:end -->"));
        Map<String, Set<String>> fields = new LinkedHashMap<>();
        Matcher m = ROW.matcher(table);
        while (m.find()) {
            Set<String> names = new LinkedHashSet<>();
            Arrays.stream(m.group(2).split(",")).map(String::strip).map(s -> s.replace("`", "")).forEach(names::add);
            fields.put(m.group(1), names);
        }
        return new PrivacyTable(fields);
    }

    /** Every kind with its fields, in the page's order. */
    Map<String, Set<String>> kinds() {
        return fields;
    }

    Set<String> fields(String kind) {
        return fields.getOrDefault(kind, Set.of());
    }

    /**
     * What in a message published by the node on {@code streetgate/<node>/...} the table does not name, as
     * "topic: field" lines; empty when all of it may leave.
     */
    List<String> violations(String topic, byte[] payload) throws IOException {
        String[] path = topic.split("/");
        Map<String, Object> message = JSON.std.mapFrom(payload);
        List<String> out = new ArrayList<>();
        String rest = String.join("/", Arrays.copyOfRange(path, 2, path.length));
        switch (rest) {
            case "state" -> {
                unnamed(topic, message, fields("state"), out);
                if (message.get("parts") instanceof List<?> parts) {
                    for (Object part : parts) {
                        unnamed(topic + " parts[]", (Map<?, ?>) part, fields("state.parts"), out);
                    }
                }
                if (message.get("store") instanceof Map<?, ?> store) {
                    unnamed(topic + " store", store, fields("state.store"), out);
                }
            }
            case "dropped" -> unnamed(topic, message, fields("dropped"), out);
            case "cmd/result" -> unnamed(topic, message, fields("result"), out);
            default -> {
                String kind = path[2];
                if (!fields.containsKey(kind)) {
                    out.add(topic + ": kind '" + kind + "' is not in the table");
                }
                Set<String> allowed = new LinkedHashSet<>(ENVELOPE);
                allowed.addAll(fields(kind));
                unnamed(topic, message, allowed, out);
            }
        }
        return out;
    }

    /**
     * What in the names of a Sparkplug B birth's metrics the table does not name: node metrics must be in
     * {@code sparkplug.node}; a device metric {@code <kind>[/<quantity>]/<field>} must name a kind of the table
     * and one of its fields or {@code sparkplug.device}'s.
     */
    List<String> sparkplugViolations(String topic, List<String> metricNames) {
        List<String> out = new ArrayList<>();
        boolean node = topic.contains("/NBIRTH/") || topic.contains("/NDATA/");
        for (String name : metricNames) {
            if (node) {
                if (!fields("sparkplug.node").contains(name)) {
                    out.add(topic + ": " + name);
                }
                continue;
            }
            String kind = name.substring(0, Math.max(0, name.indexOf('/')));
            String field = name.substring(name.lastIndexOf('/') + 1);
            if (!fields.containsKey(kind) || !(fields(kind).contains(field)
                    || fields("sparkplug.device").contains(field))) {
                out.add(topic + ": " + name);
            }
        }
        return out;
    }

    private static void unnamed(String where, Map<?, ?> message, Set<String> allowed, List<String> out) {
        for (Object key : message.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                out.add(where + ": " + key);
            }
        }
    }
}
