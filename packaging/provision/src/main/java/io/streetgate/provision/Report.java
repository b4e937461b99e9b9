package io.streetgate.provision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run did or what a check found, one line per area, for a technician's small screen (at most 60 columns)
 * or, as JSON, for the ticket system.
 */
final class Report {
    static final int WIDTH = 60;
    private static final int AREA = 9;
    private static final int STATE = 7;
    private static final String INDENT = " ".repeat(AREA + 1 + STATE + 1);

    enum State {
        NEW("new"), KEPT("kept"), CHANGED("changed"), REMOVED("removed"), MISSING("missing"), NONE("-"),
        OK("ok"), BAD("bad");

        final String word;

        State(String word) {
            this.word = word;
        }

        boolean changes() {
            return this == NEW || this == CHANGED || this == REMOVED;
        }
    }

    /** One area: identity, cert, psk, broker, ca, site. {@code more} holds extra lines (a fingerprint). */
    record Line(String area, State state, String detail, List<String> more) {
    }

    private final String title;
    private final List<Line> lines = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> alsoChanged = new ArrayList<>();
    private final Map<String, Object> facts = new LinkedHashMap<>();
    private boolean failed;
    private boolean complete;
    private String footer;

    Report(String title) {
        this.title = title;
    }

    Report line(String area, State state, String detail, String... more) {
        lines.add(new Line(area, state, detail, List.of(more)));
        return this;
    }

    /** Something to do next or to know, printed after the lines. */
    Report note(String note) {
        notes.add(note);
        return this;
    }

    /** Machine-readable facts for --json only (fingerprints in full, paths). */
    Report fact(String key, Object value) {
        facts.put(key, value);
        return this;
    }

    /** A step could not be carried out; the run exits 1. */
    Report failed(boolean value) {
        failed = value;
        return this;
    }

    boolean failed() {
        return failed;
    }

    /** --check: everything a working node needs is there. */
    Report complete(boolean value) {
        complete = value;
        return this;
    }

    boolean complete() {
        return complete;
    }

    Report footer(String value) {
        footer = value;
        return this;
    }

    String footer() {
        return footer;
    }

    List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Something changed within an area whose line says kept (a new CSR for the kept key). */
    Report alsoChanged(String what) {
        alsoChanged.add(what);
        return this;
    }

    List<String> changedAreas() {
        List<String> changed = new ArrayList<>(lines.stream().filter(l -> l.state().changes()).map(Line::area).toList());
        alsoChanged.stream().filter(a -> !changed.contains(a)).forEach(changed::add);
        return changed;
    }

    String text(String footer) {
        StringBuilder out = new StringBuilder();
        wrap(title, "", out);
        for (Line l : lines) {
            String head = pad(l.area(), AREA) + " " + pad(l.state().word, STATE) + " ";
            wrap(head + l.detail(), INDENT, out);
            for (String more : l.more()) {
                wrap("  " + more, "  ", out); // a fingerprint is too wide to sit under the detail column
            }
        }
        for (String n : notes) {
            wrap("- " + n, "  ", out);
        }
        if (footer != null) {
            wrap(footer, "", out);
        }
        return out.toString();
    }

    Map<String, Object> json(int exitCode, String error, List<String> details) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("ok", exitCode == 0);
        root.put("exit", exitCode);
        root.put("title", title);
        List<Object> items = new ArrayList<>();
        for (Line l : lines) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("area", l.area());
            item.put("state", l.state().word);
            item.put("detail", l.detail());
            if (!l.more().isEmpty()) {
                item.put("more", l.more());
            }
            items.add(item);
        }
        root.put("items", items);
        root.put("changed", changedAreas());
        root.put("notes", List.copyOf(notes));
        root.putAll(facts);
        if (error != null) {
            root.put("error", error);
            root.put("details", details);
        }
        return root;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** Breaks at spaces so that no line is wider than {@link #WIDTH}; a longer word (a path) is cut. */
    static void wrap(String text, String continuation, StringBuilder out) {
        String rest = text;
        boolean first = true;
        while (true) {
            String line = first ? rest : continuation + rest;
            if (line.length() <= WIDTH) {
                out.append(line.stripTrailing()).append('\n');
                return;
            }
            int cut = line.lastIndexOf(' ', WIDTH);
            if (cut <= continuation.length()) {
                cut = WIDTH; // no space to break at: cut the word
            }
            out.append(line, 0, cut).append('\n');
            rest = line.substring(cut).stripLeading();
            if (rest.isEmpty()) {
                return;
            }
            first = false;
        }
    }
}
