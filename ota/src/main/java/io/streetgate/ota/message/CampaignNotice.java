package io.streetgate.ota.message;

import java.time.Instant;

/**
 * What a campaign tells nodes (over MQTT, retained): install a target, or stop. A notice can only choose among
 * signed targets, never add one; the node refuses it when the signed target's version or sha256 differs from
 * what the notice names, and never acts on it after {@code notAfter}.
 *
 * @param campaignId the campaign
 * @param action     UPDATE or HALT
 * @param targetPath the target to install (UPDATE), null for HALT
 * @param version    the version that target must carry (UPDATE), null for HALT
 * @param sha256     the target's sha256 as the targets role signed it (UPDATE; may be null: not checked)
 * @param notAfter   after this instant the notice is stale and ignored
 */
public record CampaignNotice(String campaignId, Action action, String targetPath, String version, String sha256,
                             Instant notAfter) {
    public enum Action { UPDATE, HALT }

    public static CampaignNotice update(String campaignId, String targetPath, String version, String sha256,
                                        Instant notAfter) {
        return new CampaignNotice(campaignId, Action.UPDATE, targetPath, version, sha256, notAfter);
    }

    public static CampaignNotice halt(String campaignId, Instant notAfter) {
        return new CampaignNotice(campaignId, Action.HALT, null, null, null, notAfter);
    }

    /** True once {@code now} is past {@link #notAfter}: the notice must not be acted on. */
    public boolean expired(Instant now) {
        return now.isAfter(notAfter);
    }

    /** This notice, or {@link MessageRefused} saying it expired: what every reader answers a stale notice. */
    public CampaignNotice requireFresh(Instant now) {
        if (expired(now)) {
            throw new MessageRefused(describe() + " notice expired at " + notAfter + "; not acted on");
        }
        return this;
    }

    /** For answers and logs: {@code campaign spring-2030 update}. */
    public String describe() {
        return "campaign " + campaignId + " " + action.name().toLowerCase(java.util.Locale.ROOT);
    }
}
