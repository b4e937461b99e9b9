package io.streetgate.coap.internal;

import io.streetgate.coap.senml.SenmlRecord;
import io.streetgate.driver.Measurement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Each node's last value of every source and quantity it posted, for {@code GET /readings/<node>} and its
 * observers. Bounded: at most {@link #PER_NODE} values per node (the oldest goes) and only provisioned nodes.
 */
final class LatestReadings {

    static final int PER_NODE = 64;

    private final Map<String, Map<String, SenmlRecord>> byNode = new ConcurrentHashMap<>();
    private final Consumer<String> onChange;

    /** @param onChange called with the node id after its values changed */
    LatestReadings(Consumer<String> onChange) {
        this.onChange = onChange;
    }

    void update(String nodeId, List<Measurement> measurements) {
        if (measurements.isEmpty()) {
            return;
        }
        Map<String, SenmlRecord> values = byNode.computeIfAbsent(nodeId, id -> new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SenmlRecord> eldest) {
                return size() > PER_NODE;
            }
        });
        synchronized (values) {
            for (Measurement m : measurements) {
                String name = seriesName(m);
                values.put(name, SenmlRecord.number(name, m.unit().senml(), m.timestamp(), m.value()));
            }
        }
        onChange.accept(nodeId);
    }

    /** A reading's series as a SenML name: its source and quantity. */
    static String seriesName(Measurement m) {
        return m.sourceId() + "/" + m.quantity().name();
    }

    /** The node's values, least recently updated first. */
    List<SenmlRecord> of(String nodeId) {
        Map<String, SenmlRecord> values = byNode.get(nodeId);
        if (values == null) {
            return List.of();
        }
        synchronized (values) {
            return new ArrayList<>(values.values());
        }
    }
}
