package io.streetgate.distribution.hour;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares the recorded upstream content of the simulated hour with a run's, line by line (one publication a
 * line: its topic, a space, its canonical JSON), and says each difference as a reader wants it: which message
 * (its number in the file and its topic), which field, the recorded value and the new one.
 */
final class HourDiff {

    private HourDiff() {
    }

    static List<String> compare(String file, List<String> recorded, List<String> now) throws IOException {
        List<String> out = new ArrayList<>();
        int n = Math.max(recorded.size(), now.size());
        for (int i = 0; i < n; i++) {
            String before = i < recorded.size() ? recorded.get(i) : null;
            String after = i < now.size() ? now.get(i) : null;
            if (Objects.equals(before, after)) {
                continue;
            }
            String where = file + " message " + (i + 1);
            if (before == null || after == null) {
                out.add(where + ": " + (before == null ? "new, not recorded: " + after : "recorded, not sent now: "
                        + before));
                continue;
            }
            String topicBefore = topic(before);
            String topicAfter = topic(after);
            if (!topicBefore.equals(topicAfter)) {
                out.add(where + ": recorded on " + topicBefore + ", now on " + topicAfter);
                continue;
            }
            Map<String, Object> fieldsBefore = flat(before);
            Map<String, Object> fieldsAfter = flat(after);
            for (String field : union(fieldsBefore, fieldsAfter)) {
                Object a = fieldsBefore.get(field);
                Object b = fieldsAfter.get(field);
                if (!Objects.equals(a, b)) {
                    out.add(where + " (" + topicBefore + "), field " + field + ": recorded "
                            + (fieldsBefore.containsKey(field) ? a : "(absent)") + ", now "
                            + (fieldsAfter.containsKey(field) ? b : "(absent)"));
                }
            }
        }
        return out;
    }

    private static String topic(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? line : line.substring(0, space);
    }

    /** The line's JSON object with nested objects flattened: {@code metrics > summary/temperature/mean > value}. */
    private static Map<String, Object> flat(String line) throws IOException {
        Map<String, Object> out = new TreeMap<>();
        flatten("", JSON.std.mapFrom(line.substring(line.indexOf(' ') + 1)), out);
        return out;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out) {
        map.forEach((k, v) -> {
            String key = prefix.isEmpty() ? String.valueOf(k) : prefix + " > " + k;
            if (v instanceof Map<?, ?> inner) {
                flatten(key, inner, out);
            } else {
                out.put(key, v);
            }
        });
    }

    /** Every field of either, in name order. */
    private static Set<String> union(Map<String, Object> a, Map<String, Object> b) {
        Set<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }
}
