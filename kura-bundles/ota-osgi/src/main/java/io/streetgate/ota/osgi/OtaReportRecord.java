package io.streetgate.ota.osgi;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.privacy.NodeOutputs;
import io.streetgate.ota.message.NodeReport;
import io.streetgate.ota.message.OtaMessages;

import java.util.LinkedHashMap;
import java.util.Map;

/** A node report as the privacy gate takes it: kind {@code ota}, the node as its source, the schema's fields. */
record OtaReportRecord(String sourceId, Map<String, Object> fields) implements AnalyticsRecord {

    /**
     * A report's record: the message schema's fields with the node as source, its {@code at} as a time stamp
     * (the uplink writes it as the schema's text), so that the clock rule on the way out sees it.
     */
    static OtaReportRecord of(String node, NodeReport r) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sourceId", node);
        fields.putAll(OtaMessages.reportFields(r));
        fields.put("at", r.at());
        return new OtaReportRecord(node, fields);
    }

    @Override
    public String kind() {
        return NodeOutputs.OTA;
    }
}
