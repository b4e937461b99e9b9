package io.streetgate.console;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gateway's recent log lines for the log page: the last {@link #MAX_LINES}, each cut at
 * {@link #MAX_MESSAGE} characters. It holds what the log already holds, nothing more.
 */
public final class LogBuffer {

    static final int MAX_LINES = 2000;
    static final int MAX_MESSAGE = 2000;
    public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    /** One log line. */
    public record Line(long sequence, Instant at, String level, String logger, String message) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", sequence);
            m.put("at", at.toString());
            m.put("level", level);
            m.put("logger", logger);
            m.put("message", message);
            return m;
        }

        public String toText() {
            return at + " " + level + " " + logger + " " + message;
        }
    }

    private final Deque<Line> lines = new ArrayDeque<>();
    private long sequence;

    public synchronized void add(Instant at, String level, String logger, String message) {
        String text = message == null ? "" : message;
        if (text.length() > MAX_MESSAGE) {
            text = text.substring(0, MAX_MESSAGE) + "... (cut at " + MAX_MESSAGE + " characters)";
        }
        String shortLogger = logger == null ? "" : logger.substring(logger.lastIndexOf('.') + 1);
        lines.addLast(new Line(++sequence, at, level.toUpperCase(Locale.ROOT), shortLogger, text));
        while (lines.size() > MAX_LINES) {
            lines.removeFirst();
        }
    }

    /** Lines newer than {@code after} at {@code minLevel} or above, oldest first. */
    public synchronized List<Line> since(long after, String minLevel) {
        int min = rank(minLevel);
        List<Line> out = new ArrayList<>();
        for (Line l : lines) {
            if (l.sequence() > after && rank(l.level()) >= min) {
                out.add(l);
            }
        }
        return out;
    }

    public synchronized long sequence() {
        return sequence;
    }

    /** The rank of a level name; the error names the value and the valid ones. */
    public static int rank(String level) {
        int i = LEVELS.indexOf(level == null ? "" : level.toUpperCase(Locale.ROOT));
        if (i < 0) {
            throw new IllegalArgumentException("level '" + level + "' is not one of " + String.join(", ", LEVELS));
        }
        return i;
    }
}
