package io.streetgate.ota.campaign;

import io.streetgate.ota.tuf.TufException;

import java.time.Duration;
import java.util.List;

/**
 * What a campaign rolls out and how carefully.
 *
 * @param id             campaign id (in notices and reports)
 * @param targetPath     the signed target nodes install
 * @param phases         cumulative percentages of the group, ascending, ending at 100 (e.g. 1, 10, 50, 100)
 * @param maxFailureRate failed + rolled back + silent nodes over admitted nodes above which the campaign halts
 * @param window         when new nodes may be told to update
 * @param silentAfter    a node admitted this long ago without a final report counts as failed (a node that
 *                       bricks itself cannot report)
 */
public record CampaignSpec(String id, String targetPath, List<Integer> phases, double maxFailureRate,
                           MaintenanceWindow window, Duration silentAfter) {
    public CampaignSpec {
        phases = List.copyOf(phases);
        if (phases.isEmpty() || phases.get(phases.size() - 1) != 100) {
            throw new TufException(TufException.Reason.CONFIG, "phases " + phases + " must end at 100 (e.g. 1,10,50,100)");
        }
        for (int i = 0; i < phases.size(); i++) {
            int p = phases.get(i);
            if (p < 1 || p > 100 || (i > 0 && p <= phases.get(i - 1))) {
                throw new TufException(TufException.Reason.CONFIG, "phases " + phases + " must rise from 1 to 100 percent");
            }
        }
        if (maxFailureRate < 0 || maxFailureRate >= 1) {
            throw new TufException(TufException.Reason.CONFIG, "failure threshold " + maxFailureRate + " must be from 0 to below 1 (e.g. 0.05 for 5%)");
        }
    }
}
