package io.streetgate.analytics.pipeline;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.privacy.UplinkMessage;

import java.util.List;

/**
 * What one advance of the watermark produced.
 *
 * @param records every closed summary, index and event, unfiltered, for on-box consumers such as the
 *                lighting control loop (they never leave the node as they are)
 * @param uplink  the same records through the privacy gate: only allowed fields, for the uplink
 */
public record PipelineOutput(List<AnalyticsRecord> records, List<UplinkMessage> uplink) {

    public PipelineOutput {
        records = List.copyOf(records);
        uplink = List.copyOf(uplink);
    }

    public boolean isEmpty() {
        return records.isEmpty();
    }
}
