package io.streetgate.ota.campaign;

import io.streetgate.ota.agent.CampaignNotice;
import io.streetgate.ota.agent.UpdateReport;
import io.streetgate.ota.agent.UpdateState;
import io.streetgate.ota.tuf.Hashes;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A phased roll-out over a group of nodes. Nodes are ordered by a hash of campaign id and node id, so each phase
 * is a stable, spread-out sample (the 1% canary is not "the first poles on the list"). {@link #tick} admits the
 * next phase's nodes inside the maintenance window once every admitted node has reported a final state;
 * {@link #onReport} feeds node reports and halts the campaign by itself when the failure rate passes the
 * threshold. Not thread-safe: the ops service calls it from one thread.
 */
public final class Campaign {
    /** A notice for one node. */
    public record Addressed(String nodeId, CampaignNotice notice) {
    }

    /** What is known about one node. */
    public record NodeStatus(String nodeId, int phase, Instant admittedAt, UpdateState state, String running,
                             String reason, Instant lastReport) {
        boolean terminal() {
            return state == UpdateState.COMMITTED || state == UpdateState.UP_TO_DATE || failed();
        }

        boolean failed() {
            return state == UpdateState.FAILED || state == UpdateState.ROLLED_BACK;
        }
    }

    /** The fleet view. */
    public record Status(String id, String target, int phase, int phases, int percent, int nodes, int admitted,
                         Map<UpdateState, Integer> byState, int silent, int failures, double failureRate,
                         boolean halted, String haltReason, boolean finished, boolean windowOpen) {
    }

    private final CampaignSpec spec;
    private final List<String> order;
    private final Map<String, NodeStatus> nodes = new LinkedHashMap<>();
    private int phase = -1;
    private boolean halted;
    private String haltReason;
    private boolean haltSent;

    public Campaign(CampaignSpec spec, List<String> group) {
        this.spec = spec;
        List<String> o = new ArrayList<>(new java.util.LinkedHashSet<>(group));
        o.sort(Comparator.comparing(n -> Hashes.sha256Hex((spec.id() + "/" + n).getBytes(StandardCharsets.UTF_8))));
        this.order = List.copyOf(o);
    }

    public CampaignSpec spec() {
        return spec;
    }

    /** Nodes in roll-out order. */
    public List<String> order() {
        return order;
    }

    public Map<String, NodeStatus> nodes() {
        return Map.copyOf(nodes);
    }

    /** Restores saved state (the CLI keeps campaigns in files). */
    void restore(int phase, boolean halted, String reason, boolean haltSent, List<NodeStatus> known) {
        this.phase = phase;
        this.halted = halted;
        this.haltReason = reason;
        this.haltSent = haltSent;
        known.forEach(n -> nodes.put(n.nodeId(), n));
    }

    int phaseIndex() {
        return phase;
    }

    boolean haltSent() {
        return haltSent;
    }

    /** How many nodes phase {@code i} covers in total (at least one). */
    int coverage(int i) {
        return Math.max(1, (int) Math.ceil(order.size() * spec.phases().get(i) / 100.0));
    }

    /** The notices to send now: the next phase's update notices, or halt notices after a halt. */
    public List<Addressed> tick(Instant now) {
        List<Addressed> out = new ArrayList<>();
        markSilent(now);
        if (halted) {
            if (!haltSent) {
                haltSent = true;
                for (NodeStatus n : nodes.values()) {
                    out.add(new Addressed(n.nodeId(), CampaignNotice.halt(spec.id())));
                }
            }
            return out;
        }
        if (!spec.window().contains(now) || finished()) {
            return out;
        }
        boolean phaseDone = nodes.values().stream().allMatch(NodeStatus::terminal);
        if (phase >= 0 && !phaseDone) {
            return out;
        }
        if (phase + 1 >= spec.phases().size()) {
            return out;
        }
        phase++;
        for (int i = nodes.size(); i < Math.min(order.size(), coverage(phase)); i++) {
            String id = order.get(i);
            nodes.put(id, new NodeStatus(id, phase, now, null, null, null, null));
            out.add(new Addressed(id, CampaignNotice.update(spec.id(), spec.targetPath())));
        }
        return out;
    }

    /** Feeds a node's report; may halt the campaign. Reports of other campaigns or unknown nodes are ignored. */
    public void onReport(UpdateReport r) {
        if (!spec.id().equals(r.campaignId()) || !nodes.containsKey(r.nodeId())) {
            return;
        }
        NodeStatus old = nodes.get(r.nodeId());
        nodes.put(r.nodeId(), new NodeStatus(r.nodeId(), old.phase(), old.admittedAt(), r.state(), r.running(), r.reason(), r.at()));
        checkThreshold();
    }

    private void markSilent(Instant now) {
        if (spec.silentAfter() == null) {
            return;
        }
        for (NodeStatus n : List.copyOf(nodes.values())) {
            Instant since = n.lastReport() != null ? n.lastReport() : n.admittedAt();
            if (!n.terminal() && n.state() != UpdateState.HALTED && now.isAfter(since.plus(spec.silentAfter()))) {
                nodes.put(n.nodeId(), new NodeStatus(n.nodeId(), n.phase(), n.admittedAt(), UpdateState.FAILED, n.running(),
                        "silent for more than " + spec.silentAfter(), n.lastReport()));
            }
        }
        checkThreshold();
    }

    private void checkThreshold() {
        if (halted || nodes.isEmpty()) {
            return;
        }
        long failures = nodes.values().stream().filter(NodeStatus::failed).count();
        double rate = failures / (double) nodes.size();
        if (failures > 0 && rate > spec.maxFailureRate()) {
            halt(String.format(java.util.Locale.ROOT, "failure rate %.1f%% (%d of %d admitted nodes) is above the threshold %.1f%%",
                    rate * 100, failures, nodes.size(), spec.maxFailureRate() * 100));
        }
    }

    /** Halts by hand or automatically; the next tick sends halt notices to every admitted node. */
    public void halt(String reason) {
        if (!halted) {
            halted = true;
            haltReason = reason;
        }
    }

    public boolean isHalted() {
        return halted;
    }

    public boolean finished() {
        return phase == spec.phases().size() - 1 && nodes.values().stream().allMatch(NodeStatus::terminal);
    }

    public Status status(Instant now) {
        Map<UpdateState, Integer> by = new EnumMap<>(UpdateState.class);
        int silent = 0;
        for (NodeStatus n : nodes.values()) {
            if (n.state() != null) {
                by.merge(n.state(), 1, Integer::sum);
            }
            if (n.reason() != null && n.reason().startsWith("silent")) {
                silent++;
            }
        }
        int failures = (int) nodes.values().stream().filter(NodeStatus::failed).count();
        return new Status(spec.id(), spec.targetPath(), phase + 1, spec.phases().size(),
                phase < 0 ? 0 : spec.phases().get(phase), order.size(), nodes.size(), by, silent, failures,
                nodes.isEmpty() ? 0 : failures / (double) nodes.size(), halted, haltReason, finished(), spec.window().contains(now));
    }
}
