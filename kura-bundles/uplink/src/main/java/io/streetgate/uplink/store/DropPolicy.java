package io.streetgate.uplink.store;

import io.streetgate.analytics.privacy.UplinkMessage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What goes first when the store is full: the lowest class first, and within a class the oldest first.
 * A message is never dropped silently: every drop is counted per kind and reported upstream.
 * <ul>
 *   <li>4, kept longest: what the node did and changed ({@code audit}, {@code ota}, {@code actuator},
 *       {@code energy}) - the record of who moved a lamp or updated the node must survive a long outage, and a
 *       campaign waits for its update's reports;</li>
 *   <li>3: events and command results ({@code event}, {@code alarm}, {@code command-result}) - rare, and each
 *       one matters;</li>
 *   <li>2: indices and period results ({@code aqi}, {@code noise}, {@code noise-day}, {@code occupancy},
 *       {@code water}, {@code night-flow}, {@code light}) - one per period, summing up many readings;</li>
 *   <li>1: per-sensor window summaries ({@code summary});</li>
 *   <li>0, dropped first: anything else (raw readings, diagnostics, kinds added later) and the audit records of
 *       refused commands ({@code audit} with {@code action} {@code refused}): anyone who can publish on the
 *       command topic can make those, so they must not push out the records of what was done.</li>
 * </ul>
 */
public final class DropPolicy {

    public static final int NODE_REPORTS = 4;
    public static final int EVENTS = 3;
    public static final int INDICES = 2;
    public static final int SUMMARIES = 1;
    public static final int OTHER = 0;

    public static final DropPolicy DEFAULT = new DropPolicy(Map.of(
            NODE_REPORTS, Set.of("audit", "ota", "actuator", "energy"),
            EVENTS, Set.of("event", "alarm", "command-result"),
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

    /** The class of a message: its kind's, but a refused command's audit record is dropped first. */
    public int priority(UplinkMessage m) {
        if ("audit".equals(m.kind()) && "refused".equals(m.fields().get("action"))) {
            return OTHER;
        }
        return priority(m.kind());
    }

    /** The kinds of one class, for documentation and status. */
    public List<String> kinds(int priority) {
        return classes.entrySet().stream().filter(e -> e.getValue() == priority).map(Map.Entry::getKey).sorted()
                .toList();
    }
}
