package io.streetgate.otaagent;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.privacy.NodeOutputs;

import java.util.Map;

/** A node report as the privacy gate takes it: kind {@code ota}, the node as its source, the schema's fields. */
record OtaReportRecord(String sourceId, Map<String, Object> fields) implements AnalyticsRecord {
    @Override
    public String kind() {
        return NodeOutputs.OTA;
    }
}
