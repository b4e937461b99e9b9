package io.streetgate.site;

import io.streetgate.driver.Durations;
import io.streetgate.driver.OptionSpec;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One mapping of the site file being read: typed getters that report problems with the dotted path and the
 * line, and a check for keys nobody read (typos).
 */
final class YamlSection {

    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> read = new HashSet<>();
    private final Problems problems;
    private final int problemsAtStart;

    private YamlSection(String path, Node node, Problems problems) {
        this.path = path;
        this.node = node;
        this.problems = problems;
        this.problemsAtStart = problems.count();
    }

    /** Reads a mapping node; a node of another shape is reported and gives an empty section. */
    static YamlSection of(String path, Node node, Problems problems) {
        YamlSection section = new YamlSection(path, node, problems);
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    problems.add(tuple.getKeyNode(), path, null, "has a key that is not a plain name");
                    continue;
                }
                if (section.entries.putIfAbsent(key.getValue(), tuple) != null) {
                    problems.add(key, section.child(key.getValue()), null,
                            "is given twice; keep one (the second would silently win)");
                }
            }
        } else if (node != null && !isNull(node)) {
            problems.add(node, path, null, "must be a section of 'key: value' lines");
        }
        return section;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && "tag:yaml.org,2002:null".equals(s.getTag().getValue());
    }

    String path() {
        return path;
    }

    Node node() {
        return node;
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Whether reading this section (and its children) reported no new problem. */
    boolean clean() {
        return problems.count() == problemsAtStart;
    }

    Problems problems() {
        return problems;
    }

    Collection<String> keys() {
        return entries.keySet();
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    Optional<Node> node(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            return Optional.empty();
        }
        read.add(key);
        return isNull(tuple.getValueNode()) ? Optional.empty() : Optional.of(tuple.getValueNode());
    }

    Node keyNode(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? node : tuple.getKeyNode();
    }

    YamlSection section(String key) {
        return of(child(key), node(key).orElse(null), problems);
    }

    /** The items of a list; a single value is a list of one. */
    java.util.List<Node> list(String key) {
        Optional<Node> value = node(key);
        if (value.isEmpty()) {
            return java.util.List.of();
        }
        if (value.get() instanceof SequenceNode seq) {
            return seq.getValue();
        }
        return java.util.List.of(value.get());
    }

    /** A list of plain values, e.g. {@code [a, b, c]}. */
    java.util.List<String> scalars(String key) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Node item : list(key)) {
            if (item instanceof ScalarNode s) {
                out.add(s.getValue());
            } else {
                problems.add(item, child(key), null, "must be a list of plain values, e.g. [a, b]");
            }
        }
        return out;
    }

    Optional<String> scalar(String key) {
        Optional<Node> value = node(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get() instanceof ScalarNode s) {
            return Optional.of(s.getValue());
        }
        problems.add(value.get(), child(key), null, "must be a single value, not a list or section");
        return Optional.empty();
    }

    Optional<String> requiredScalar(String key, String what) {
        Optional<String> value = scalar(key);
        if (value.isEmpty() && !entries.containsKey(key)) {
            problems.add(node, child(key), null, "is missing; " + what);
        } else if (value.isEmpty() && entries.containsKey(key) && isNull(entries.get(key).getValueNode())) {
            problems.add(keyNode(key), child(key), null, "is empty; " + what);
        }
        return value;
    }

    Optional<Duration> duration(String key, Duration min, Duration max, Duration fallback) {
        Optional<String> text = scalar(key);
        if (text.isEmpty()) {
            return Optional.ofNullable(fallback);
        }
        Optional<Duration> d = Durations.parse(text.get());
        if (d.isEmpty()) {
            problem(key, text.get(), "is not a duration; " + Durations.HINT);
        } else if (d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0) {
            problem(key, text.get(), "is outside " + Durations.format(min) + ".." + Durations.format(max));
            return Optional.empty();
        }
        return d;
    }

    Optional<Integer> integer(String key, int min, int max, Integer fallback) {
        Optional<String> text = scalar(key);
        if (text.isEmpty()) {
            return Optional.ofNullable(fallback);
        }
        try {
            int n = Integer.decode(text.get().trim());
            if (n >= min && n <= max) {
                return Optional.of(n);
            }
            problem(key, text.get(), "is outside " + min + ".." + max);
        } catch (NumberFormatException e) {
            problem(key, text.get(), "is not a whole number; valid: " + min + ".." + max);
        }
        return Optional.empty();
    }

    Optional<Double> decimal(String key, double min, double max, Double fallback) {
        Optional<String> text = scalar(key);
        if (text.isEmpty()) {
            return Optional.ofNullable(fallback);
        }
        try {
            double n = Double.parseDouble(text.get().trim());
            if (n >= min && n <= max) {
                return Optional.of(n);
            }
            problem(key, text.get(), "is outside " + min + ".." + max);
        } catch (NumberFormatException e) {
            problem(key, text.get(), "is not a number; valid: " + min + ".." + max);
        }
        return Optional.empty();
    }

    Optional<Boolean> bool(String key, boolean fallback) {
        Optional<String> text = scalar(key);
        if (text.isEmpty()) {
            return Optional.of(fallback);
        }
        return switch (text.get().trim()) {
            case "true", "yes", "on" -> Optional.of(true);
            case "false", "no", "off" -> Optional.of(false);
            default -> {
                problem(key, text.get(), "is not true or false");
                yield Optional.empty();
            }
        };
    }

    /** A whole number read by its definition: its key, range and default ({@link SiteSettings}). */
    Optional<Integer> integer(OptionSpec spec) {
        return integer(spec.name(), (int) spec.min(), (int) spec.max(),
                spec.defaultValue() == null ? null : Integer.valueOf(spec.defaultValue()));
    }

    /** A number read by its definition. */
    Optional<Double> decimal(OptionSpec spec) {
        return decimal(spec.name(), spec.min(), spec.max(),
                spec.defaultValue() == null ? null : Double.valueOf(spec.defaultValue()));
    }

    /** A duration read by its definition. */
    Optional<Duration> duration(OptionSpec spec) {
        return duration(spec.name(), Duration.ofMillis((long) spec.min()), Duration.ofMillis((long) spec.max()),
                spec.defaultValue() == null ? null : Durations.parse(spec.defaultValue()).orElseThrow());
    }

    /** true or false, read by its definition. */
    Optional<Boolean> bool(OptionSpec spec) {
        return bool(spec.name(), Boolean.parseBoolean(spec.defaultValue()));
    }

    /** Text read by its definition: the value, else its default. */
    String text(OptionSpec spec) {
        return scalar(spec.name()).orElse(spec.defaultValue());
    }

    /** Checks a value against an option spec, reporting with this section's path. */
    Optional<String> option(String key, OptionSpec spec) {
        Optional<String> text = scalar(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return spec.check(text.get(), reason -> problem(key, text.get(), reason));
    }

    void problem(String key, String value, String message) {
        Node at = node(key).orElse(keyNode(key));
        problems.add(at, child(key), value, message);
    }

    /** Reports every key that no getter read, with the closest valid key as a hint. */
    void rejectUnknownKeys(Collection<String> valid) {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            String key = e.getKey();
            if (read.contains(key) || valid.contains(key)) {
                continue;
            }
            String hint = Problems.suggestion(key, valid);
            problems.add(e.getValue().getKeyNode(), child(key), null, "is not a known key"
                    + (hint.isEmpty() ? "." : "; did you mean '" + hint + "'?")
                    + (valid.isEmpty() ? "" : " Valid here: " + String.join(", ", valid)));
        }
    }
}
