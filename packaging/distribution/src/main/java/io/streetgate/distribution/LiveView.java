package io.streetgate.distribution;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The street as it is now, for a terminal: each sensor's latest values, each actuator's level and why, and the
 * last things that happened. {@code streetgate run} redraws it in place instead of scrolling a line per summary.
 */
final class LiveView {

    static final int EVENTS = 8;

    private final String node;
    private final Map<String, Map<String, String>> readings = new TreeMap<>();
    private final Map<String, String> actuators = new TreeMap<>();
    private final Deque<String> events = new ArrayDeque<>();
    private String latest = "";
    private int summaries;

    LiveView(String node) {
        this.node = node;
    }

    /** One message the gateway published on its local broker. */
    void accept(Map<String, Object> m) {
        String stamp = OutputPrinter.stamp(m);
        if (stamp.compareTo(latest) > 0) {
            latest = stamp; // ISO-8601 UTC times sort as text
        }
        String at = OutputPrinter.hhmm(stamp);
        Object kind = m.get("kind");
        String source = String.valueOf(m.getOrDefault("sourceId", m.getOrDefault("zone", m.get("lamp"))));
        if ("summary".equals(kind)) {
            summaries++;
            String unit = String.valueOf(m.getOrDefault("unit", ""));
            readings.computeIfAbsent(source, s -> new LinkedHashMap<>())
                    .put(String.valueOf(m.get("quantity")), (value(OutputPrinter.level(m)) + " " + unit).strip());
        } else if ("actuator".equals(kind)) {
            String now = value(m.get("level")) + "  " + m.getOrDefault("reason", "");
            if (!now.equals(actuators.put(source, now))) {
                event(at + "  " + source + " -> " + now + detail(m));
            }
        } else {
            event(OutputPrinter.format(m));
        }
    }

    private static String detail(Map<String, Object> m) {
        Object d = m.get("detail");
        return d == null || String.valueOf(d).isBlank() ? "" : " (" + d + ")";
    }

    private void event(String line) {
        events.addFirst(line);
        while (events.size() > EVENTS) {
            events.removeLast();
        }
    }

    /** The screen, each line at most {@code width} characters. */
    List<String> render(int width) {
        List<String> lines = new ArrayList<>();
        lines.add("streetgate " + node + "   gateway time " + (latest.isEmpty() ? "--:--" : OutputPrinter.hhmm(latest)) + " UTC   " + summaries + " summaries   Ctrl-C stops");
        lines.add("");
        lines.add("SENSORS (mean of the last minute)");
        readings.forEach((source, values) -> {
            StringBuilder row = new StringBuilder(String.format("  %-14s", source));
            values.forEach((quantity, value) -> row.append(' ').append(quantity).append(' ').append(value).append(" "));
            lines.add(row.toString().stripTrailing());
        });
        lines.add("");
        lines.add("ACTUATORS (level, why)");
        actuators.forEach((name, state) -> lines.add(String.format("  %-14s %s", name, state)));
        lines.add("");
        lines.add("LATEST");
        events.forEach(e -> lines.add("  " + e));
        return lines.stream().map(l -> l.length() > width ? l.substring(0, Math.max(0, width - 1)) + "…" : l).toList();
    }

    /** A reading at the precision a person reads it: 101922, 52.5, 19.79, 4.25e-05. */
    static String value(Object o) {
        if (!(o instanceof Number n)) {
            return "-";
        }
        double v = n.doubleValue();
        double a = Math.abs(v);
        if (v == 0) {
            return "0";
        }
        String format = a >= 1000 ? "%.0f" : a >= 100 ? "%.1f" : a >= 0.01 ? "%.2f" : "%.2e";
        return String.format(Locale.ROOT, format, v);
    }
}
