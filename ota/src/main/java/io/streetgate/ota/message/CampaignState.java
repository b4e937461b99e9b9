package io.streetgate.ota.message;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A campaign's progress as ops see it (`ota campaign run` and `status`, published retained for other consoles).
 *
 * @param campaignId the campaign
 * @param target     the signed target it rolls out
 * @param version    that target's version
 * @param phase      the phase admitted last, from 1 (0: none yet)
 * @param phases     how many phases there are
 * @param status     running, waiting for the window, halted or finished
 * @param haltReason why it halted, or null
 * @param nodes      nodes in the group
 * @param admitted   nodes told to update so far
 * @param failures   failed, rolled back and silent nodes among them
 * @param byPhase    per admitted phase: how many nodes are in each state
 * @param issues     the nodes with a reason (failed, rolled back, halted, silent, waiting), at most {@link #MAX_ISSUES}
 * @param at         when this was taken
 */
public record CampaignState(String campaignId, String target, String version, int phase, int phases, Status status,
                            String haltReason, int nodes, int admitted, int failures, List<PhaseCounts> byPhase,
                            List<Issue> issues, Instant at) {
    /** Issues listed at most; a message stays small whatever the fleet. */
    public static final int MAX_ISSUES = 50;

    public enum Status {
        RUNNING, WAITING_FOR_WINDOW, HALTED, FINISHED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One phase's nodes by state.
     *
     * @param phase   from 1
     * @param percent the group's cumulative share this phase reaches
     * @param nodes   nodes admitted in this phase
     * @param states  how many are in each state; a node that has not reported yet counts as pending
     */
    public record PhaseCounts(int phase, int percent, int nodes, Map<UpdateState, Integer> states) {
        public PhaseCounts {
            states = Map.copyOf(states);
        }
    }

    /** A node whose state has a reason. */
    public record Issue(String node, UpdateState state, String reason) {
    }

    public CampaignState {
        byPhase = List.copyOf(byPhase);
        issues = List.copyOf(issues.size() > MAX_ISSUES ? issues.subList(0, MAX_ISSUES) : issues);
    }

    public boolean halted() {
        return status == Status.HALTED;
    }

    public boolean finished() {
        return status == Status.FINISHED;
    }

    /** Nodes in a state over all phases. */
    public int count(UpdateState s) {
        return byPhase.stream().mapToInt(p -> p.states().getOrDefault(s, 0)).sum();
    }
}
