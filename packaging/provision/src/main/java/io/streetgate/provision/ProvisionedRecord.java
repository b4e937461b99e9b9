package io.streetgate.provision;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code identity/provisioned.json}: the facts of provisioning (node id, broker URL, fingerprints, when each was
 * set), never a secret. Each area keeps the time it was last changed, so a re-run that keeps it keeps its date.
 */
final class ProvisionedRecord {
    private final Map<String, Object> root;

    private ProvisionedRecord(Map<String, Object> root) {
        this.root = root;
    }

    /** The record of an earlier run; an empty one when there was none or it is unreadable (it holds only facts). */
    static ProvisionedRecord read(Path file) {
        if (!Files.isRegularFile(file)) {
            return new ProvisionedRecord(new LinkedHashMap<>());
        }
        try {
            // JSON is YAML: SnakeYAML (already here for the site file) reads it, with its safe constructor
            Object parsed = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(Files.readString(file, StandardCharsets.UTF_8));
            if (parsed instanceof Map<?, ?> map) {
                Map<String, Object> root = new LinkedHashMap<>();
                map.forEach((k, v) -> root.put(String.valueOf(k), v));
                return new ProvisionedRecord(root);
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: start again from what the files say
        }
        return new ProvisionedRecord(new LinkedHashMap<>());
    }

    Optional<String> node() {
        return Optional.ofNullable(root.get("node")).map(String::valueOf);
    }

    Optional<String> string(String area, String key) {
        return area(area).map(a -> a.get(key)).map(String::valueOf);
    }

    private Optional<Map<?, ?>> area(String area) {
        return root.get(area) instanceof Map<?, ?> m ? Optional.of(m) : Optional.empty();
    }

    void node(String node, Instant now) {
        root.put("node", node);
        root.putIfAbsent("first_provisioned", now.toString());
        root.put("last_run", now.toString());
    }

    /** Sets an area's facts; {@code since} is now when it changed, else the date it had. */
    void put(String area, Map<String, Object> facts, boolean changed, Instant now) {
        Map<String, Object> entry = new LinkedHashMap<>(facts);
        String since = changed ? null : string(area, "since").orElse(null);
        entry.put("since", since != null ? since : now.toString());
        root.put(area, entry);
    }

    void remove(String area) {
        root.remove(area);
    }

    /** Facts in the order given (key, value, key, value...), so the file reads in a stable order. */
    static Map<String, Object> facts(Object... keysAndValues) {
        Map<String, Object> facts = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            facts.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return facts;
    }

    byte[] json() {
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }
}
