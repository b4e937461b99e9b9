package io.streetgate.coap.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each node's use of its {@link NodeLimits}: the tokens left in its bucket and the series it holds, each with
 * when the node last posted it. Only provisioned nodes get an entry, so the map is bounded by the key file, and
 * each node's series by its cap. Time is the gateway's clock, passed in. Thread-safe.
 */
final class NodeBudgets {

    private final NodeLimits limits;
    private final Map<String, Budget> byNode = new ConcurrentHashMap<>();

    NodeBudgets(NodeLimits limits) {
        this.limits = limits;
    }

    NodeLimits limits() {
        return limits;
    }

    /**
     * Takes a token for one request of the node.
     *
     * @return 0 when the request may go on, else the whole seconds until the node's next token (at least 1)
     */
    long takeToken(String nodeId, Instant now) {
        Budget b = byNode.computeIfAbsent(nodeId, id -> new Budget(limits.burst(), now));
        synchronized (b) {
            double elapsed = Math.max(0, Duration.between(b.refilled, now).toNanos() / 1e9);
            b.tokens = Math.min(limits.burst(), b.tokens + elapsed * limits.ratePerSecond());
            if (!now.isBefore(b.refilled)) {
                b.refilled = now;
            }
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / limits.ratePerSecond()));
        }
    }

    /**
     * Counts the series of one accepted pack against the node's cap: either all of them are held from now on
     * (those already held are refreshed), or, when the new ones would take the node above its cap, none.
     *
     * @return -1 when the series are held, else how many series the node holds (the new ones do not fit)
     */
    int holdSeries(String nodeId, Collection<String> series, Instant now) {
        Budget b = byNode.computeIfAbsent(nodeId, id -> new Budget(limits.burst(), now));
        synchronized (b) {
            forgetIdle(b, now);
            Set<String> added = new HashSet<>();
            for (String s : series) {
                if (!b.series.containsKey(s)) {
                    added.add(s);
                }
            }
            if (b.series.size() + added.size() > limits.maxSeries()) {
                return b.series.size();
            }
            for (String s : series) {
                b.series.put(s, now);   // access order: the least recently posted series first
            }
            return -1;
        }
    }

    /** Series the node holds now. */
    int seriesOf(String nodeId, Instant now) {
        Budget b = byNode.get(nodeId);
        if (b == null) {
            return 0;
        }
        synchronized (b) {
            forgetIdle(b, now);
            return b.series.size();
        }
    }

    /** Series held over all nodes, idle ones forgotten. */
    int series(Instant now) {
        int n = 0;
        for (String nodeId : byNode.keySet()) {
            n += seriesOf(nodeId, now);
        }
        return n;
    }

    private void forgetIdle(Budget b, Instant now) {
        Instant cutoff = now.minus(limits.seriesIdle());
        for (Iterator<Instant> it = b.series.values().iterator(); it.hasNext(); ) {
            if (it.next().isAfter(cutoff)) {
                break;
            }
            it.remove();
        }
    }

    private static final class Budget {
        double tokens;
        Instant refilled;
        final LinkedHashMap<String, Instant> series = new LinkedHashMap<>(16, 0.75f, true);

        Budget(double tokens, Instant refilled) {
            this.tokens = tokens;
            this.refilled = refilled;
        }
    }
}
