package io.streetgate.uplink.payload;

import io.streetgate.analytics.privacy.PrivacyGate;
import io.streetgate.driver.HealthState;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.uplink.store.StoreStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's health as it goes upstream: the worst state of its parts, the first reason, and every part
 * that is not ok; plus the store's figures that matter to an operator. A reason goes up with any network
 * address in it replaced ({@link PrivacyGate#withoutAddresses}): a part may name a peer (a failed DTLS
 * handshake's address and port) that the node's own status shows but that does not leave.
 *
 * @param parts every part's last report (HealthRegistry)
 * @param store the store
 */
public record NodeState(List<ComponentStatus> parts, StoreStatus store) {

    public NodeState {
        parts = List.copyOf(parts);
    }

    public HealthState overall() {
        HealthState worst = HealthState.OK;
        for (ComponentStatus p : parts) {
            if (p.health().state().ordinal() > worst.ordinal()) {
                worst = p.health().state();
            }
        }
        return worst;
    }

    /** "name: reason" of the first part in the worst state; empty when all are ok. */
    public String reason() {
        HealthState worst = overall();
        for (ComponentStatus p : parts) {
            if (p.health().state() == worst && worst != HealthState.OK) {
                return p.name() + ": " + PrivacyGate.withoutAddresses(p.health().reason());
            }
        }
        return "";
    }

    /** The parts that are not ok, as name, state, reason and since. */
    public List<Map<String, Object>> troubled() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ComponentStatus p : parts) {
            if (p.health().state() != HealthState.OK) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", p.name());
                m.put("state", p.health().state().name().toLowerCase());
                m.put("reason", PrivacyGate.withoutAddresses(p.health().reason()));
                m.put("since", p.health().since());
                out.add(m);
            }
        }
        return out;
    }

    /** The store's hours at the current rate, whole hours (-1: nothing arriving), so that it changes rarely. */
    public long holdsHours() {
        double h = store.holdsHours();
        return Double.isInfinite(h) ? -1 : Math.round(h);
    }

    /**
     * What decides whether the upstream state changed: states and reasons (not the times), the store's mode,
     * drops and hours. Counters that move with every message are not in it.
     */
    public String fingerprint() {
        StringBuilder b = new StringBuilder();
        for (ComponentStatus p : parts) {
            b.append(p.name()).append('=').append(p.health().state()).append(':').append(p.health().reason()).append(';');
        }
        b.append("store=").append(store.durable()).append('/').append(store.droppedTotal()).append('/')
                .append(holdsHours()).append('/').append(store.health().state());
        return b.toString();
    }
}
