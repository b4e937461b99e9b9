package io.streetgate.site;

import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Collects problems while a site file is read, with the file name and line of each. */
final class Problems {

    /** The path of a problem of the whole file rather than of one key. */
    static final String WHOLE_FILE = "(file)";

    private final String source;
    private final List<Problem> list = new ArrayList<>();

    Problems(String source) {
        this.source = source;
    }

    void add(Node at, String path, String value, String message) {
        list.add(new Problem(source, at == null ? 0 : at.getStartMark().getLine() + 1,
                path.isEmpty() ? WHOLE_FILE : path, value, message));
    }

    int count() {
        return list.size();
    }

    List<Problem> list() {
        return List.copyOf(list);
    }

    /** The closest of {@code known} to {@code word}, for "did you mean" hints; empty when none is close. */
    static String suggestion(String word, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(word.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(1, Math.min(3, word.length() / 3)) ? best : "";
    }

    /** Levenshtein edit distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
