package io.streetgate.ota.message;

import java.time.Instant;

/**
 * One state report of a node, as it goes upstream.
 *
 * @param nodeId     the node
 * @param campaignId the campaign the work belongs to, or null for a timestamp poll
 * @param state      the state entered
 * @param version    the version concerned (the new one while updating; the running one when idle)
 * @param running    the version running now
 * @param bytesDone  download progress (DOWNLOADING), else 0
 * @param bytesTotal download size (DOWNLOADING), else 0
 * @param reason     why (FAILED, ROLLED_BACK, HALTED, PENDING), else null
 * @param at         the node's clock
 */
public record NodeReport(String nodeId, String campaignId, UpdateState state, String version, String running,
                         long bytesDone, long bytesTotal, String reason, Instant at) {
}
