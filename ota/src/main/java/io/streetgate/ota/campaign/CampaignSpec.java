package io.streetgate.ota.campaign;

import io.streetgate.ota.message.MessageRefused;
import io.streetgate.ota.message.OtaMessages;
import io.streetgate.ota.tuf.TufException;

import java.time.Duration;
import java.util.List;

/**
 * What a campaign rolls out and how carefully.
 *
 * @param id             campaign id (in notices and reports)
 * @param targetPath     the signed target nodes install
 * @param version        that target's signed version (notices name it; a node refuses another)
 * @param sha256         that target's signed sha256 (notices name it; a node refuses other content)
 * @param phases         cumulative percentages of the group, ascending, ending at 100 (e.g. 1, 10, 50, 100)
 * @param maxFailureRate failed + rolled back + silent nodes over admitted nodes above which the campaign halts
 * @param window         when new nodes may be told to update
 * @param silentAfter    a node admitted this long ago without a final report counts as failed (a node that
 *                       bricks itself cannot report); also how long a notice stays valid (its
 *                       {@code not_after}): a node that hears of it later would act after the campaign gave up on it
 */
public record CampaignSpec(String id, String targetPath, String version, String sha256, List<Integer> phases,
                           double maxFailureRate, MaintenanceWindow window, Duration silentAfter) {
    /** How long a notice is valid when the spec sets no silence limit. */
    static final Duration DEFAULT_NOTICE_LIFETIME = Duration.ofHours(24);

    public CampaignSpec {
        try {
            OtaMessages.checkId("campaign id", id);
        } catch (MessageRefused e) {
            throw new TufException(TufException.Reason.CONFIG, e.getMessage());
        }
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

    /** How long a notice sent now stays valid. */
    public Duration noticeLifetime() {
        return silentAfter != null ? silentAfter : DEFAULT_NOTICE_LIFETIME;
    }
}
