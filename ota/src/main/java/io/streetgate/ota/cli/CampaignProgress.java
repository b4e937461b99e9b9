package io.streetgate.ota.cli;

import io.streetgate.ota.message.CampaignState;
import io.streetgate.ota.message.UpdateState;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A campaign's state as ops read it: one line per phase with its nodes by state, then the nodes' reasons. */
public final class CampaignProgress {
    private CampaignProgress() {
    }

    public static void print(CampaignState s, PrintWriter out) {
        out.printf("campaign %s  target %s (%s)%n", s.campaignId(), s.target(), s.version());
        out.printf(Locale.ROOT, "phase %d of %d  admitted %d of %d nodes  failures %d  %s%n", s.phase(), s.phases(),
                s.admitted(), s.nodes(), s.failures(), s.halted() ? "HALTED: " + s.haltReason() : s.status().wire());
        for (CampaignState.PhaseCounts p : s.byPhase()) {
            List<String> counts = new ArrayList<>();
            for (UpdateState u : UpdateState.values()) {
                Integer n = p.states().get(u);
                if (n != null) {
                    counts.add(u.wire() + " " + n);
                }
            }
            out.printf("  phase %d (%d%%, %d nodes): %s%n", p.phase(), p.percent(), p.nodes(), String.join(", ", counts));
        }
        for (CampaignState.Issue i : s.issues()) {
            out.printf("  %s %s: %s%n", i.node(), i.state().wire(), i.reason());
        }
        out.flush();
    }
}
