package io.streetgate.ota.campaign;

import io.streetgate.ota.message.CampaignNotice;
import io.streetgate.ota.message.CampaignState;
import io.streetgate.ota.message.NodeReport;
import io.streetgate.ota.message.UpdateState;
import io.streetgate.ota.tuf.Hashes;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A phased roll-out over a group of nodes. Nodes are ordered by a hash of campaign id and node id, so each phase
 * is a stable, spread-out sample (the 1% canary is not "the first poles on the list"). {@link #tick} admits the
 * next phase's nodes inside the maintenance window once every admitted node has reported a final state;
 * {@link #onReport} feeds node reports and halts the campaign by itself when the failure rate passes the
 * threshold. Not thread-safe: the ops tool calls it from one thread.
 */
public final class Campaign {
    /** A notice for one node. */
    public record Addressed(String nodeId, CampaignNotice notice) {
    }

    /** What is known about one node; {@code state} is PENDING until its first report. */
    public record NodeStatus(String nodeId, int phase, Instant admittedAt, UpdateState state, String running,
                             String reason, Instant lastReport) {
        boolean terminal() {
            return state.terminal();
        }

        boolean failed() {
            return state.failure();
        }
    }

    /** Why a node counts as failed when it stays silent; {@link #status} counts these. */
    static final String SILENT = "silent for more than ";

    private final CampaignSpec spec;
    private final List<String> order;
    private final Map<String, NodeStatus> nodes = new LinkedHashMap<>();
    private int phase = -1;
    private boolean halted;
    private String haltReason;
    private boolean haltSent;

    public Campaign(CampaignSpec spec, List<String> group) {
        this.spec = spec;
        List<String> o = new ArrayList<>(new LinkedHashSet<>(group));
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
        Instant notAfter = now.plus(spec.noticeLifetime());
        if (halted) {
            if (!haltSent) {
                haltSent = true;
                for (NodeStatus n : nodes.values()) {
                    out.add(new Addressed(n.nodeId(), CampaignNotice.halt(spec.id(), notAfter)));
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
            nodes.put(id, new NodeStatus(id, phase, now, UpdateState.PENDING, null, null, null));
            out.add(new Addressed(id, CampaignNotice.update(spec.id(), spec.targetPath(), spec.version(), spec.sha256(),
                    notAfter)));
        }
        return out;
    }

    /** Feeds a node's report; may halt the campaign. Reports of other campaigns or unknown nodes are ignored. */
    public void onReport(NodeReport r) {
        if (!spec.id().equals(r.campaignId()) || !nodes.containsKey(r.nodeId())) {
            return;
        }
        NodeStatus old = nodes.get(r.nodeId());
        if (old.lastReport() != null && r.at().isBefore(old.lastReport())) {
            return; // a late copy of an older report (re-sent after a lost connection) does not undo a newer one
        }
        nodes.put(r.nodeId(), new NodeStatus(r.nodeId(), old.phase(), old.admittedAt(), r.state(), r.running(),
                r.reason(), r.at()));
        checkThreshold();
    }

    private void markSilent(Instant now) {
        if (spec.silentAfter() == null) {
            return;
        }
        for (NodeStatus n : List.copyOf(nodes.values())) {
            Instant since = n.lastReport() != null ? n.lastReport() : n.admittedAt();
            if (!n.terminal() && now.isAfter(since.plus(spec.silentAfter()))) {
                nodes.put(n.nodeId(), new NodeStatus(n.nodeId(), n.phase(), n.admittedAt(), UpdateState.FAILED,
                        n.running(), SILENT + spec.silentAfter() + " (last state " + n.state().wire() + ")",
                        n.lastReport()));
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
            halt(String.format(Locale.ROOT, "failure rate %.1f%% (%d of %d admitted nodes) is above the threshold %.1f%%",
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

    /** The fleet view, per phase, as ops see it and as `ota campaign run` publishes it. */
    public CampaignState status(Instant now) {
        List<CampaignState.PhaseCounts> byPhase = new ArrayList<>();
        for (int p = 0; p <= phase; p++) {
            Map<UpdateState, Integer> states = new EnumMap<>(UpdateState.class);
            int count = 0;
            for (NodeStatus n : nodes.values()) {
                if (n.phase() == p) {
                    states.merge(n.state(), 1, Integer::sum);
                    count++;
                }
            }
            byPhase.add(new CampaignState.PhaseCounts(p + 1, spec.phases().get(p), count, states));
        }
        List<CampaignState.Issue> issues = nodes.values().stream().filter(n -> n.reason() != null)
                .sorted(Comparator.comparing((NodeStatus n) -> !n.failed()).thenComparing(NodeStatus::nodeId))
                .map(n -> new CampaignState.Issue(n.nodeId(), n.state(), n.reason())).toList();
        int failures = (int) nodes.values().stream().filter(NodeStatus::failed).count();
        CampaignState.Status st = halted ? CampaignState.Status.HALTED : finished() ? CampaignState.Status.FINISHED
                : spec.window().contains(now) ? CampaignState.Status.RUNNING : CampaignState.Status.WAITING_FOR_WINDOW;
        return new CampaignState(spec.id(), spec.targetPath(), spec.version(), phase + 1, spec.phases().size(), st,
                haltReason, order.size(), nodes.size(), failures, byPhase, issues, now);
    }

    /** Admitted nodes that went silent (counted among the failures). */
    public int silent() {
        return (int) nodes.values().stream().filter(n -> n.reason() != null && n.reason().startsWith(SILENT)).count();
    }
}
