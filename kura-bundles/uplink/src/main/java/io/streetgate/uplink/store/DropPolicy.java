package io.streetgate.uplink.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What goes first when the store is full: the lowest class first, and within a class the oldest first.
 * A message is never dropped silently: every drop is counted per kind and reported upstream.
 * <ul>
 *   <li>3, kept longest: events and the gateway's own reports ({@code event}, {@code alarm}, {@code audit},
 *       {@code command-result}, {@code ota}: an update's reports, which its campaign waits for) - rare, and each
 *       one matters;</li>
 *   <li>2: indices and period results ({@code aqi}, {@code noise}, {@code noise-day}, {@code occupancy},
 *       {@code water}, {@code night-flow}, {@code light}) - one per period, summing up many readings;</li>
 *   <li>1: per-sensor window summaries ({@code summary});</li>
 *   <li>0, dropped first: anything else (raw readings, diagnostics, kinds added later).</li>
 * </ul>
 */
public final class DropPolicy {

    public static final int EVENTS = 3;
    public static final int INDICES = 2;
    public static final int SUMMARIES = 1;
    public static final int OTHER = 0;

    public static final DropPolicy DEFAULT = new DropPolicy(Map.of(
            EVENTS, Set.of("event", "alarm", "audit", "command-result", "ota"),
            INDICES, Set.of("aqi", "noise", "noise-day", "occupancy", "water", "night-flow", "light"),
            SUMMARIES, Set.of("summary")));

    private final Map<String, Integer> classes = new LinkedHashMap<>();

    public DropPolicy(Map<Integer, Set<String>> kindsByClass) {
        kindsByClass.forEach((c, kinds) -> kinds.forEach(k -> classes.put(k, c)));
    }

    /** The class of a kind: higher is kept longer. */
    public int priority(String kind) {
        return classes.getOrDefault(kind, OTHER);
    }

    /** The kinds of one class, for documentation and status. */
    public List<String> kinds(int priority) {
        return classes.entrySet().stream().filter(e -> e.getValue() == priority).map(Map.Entry::getKey).sorted()
                .toList();
    }
}
