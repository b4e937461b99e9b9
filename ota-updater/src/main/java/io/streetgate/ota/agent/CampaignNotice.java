package io.streetgate.ota.agent;

/**
 * What a campaign tells a node (over MQTT): install a target, or stop.
 *
 * @param campaignId the campaign
 * @param action     UPDATE or HALT
 * @param targetPath the target to install (UPDATE); it must still be listed by signed targets metadata — a
 *                   notice can only choose among signed artifacts, never add one
 */
public record CampaignNotice(String campaignId, Action action, String targetPath) {
    public enum Action { UPDATE, HALT }

    public static CampaignNotice update(String campaignId, String targetPath) {
        return new CampaignNotice(campaignId, Action.UPDATE, targetPath);
    }

    public static CampaignNotice halt(String campaignId) {
        return new CampaignNotice(campaignId, Action.HALT, null);
    }
}
