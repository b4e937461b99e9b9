package io.streetgate.otaagent;

import io.streetgate.analytics.privacy.NodeOutputs;
import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.gateway.api.format.UplinkJson;
import io.streetgate.ota.message.NodeReport;
import io.streetgate.ota.message.OtaMessages;
import io.streetgate.ota.message.UpdateState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The privacy gate's allow-list for OTA reports and the message schema agree: a report leaves whole. */
class OtaReportPrivacyTest {
    static final NodeReport FULL = new NodeReport("pole-17", "spring-2030", UpdateState.DOWNLOADING, "1.4.0", "1.3.0",
            1048576, 4194304, "resumed after a cut link", Instant.parse("2030-01-01T02:00:00Z"));

    @Test
    void everyFieldOfAReportPassesTheGate() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sourceId", "pole-17");
        fields.putAll(OtaMessages.reportFields(FULL));
        UplinkMessage out = NodeOutputs.gate().filter(new OtaReportRecord("pole-17", fields)).orElseThrow();
        assertEquals(fields, out.fields());
        assertEquals(NodeOutputs.ALLOW.allow().get("ota"), fields.keySet(), "no field allowed that the schema lacks");
    }

    @Test
    void aReportAsTheUplinkSendsItReadsBackAsTheSameReport() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sourceId", "pole-17");
        fields.putAll(OtaMessages.reportFields(FULL));
        UplinkMessage out = NodeOutputs.gate().filter(new OtaReportRecord("pole-17", fields)).orElseThrow();
        byte[] wire = UplinkJson.encode("pole-17", out, 7, "e1");
        assertEquals(FULL, OtaMessages.reportFromJson(wire));
    }
}
