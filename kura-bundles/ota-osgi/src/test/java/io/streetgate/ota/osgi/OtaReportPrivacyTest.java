package io.streetgate.ota.osgi;

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
        OtaReportRecord record = OtaReportRecord.of("pole-17", FULL);
        UplinkMessage out = NodeOutputs.gate().filter(record).orElseThrow();
        assertEquals(record.fields(), out.fields());
        assertEquals(NodeOutputs.ALLOW.allow().get("ota"), record.fields().keySet(),
                "no field allowed that the schema lacks");
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("sourceId", "pole-17");
        schema.putAll(OtaMessages.reportFields(FULL));
        assertEquals(schema.keySet(), record.fields().keySet(), "the record has the schema's fields");
    }

    @Test
    void aReportsTimeIsATimeStampSoThatTheClockRuleSeesIt() {
        assertEquals(FULL.at(), OtaReportRecord.of("pole-17", FULL).fields().get("at"));
    }

    @Test
    void aReportAsTheUplinkSendsItReadsBackAsTheSameReport() {
        UplinkMessage out = NodeOutputs.gate().filter(OtaReportRecord.of("pole-17", FULL)).orElseThrow();
        byte[] wire = UplinkJson.encode("pole-17", out, 7, "e1");
        assertEquals(FULL, OtaMessages.reportFromJson(wire));
    }
}
