package io.streetgate.ota.message;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one schema both the ops tool and the gateway's agent read and write. */
class OtaMessagesTest {
    static final Instant T = Instant.parse("2030-01-01T02:00:00Z");
    static final String SHA = "9f2c".repeat(16);

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void noticesGoOutLowerCaseWithVersionAndComeBackEqual() {
        CampaignNotice update = CampaignNotice.update("spring-2030", "bundles/gateway-1.4.0.zip", "1.4.0", SHA,
                T.plusSeconds(3600));
        String json = OtaMessages.toJson(update);
        assertEquals("{\"v\":1,\"campaign\":\"spring-2030\",\"action\":\"update\",\"target\":\"bundles/gateway-1.4.0.zip\","
                + "\"version\":\"1.4.0\",\"sha256\":\"" + SHA + "\",\"not_after\":\"2030-01-01T03:00:00Z\"}", json);
        assertEquals(update, OtaMessages.noticeFromJson(b(json)));
        CampaignNotice halt = CampaignNotice.halt("spring-2030", T);
        assertEquals("{\"v\":1,\"campaign\":\"spring-2030\",\"action\":\"halt\",\"not_after\":\"2030-01-01T02:00:00Z\"}",
                OtaMessages.toJson(halt));
        assertEquals(halt, OtaMessages.noticeFromJson(b(OtaMessages.toJson(halt))));
    }

    @Test
    void aNoticeIsStaleAfterItsNotAfter() {
        CampaignNotice n = CampaignNotice.halt("c", T);
        assertTrue(!n.expired(T) && n.expired(T.plusSeconds(1)));
    }

    @Test
    void reportsCarryLowerCaseStatesAndTheNodeAndComeBackEqual() {
        NodeReport r = new NodeReport("pole-17", "spring-2030", UpdateState.DOWNLOADING, "1.4.0", "1.3.0", 1048576,
                4194304, null, T);
        String json = OtaMessages.toJson(r);
        assertEquals("{\"v\":1,\"node\":\"pole-17\",\"campaign\":\"spring-2030\",\"state\":\"downloading\",\"version\":\"1.4.0\","
                + "\"running\":\"1.3.0\",\"bytes\":1048576,\"total\":4194304,\"at\":\"2030-01-01T02:00:00Z\"}", json);
        assertEquals(r, OtaMessages.reportFromJson(b(json)));
        NodeReport back = new NodeReport("pole-17", "spring-2030", UpdateState.ROLLED_BACK, "1.4.0", "1.3.0", 0, 0,
                "health check failed: bundles not active: io.streetgate.control", T);
        assertEquals(back, OtaMessages.reportFromJson(b(OtaMessages.toJson(back))));
    }

    @Test
    void aReportAsTheUplinkPublishesItIsTheSameSchema() {
        // the uplink's JSON: node and kind in its head, then seq and epoch, then the fields the privacy gate let out
        String uplink = "{\"node\":\"pole-17\",\"kind\":\"ota\",\"seq\":12,\"epoch\":\"e1\",\"sourceId\":\"pole-17\",\"v\":1,"
                + "\"campaign\":\"spring-2030\",\"state\":\"committed\",\"version\":\"1.4.0\",\"running\":\"1.4.0\","
                + "\"at\":\"2030-01-01T02:00:00Z\"}";
        NodeReport r = OtaMessages.reportFromJson(b(uplink));
        assertEquals(new NodeReport("pole-17", "spring-2030", UpdateState.COMMITTED, "1.4.0", "1.4.0", 0, 0, null, T), r);
    }

    @Test
    void unknownFieldsAreIgnoredAndAnUnknownVersionIsRefusedWithTheReason() {
        CampaignNotice n = OtaMessages.noticeFromJson(b("{\"v\":1,\"campaign\":\"c\",\"action\":\"halt\","
                + "\"not_after\":\"2030-01-01T02:00:00Z\",\"priority\":\"high\",\"nested\":{\"a\":1}}"));
        assertEquals(CampaignNotice.halt("c", T), n);
        MessageRefused v2 = assertThrows(MessageRefused.class, () -> OtaMessages.noticeFromJson(b(
                "{\"v\":2,\"campaign\":\"c\",\"action\":\"halt\",\"not_after\":\"2030-01-01T02:00:00Z\"}")));
        assertEquals("campaign notice: schema version 2 is not understood here (this reader knows v 1); update this side,"
                + " or send v 1", v2.getMessage());
        MessageRefused none = assertThrows(MessageRefused.class, () -> OtaMessages.reportFromJson(b(
                "{\"node\":\"n\",\"state\":\"committed\",\"at\":\"2030-01-01T02:00:00Z\"}")));
        assertEquals("node report: no \"v\" (schema version); this reader understands v 1", none.getMessage());
    }

    @Test
    void theOldUpperCaseFormsAreRefusedNamingWhatIsExpected() {
        MessageRefused action = assertThrows(MessageRefused.class, () -> OtaMessages.noticeFromJson(b(
                "{\"v\":1,\"campaign\":\"c\",\"action\":\"UPDATE\",\"target\":\"t\",\"version\":\"1\",\"not_after\":\"2030-01-01T02:00:00Z\"}")));
        assertEquals("campaign notice: action \"UPDATE\" is not update or halt", action.getMessage());
        MessageRefused state = assertThrows(MessageRefused.class, () -> OtaMessages.reportFromJson(b(
                "{\"v\":1,\"node\":\"n\",\"state\":\"DOWNLOADING\",\"at\":\"2030-01-01T02:00:00Z\"}")));
        assertTrue(state.getMessage().startsWith("node report: state \"DOWNLOADING\" is not one of pending, downloading,"
                + " installed, awaiting_health, committed, rolled_back, failed"), state.getMessage());
    }

    @Test
    void badFieldsAreRefusedNamingTheFieldAndValue() {
        assertEquals("campaign notice: the field \"not_after\" is missing", assertThrows(MessageRefused.class,
                () -> OtaMessages.noticeFromJson(b("{\"v\":1,\"campaign\":\"c\",\"action\":\"halt\"}"))).getMessage());
        assertEquals("campaign notice: campaign \"../etc\" must be 1 to 64 letters, digits, '.', '_' or '-', starting with a"
                + " letter or digit", assertThrows(MessageRefused.class, () -> OtaMessages.noticeFromJson(b(
                "{\"v\":1,\"campaign\":\"../etc\",\"action\":\"halt\",\"not_after\":\"2030-01-01T02:00:00Z\"}"))).getMessage());
        assertEquals("campaign notice: sha256 \"xyz\" is not 64 lower-case hex digits", assertThrows(MessageRefused.class,
                () -> OtaMessages.noticeFromJson(b("{\"v\":1,\"campaign\":\"c\",\"action\":\"update\",\"target\":\"t\","
                        + "\"version\":\"1\",\"sha256\":\"xyz\",\"not_after\":\"2030-01-01T02:00:00Z\"}"))).getMessage());
        assertEquals("campaign notice: \"not_after\" \"tomorrow\" is not a UTC time such as 2030-01-01T02:00:00Z",
                assertThrows(MessageRefused.class, () -> OtaMessages.noticeFromJson(b(
                        "{\"v\":1,\"campaign\":\"c\",\"action\":\"halt\",\"not_after\":\"tomorrow\"}"))).getMessage());
        assertEquals("node report: \"bytes\" must be a whole number of bytes, not -5", assertThrows(MessageRefused.class,
                () -> OtaMessages.reportFromJson(b("{\"v\":1,\"node\":\"n\",\"state\":\"downloading\",\"bytes\":-5,"
                        + "\"at\":\"2030-01-01T02:00:00Z\"}"))).getMessage());
        byte[] huge = new byte[OtaMessages.MAX_BYTES + 1];
        assertEquals("node report: 16385 bytes, more than 16384", assertThrows(MessageRefused.class,
                () -> OtaMessages.reportFromJson(huge)).getMessage());
        assertTrue(assertThrows(MessageRefused.class, () -> OtaMessages.reportFromJson(b("[1]"))).getMessage()
                .contains("expected a JSON object"));
    }

    @Test
    void aNoticeTravelsAsTheFlatArgumentsOfACommandToo() {
        CampaignNotice n = CampaignNotice.update("c", "bundles/b.zip", "2.0.0", null, T);
        Map<String, Object> args = OtaMessages.noticeFields(n);
        assertEquals(n, OtaMessages.notice(args));
    }

    @Test
    void theCampaignStateListsEachPhaseByState() {
        CampaignState s = new CampaignState("spring-2030", "bundles/gateway-1.4.0.zip", "1.4.0", 2, 4,
                CampaignState.Status.RUNNING, null, 200, 20, 1,
                List.of(new CampaignState.PhaseCounts(1, 1, 2, Map.of(UpdateState.COMMITTED, 2)),
                        new CampaignState.PhaseCounts(2, 10, 18, Map.of(UpdateState.DOWNLOADING, 12, UpdateState.COMMITTED, 5,
                                UpdateState.FAILED, 1))),
                List.of(new CampaignState.Issue("pole-88", UpdateState.FAILED, "download refused: 404")), T);
        String json = OtaMessages.toJson(s);
        assertTrue(json.contains("\"by_phase\":[{\"phase\":1,\"percent\":1,\"nodes\":2,\"states\":{\"committed\":2}},"
                + "{\"phase\":2,\"percent\":10,\"nodes\":18,\"states\":{\"downloading\":12,\"committed\":5,\"failed\":1}}]"), json);
        assertTrue(json.startsWith("{\"v\":1,\"campaign\":\"spring-2030\""), json);
        assertEquals(7, s.count(UpdateState.COMMITTED));
    }

    /** docs/ota.md shows one example of each message; they must read as this code reads them. */
    @Test
    void theDocumentedExamplesAreValidMessages() throws Exception {
        String doc = Files.readString(Path.of("../docs/ota.md"));
        Matcher m = Pattern.compile("```json ota-(notice|report)\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        int notices = 0;
        int reports = 0;
        while (m.find()) {
            for (String line : m.group(2).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                if (m.group(1).equals("notice")) {
                    OtaMessages.noticeFromJson(b(line));
                    notices++;
                } else {
                    OtaMessages.reportFromJson(b(line));
                    reports++;
                }
            }
        }
        assertTrue(notices >= 2 && reports >= 2, "docs/ota.md shows notices and reports: " + notices + ", " + reports);
    }
}
