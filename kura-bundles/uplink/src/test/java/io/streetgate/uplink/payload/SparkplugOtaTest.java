package io.streetgate.uplink.payload;

import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.gateway.api.Command;
import io.streetgate.site.UplinkConfig;
import io.streetgate.uplink.NoticeTopics;
import io.streetgate.uplink.store.StoredMessage;
import io.streetgate.uplink.store.StreamKey;
import io.streetgate.uplink.testing.Messages;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Sparkplug node takes part in OTA campaigns as a JSON node does: it hears notices on the retained notice
 * topics (not as an NCMD, which is neither retained nor kept for a node that is away) and sends its OTA reports
 * on the JSON side topic in the JSON form, which a campaign runner reads without the node's births.
 */
class SparkplugOtaTest {

    static final Instant NOW = Instant.parse("2030-01-01T02:00:00Z");

    final SparkplugFormat format = new SparkplugFormat("harbour", "pole-0042", new SparkplugCommandsTest.Memory(),
            UplinkConfig.Sparkplug.DEFAULT, "city");

    @Test
    void theNodeSubscribesToItsOwnAndItsGroupsNoticeTopicsBesideItsCommands() {
        assertEquals(List.of("spBv1.0/harbour/NCMD/pole-0042", "spBv1.0/harbour/DCMD/pole-0042/+",
                "city/pole-0042/ota-notice", "city/group/harbour/ota-notice"), format.commandTopics());
        assertEquals(NoticeTopics.node("city", "pole-0042"), format.commandTopics().get(2));
    }

    @Test
    void aNoticeIsTheOtaCampaignCommandBoundedByItsNotAfter() {
        byte[] notice = ("{\"v\":1,\"campaign\":\"spring-2030\",\"action\":\"update\",\"version\":\"1.4.0\","
                + "\"not_after\":\"2030-01-08T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
        List<CommandRequest> read = format.commands("city/group/harbour/ota-notice", notice, NOW);
        assertEquals(1, read.size());
        CommandRequest r = read.get(0);
        assertNull(r.refusal());
        assertTrue(r.notice());
        assertEquals(Command.OTA_CAMPAIGN, r.command().name());
        assertEquals("spring-2030", r.command().arguments().get("campaign"));
        assertEquals(Instant.parse("2030-01-08T00:00:00Z"), r.expires());
        assertEquals("mqtt:city/group/harbour/ota-notice", r.command().origin());

        assertEquals(List.of(), format.commands("city/pole-0042/ota-notice", new byte[0], NOW),
                "an empty retained message clears a notice and is no command");
        CommandRequest stale = format.commands("city/pole-0042/ota-notice",
                "{\"campaign\":\"spring-2030\"}".getBytes(StandardCharsets.UTF_8), NOW).get(0);
        assertTrue(stale.refusal().contains("has no valid 'not_after'"), stale.refusal());
        assertEquals(List.of(), format.commands("city/pole-0099/ota-notice", notice, NOW), "another node's");
    }

    @Test
    void anOtaReportLeavesOnTheJsonSideTopicAsAJsonNodeSendsItAndLeavesTheStoreOnItsPuback() {
        UplinkMessage report = Messages.otaReport("pole-0042", "spring-2030", "committed", "1.4.0", NOW);
        StoredMessage m = StoredMessage.inMemory(9, StreamKey.of(report), 4, "e7", 0, NOW, report);
        List<Outgoing> out = format.encode(m, false, NOW);
        assertEquals(1, out.size(), "no DBIRTH or DDATA for it");
        Outgoing o = out.get(0);
        Outgoing json = new JsonFormat("city", "pole-0042").encode(m, false, NOW).get(0);
        assertEquals("city/pole-0042/ota/pole-0042", o.topic());
        assertEquals(json.topic(), o.topic());
        assertArrayEquals(json.payload(), o.payload(), new String(o.payload(), StandardCharsets.UTF_8));
        assertEquals(1, o.qos(), "QoS 1 whatever the Sparkplug QoS: the report leaves the store on its PUBACK");
        assertFalse(o.retained());
        assertSame(m, o.origin());
        String text = new String(o.payload(), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"state\":\"committed\"") && text.contains("\"seq\":4"), text);
    }

    @Test
    void aSummaryStillGoesAsSparkplugData() {
        UplinkMessage summary = Messages.summary("air-1", "temperature", NOW, 21.5);
        StoredMessage m = StoredMessage.inMemory(1, StreamKey.of(summary), 1, "e7", 1, NOW, summary);
        assertEquals(List.of("spBv1.0/harbour/DBIRTH/pole-0042/air-1", "spBv1.0/harbour/DDATA/pole-0042/air-1"),
                format.encode(m, false, NOW).stream().map(Outgoing::topic).toList());
    }
}
