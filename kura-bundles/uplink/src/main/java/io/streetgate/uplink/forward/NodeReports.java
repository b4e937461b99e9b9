package io.streetgate.uplink.forward;

import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.payload.NodeState;
import io.streetgate.uplink.payload.Outgoing;
import io.streetgate.uplink.payload.PayloadFormat;
import io.streetgate.uplink.store.ForwardStore;
import io.streetgate.uplink.store.StoreStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the uplink says of the node besides the store's messages: the node's state when it changed (at most
 * once per {@code stateEvery}), a report when the store dropped messages (one at a time, until the broker has
 * it), and the store's health to the node's own registry once a second. The sender thread asks it; not
 * thread-safe.
 */
final class NodeReports {

    static final String STORE_HEALTH = "uplink/store";
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long DROP_CHECK = TimeUnit.SECONDS.toNanos(5);

    private final PayloadFormat format;
    private final ForwardStore store;
    private final HealthRegistry health;
    private final TimeBase time;
    private final long stateEveryNanos;
    private String lastFingerprint;
    private long lastStateNanos;
    private long lastHealthNanos;
    private long lastDropCheckNanos;
    private boolean dropReportPending;

    NodeReports(PayloadFormat format, ForwardStore store, HealthRegistry health, TimeBase time, Duration stateEvery) {
        this.format = format;
        this.store = store;
        this.health = health;
        this.time = time;
        this.stateEveryNanos = stateEvery.toNanos();
    }

    NodeState nodeState() {
        return new NodeState(health.snapshot(), store.status());
    }

    /** The births or state that start a session; the state changes count from here. */
    List<Outgoing> sessionStarted() {
        NodeState state = nodeState();
        lastFingerprint = state.fingerprint();
        lastStateNanos = System.nanoTime();
        dropReportPending = false;
        lastDropCheckNanos = 0;
        return format.sessionStarted(time.now(), state);
    }

    /** What is due now: a state message if the node's state changed, a drop report if messages were dropped. */
    List<Outgoing> due() {
        List<Outgoing> out = new ArrayList<>();
        long now = System.nanoTime();
        if (now - lastHealthNanos >= SECOND) {
            storeHealth(true);
            if (now - lastStateNanos >= stateEveryNanos) {
                NodeState state = nodeState();
                String fp = state.fingerprint();
                if (!fp.equals(lastFingerprint)) {
                    lastFingerprint = fp;
                    lastStateNanos = now;
                    out.addAll(format.stateChanged(time.now(), state));
                }
            }
        }
        if (!dropReportPending && now - lastDropCheckNanos >= DROP_CHECK) {
            lastDropCheckNanos = now;
            ForwardStore.DropReport drops = store.unreportedDrops();
            if (drops != null) {
                long total = drops.total();
                for (Outgoing o : format.dropped(time.now(), drops)) {
                    // a format that says nothing now (no birth yet) is asked again at the next check
                    dropReportPending = true;
                    out.add(o.whenAcknowledged(() -> {
                        store.dropsReported(total);
                        dropReportPending = false;
                    }));
                }
            }
        }
        return out;
    }

    /** Reports the store's health, at most once a second unless forced. */
    void storeHealth(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastHealthNanos < SECOND) {
            return;
        }
        lastHealthNanos = now;
        StoreStatus s = store.status();
        Map<String, Object> d = new LinkedHashMap<>(s.details());
        d.put("summary", s.describe());
        health.report(STORE_HEALTH, s.health(), d);
    }
}
