package io.streetgate.coap.senml;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decoder against RFC 8428's own examples (section 5.1) and against what a broken node might send. */
class SenmlDecoderTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    /** The time of the RFC's examples in 5.1.3 and 5.1.4 (June 2010). */
    static final Instant RFC_TIME = Instant.ofEpochSecond(1_276_020_076L, 1_000_000L);
    /** Limits that accept the RFC's 2010 and 2011 example times. */
    static final SenmlLimits RFC_WINDOW = new SenmlLimits(4096, 100, 128, Duration.ofDays(9000),
            Duration.ofDays(9000));

    private final SenmlDecoder decoder = new SenmlDecoder(SenmlLimits.DEFAULT);
    private final SenmlDecoder rfcDecoder = new SenmlDecoder(RFC_WINDOW);

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    List<SenmlRecord> json(String pack) throws SenmlException {
        return decoder.decode(utf8(pack), SenmlFormat.JSON, NOW);
    }

    String refusedJson(String pack) {
        return assertThrows(SenmlException.class, () -> json(pack)).getMessage();
    }

    @Test
    void rfc8428Section511SingleDatapointIsOneReadingTimedNow() throws Exception {
        List<SenmlRecord> records = json("[{\"n\":\"urn:dev:ow:10e2073a01080063\",\"u\":\"Cel\",\"v\":23.1}]");

        assertEquals(List.of(SenmlRecord.number("urn:dev:ow:10e2073a01080063", "Cel", NOW, 23.1)), records);
    }

    @Test
    void rfc8428Section512BaseNameIsPrefixedToEachName() throws Exception {
        List<SenmlRecord> records = json("[{\"bn\":\"urn:dev:ow:10e2073a01080063:\",\"n\":\"voltage\",\"u\":\"V\","
                + "\"v\":120.1},{\"n\":\"current\",\"u\":\"A\",\"v\":1.2}]");

        assertEquals(List.of(
                SenmlRecord.number("urn:dev:ow:10e2073a01080063:voltage", "V", NOW, 120.1),
                SenmlRecord.number("urn:dev:ow:10e2073a01080063:current", "A", NOW, 1.2)), records);
    }

    @Test
    void rfc8428Section513ResolvesToTheRecordsOfSection514() throws Exception {
        // base time, base unit and relative times; bver 5 is older than 10 and accepted
        String pack = "[{\"bn\":\"urn:dev:ow:10e2073a0108006:\",\"bt\":1.276020076001e+09,\"bu\":\"A\",\"bver\":5,"
                + "\"n\":\"voltage\",\"u\":\"V\",\"v\":120.1},"
                + "{\"n\":\"current\",\"t\":-5,\"v\":1.2},{\"n\":\"current\",\"t\":-4,\"v\":1.3},"
                + "{\"n\":\"current\",\"t\":-3,\"v\":1.4},{\"n\":\"current\",\"t\":-2,\"v\":1.5},"
                + "{\"n\":\"current\",\"t\":-1,\"v\":1.6},{\"n\":\"current\",\"v\":1.7}]";

        List<SenmlRecord> records = rfcDecoder.decode(utf8(pack), SenmlFormat.JSON, NOW);

        String current = "urn:dev:ow:10e2073a0108006:current";
        assertEquals(List.of(
                SenmlRecord.number("urn:dev:ow:10e2073a0108006:voltage", "V", RFC_TIME, 120.1),
                SenmlRecord.number(current, "A", RFC_TIME.minusSeconds(5), 1.2),
                SenmlRecord.number(current, "A", RFC_TIME.minusSeconds(4), 1.3),
                SenmlRecord.number(current, "A", RFC_TIME.minusSeconds(3), 1.4),
                SenmlRecord.number(current, "A", RFC_TIME.minusSeconds(2), 1.5),
                SenmlRecord.number(current, "A", RFC_TIME.minusSeconds(1), 1.6),
                SenmlRecord.number(current, "A", RFC_TIME, 1.7)), records);
    }

    @Test
    void rfc8428Section515CarriesNumbersStringsBooleansAndData() throws Exception {
        List<SenmlRecord> records = json("[{\"bn\":\"urn:dev:ow:10e2073a01080063:\",\"n\":\"temp\",\"u\":\"Cel\","
                + "\"v\":23.4},{\"n\":\"label\",\"vs\":\"Machine Room\"},{\"n\":\"open\",\"vb\":false},"
                + "{\"n\":\"nfc-reader\",\"vd\":\"aGkgCg\"}]");

        assertEquals(new SenmlValue.Number(23.4), records.get(0).value());
        assertEquals(new SenmlValue.Text("Machine Room"), records.get(1).value());
        assertEquals(new SenmlValue.Bool(false), records.get(2).value());
        // RFC 4648 section 5, base64url without padding: "aGkgCg" is "hi \n"
        assertArrayEquals(utf8("hi \n"), ((SenmlValue.Data) records.get(3).value()).value());
        assertNull(records.get(1).unit(), "the unit of the first record is not a base unit");
    }

    @Test
    void rfc8428Section516CollectionOfResourcesWithBaseTime() throws Exception {
        List<SenmlRecord> records = rfcDecoder.decode(utf8("[{\"bn\":\"2001:db8::2/\",\"bt\":1.320078429e+09,"
                + "\"n\":\"temperature\",\"u\":\"Cel\",\"v\":27.2},{\"n\":\"humidity\",\"u\":\"%RH\",\"v\":80}]"),
                SenmlFormat.JSON, NOW);

        Instant t = Instant.ofEpochSecond(1_320_078_429L);
        assertEquals(List.of(SenmlRecord.number("2001:db8::2/temperature", "Cel", t, 27.2),
                SenmlRecord.number("2001:db8::2/humidity", "%RH", t, 80)), records);
    }

    @Test
    void baseValueAndBaseSumAreAddedToValuesAndSums() throws Exception {
        List<SenmlRecord> records = json("[{\"bn\":\"meter-1/\",\"bv\":1000,\"bs\":50,\"n\":\"volume\",\"v\":2.5,"
                + "\"s\":1},{\"n\":\"volume\",\"v\":3},{\"n\":\"volume\",\"s\":2}]");

        assertEquals(new SenmlValue.Number(1002.5), records.get(0).value());
        assertEquals(51.0, records.get(0).sum());
        assertEquals(new SenmlValue.Number(1003), records.get(1).value());
        assertNull(records.get(2).value(), "a sum alone is a valid record");
        assertEquals(52.0, records.get(2).sum());
    }

    @Test
    void timesBelowTwoToThe28AreRelativeToNowAndAboveAreSinceTheEpoch() throws Exception {
        // RFC 8428 section 4.5.3
        assertEquals(NOW.minusSeconds(60), json("[{\"n\":\"a\",\"v\":1,\"t\":-60}]").get(0).time());
        assertEquals(NOW.plusMillis(500), json("[{\"n\":\"a\",\"v\":1,\"t\":0.5}]").get(0).time());
        assertEquals(NOW.minusSeconds(30), json("[{\"bt\":-40,\"n\":\"a\",\"v\":1,\"t\":10}]").get(0).time());
        long absolute = NOW.getEpochSecond() - 120;
        assertEquals(NOW.minusSeconds(120), json("[{\"n\":\"a\",\"v\":1,\"t\":" + absolute + "}]").get(0).time());
        assertEquals(Instant.ofEpochSecond(268_435_456L), SenmlDecoder.time(268_435_456d, NOW));
        assertEquals(NOW.plusSeconds(268_435_455L), SenmlDecoder.time(268_435_455d, NOW));
    }

    @Test
    void cborWithIntegerLabelsHalfFloatsAndAByteString() throws Exception {
        // [{-2: "n1/", 0: "temperature", 1: "Cel", 2: 21.5 (half float f9 4d60), 6: -10},
        //  {0: "blob", 8: h'0102'}]  (RFC 8428 section 6, Table 6 labels)
        byte[] pack = HexFormat.of().parseHex("82"
                + "a5" + "21" + "63" + hex("n1/") + "00" + "6b" + hex("temperature") + "01" + "63" + hex("Cel")
                + "02" + "f94d60" + "06" + "29"
                + "a2" + "00" + "64" + hex("blob") + "08" + "42" + "0102");

        List<SenmlRecord> records = decoder.decode(pack, SenmlFormat.CBOR, NOW);

        assertEquals(SenmlRecord.number("n1/temperature", "Cel", NOW.minusSeconds(10), 21.5), records.get(0));
        assertEquals(new SenmlValue.Data(new byte[] {1, 2}), records.get(1).value());
        assertEquals("n1/blob", records.get(1).name());
    }

    static String hex(String s) {
        return HexFormat.of().formatHex(utf8(s));
    }

    @Test
    void unknownLabelsAreIgnoredButUnknownMustUnderstandLabelsRefuseThePack() throws Exception {
        assertEquals(1, json("[{\"n\":\"a\",\"v\":1,\"foo\":{\"x\":[1,2]}}]").size());
        assertEquals("record 1 has the must-understand label 'rt_', which this gateway does not implement "
                + "(RFC 8428 section 4.4)", refusedJson("[{\"n\":\"a\",\"v\":1,\"rt_\":5}]"));
    }

    @Test
    void aNewerSenmlVersionIsRefused() {
        assertEquals("record 1 uses SenML version 11; this gateway implements version 10 (RFC 8428 section 4.4)",
                refusedJson("[{\"bver\":11,\"n\":\"a\",\"v\":1}]"));
    }

    @Test
    void brokenPacksAreRefusedWithTheRecordFieldAndRule() {
        assertEquals("empty payload: a SenML pack is an array of records (RFC 8428 section 4)", refusedJson(""));
        assertEquals("a SenML pack must be an array of records (RFC 8428 section 4), found a map",
                refusedJson("{\"n\":\"a\",\"v\":1}"));
        assertEquals("the pack has no records", refusedJson("[]"));
        assertEquals("record 2 must be a map of labels to values, found a number", refusedJson("[{\"n\":\"a\",\"v\":1},3]"));
        assertEquals("record 1: 'v' must be a number, found a string", refusedJson("[{\"n\":\"a\",\"v\":\"12\"}]"));
        assertEquals("record 1: 'vb' must be true or false, found a number", refusedJson("[{\"n\":\"a\",\"vb\":1}]"));
        assertEquals("record 1: 'bver' must be an integer, found a number", refusedJson("[{\"bver\":10.5,\"n\":\"a\",\"v\":1}]"));
        assertEquals("record 1 has the label 'v' twice", refusedJson("[{\"n\":\"a\",\"v\":1,\"v\":2}]"));
        assertEquals("record 1 has no name: neither a base name nor a name (RFC 8428 section 4.6)",
                refusedJson("[{\"v\":1}]"));
        assertEquals("record 1: the name 'a b' is not a valid SenML name: use A-Z, a-z, 0-9, '-', ':', '.', '/', '_' "
                + "and start with a letter or digit (RFC 8428 section 4.5.1)", refusedJson("[{\"n\":\"a b\",\"v\":1}]"));
        assertTrue(refusedJson("[{\"n\":\"-a\",\"v\":1}]").contains("not a valid SenML name"));
        assertEquals("record 1 ('a') has 2 value fields; a record carries one of v, vs, vb, vd (RFC 8428 section 4.6)",
                refusedJson("[{\"n\":\"a\",\"v\":1,\"vs\":\"x\"}]"));
        assertEquals("record 1 ('a') has no value: give one of v, vs, vb, vd or a sum s (RFC 8428 section 4.6)",
                refusedJson("[{\"n\":\"a\",\"u\":\"Cel\"}]"));
        assertTrue(refusedJson("[{\"n\":\"a\",\"vd\":\"***\"}]").startsWith("record 1: 'vd' is not base64url"));
    }

    @Test
    void jsonSyntaxErrorsNameTheirPosition() {
        String message = refusedJson("[{\"n\":\"a\",\"v\":1}");
        assertTrue(message.startsWith("not valid SenML JSON at byte "), message);
        String truncated = refusedJson("[{\"n\":\"a\",\"v\":");
        assertTrue(truncated.startsWith("not valid SenML JSON at byte "), truncated);
        assertTrue(refusedJson("[{\"n\":\"a\",\"v\":1}] x").startsWith("not valid SenML JSON")
                || refusedJson("[{\"n\":\"a\",\"v\":1}] x").equals("unexpected data after the end of the pack"));
    }

    @Test
    void notANumberAndInfinityAreRefusedInBothRepresentations() {
        // JSON has no NaN literal; CBOR has (half float 7e00) and infinity (f97c00)
        assertTrue(refusedJson("[{\"n\":\"a\",\"v\":NaN}]").startsWith("not valid SenML JSON at byte"));
        byte[] nan = HexFormat.of().parseHex("81a2" + "0061" + hex("a") + "02f97e00");
        SenmlException e = assertThrows(SenmlException.class, () -> decoder.decode(nan, SenmlFormat.CBOR, NOW));
        assertEquals("record 1: 'v' is NaN; SenML numbers must be finite", e.getMessage());
        byte[] inf = HexFormat.of().parseHex("81a2" + "0061" + hex("a") + "02f97c00");
        e = assertThrows(SenmlException.class, () -> decoder.decode(inf, SenmlFormat.CBOR, NOW));
        assertEquals("record 1: 'v' is Infinity; SenML numbers must be finite", e.getMessage());
        assertTrue(refusedJson("[{\"n\":\"a\",\"v\":1e400}]").contains("finite"), refusedJson("[{\"n\":\"a\",\"v\":1e400}]"));
    }

    @Test
    void aSumThatOverflowsWithItsBaseSumIsRefused() {
        // found while writing SenmlDecoderFuzzTest's rule that an accepted sum is finite (docs/security.md)
        assertEquals("record 1: base sum + sum is not finite",
                refusedJson("[{\"n\":\"water\",\"bs\":1e308,\"s\":1e308}]"));
    }

    @Test
    void stringsThatAreNotUnicodeTextAreRefusedNamingTheLabel() throws Exception {
        // found by SenmlDecoderFuzzTest (cbor): the unit's text string 65 f0007661 2e is malformed UTF-8, which the
        // CBOR parser reads as an unpaired surrogate; written again as JSON it failed (docs/security.md)
        byte[] malformedUnit = HexFormat.of().parseHex("81a3" + "0061" + hex("a") + "0165f00076612e" + "0201");
        SenmlException e = assertThrows(SenmlException.class,
                () -> decoder.decode(malformedUnit, SenmlFormat.CBOR, NOW));
        assertEquals("record 1: 'u' is not valid UTF-8 text; SenML strings are UTF-8 (RFC 8428 section 4.5.4, "
                + "RFC 8949 section 3.1)", e.getMessage());
        assertEquals("record 1: 'vs' is not valid UTF-8 text; SenML strings are UTF-8 (RFC 8428 section 4.5.4, "
                + "RFC 8949 section 3.1)", refusedJson("[{\"n\":\"a\",\"vs\":\"x\\udda1\"}]"));
        assertEquals("\ud83d\udca1", ((SenmlValue.Text) json("[{\"n\":\"a\",\"vs\":\"\\ud83d\\udca1\"}]").get(0)
                .value()).value(), "a surrogate pair is one character (U+1F4A1)");
    }

    @Test
    void timesOutsideTheWindowRefuseThePack() {
        long weekAgo = NOW.minus(Duration.ofDays(8)).getEpochSecond();
        assertEquals("record 1 ('a') is timed 2026-11-15T10:00:00Z, outside the accepted window "
                        + "2026-11-16T10:00:00Z .. 2026-11-23T10:10:00Z (is the node's clock set?)",
                refusedJson("[{\"n\":\"a\",\"v\":1,\"t\":" + weekAgo + "}]"));
        assertTrue(refusedJson("[{\"n\":\"a\",\"v\":1,\"t\":3600}]").contains("outside the accepted window"));
    }

    @Test
    void timesNoInstantCanHoldAreRefusedNamingTheField() {
        assertEquals("record 1 ('a'): 't' = 1.0E300 s is outside the accepted window 2026-11-16T10:00:00Z .. "
                + "2026-11-23T10:10:00Z (is the node's clock set?)", refusedJson("[{\"n\":\"a\",\"v\":1,\"t\":1e300}]"));
        assertTrue(refusedJson("[{\"n\":\"a\",\"v\":1,\"t\":-1e300}]").startsWith("record 1 ('a'): 't' = -1.0E300 s "),
                refusedJson("[{\"n\":\"a\",\"v\":1,\"t\":-1e300}]"));
        assertTrue(refusedJson("[{\"bt\":1e300,\"n\":\"a\",\"v\":1}]").startsWith("record 1 ('a'): 'bt' = 1.0E300 s"));
        assertTrue(refusedJson("[{\"bt\":1e308,\"n\":\"a\",\"v\":1},{\"n\":\"b\",\"v\":1,\"t\":1e308}]")
                .startsWith("record 1 ('a'): 'bt' = 1.0E308 s"));
        assertTrue(refusedJson("[{\"bt\":-1e9,\"n\":\"a\",\"v\":1,\"t\":-1e300}]")
                .startsWith("record 1 ('a'): 'bt' + 't' = -1.0E300 s"));
        assertTrue(refusedJson("[{\"n\":\"a\",\"v\":1,\"t\":9.2e18}]").startsWith("record 1 ('a'): 't' = 9.2E18 s"));
    }

    @Test
    void tooLargePayloadsAndTooManyRecordsAreRefusedAsTooLarge() {
        SenmlDecoder small = new SenmlDecoder(new SenmlLimits(64, 2, 16, Duration.ofDays(1), Duration.ofDays(1)));
        SenmlException big = assertThrows(SenmlException.class, () -> small.decode(new byte[65], SenmlFormat.JSON, NOW));
        assertEquals(SenmlException.Reason.TOO_LARGE, big.reason());
        assertEquals("payload of 65 bytes is larger than the limit of 64 bytes", big.getMessage());
        SenmlException many = assertThrows(SenmlException.class, () -> small.decode(
                utf8("[{\"n\":\"a\",\"v\":1},{\"v\":2},{\"v\":3}]"), SenmlFormat.JSON, NOW));
        assertEquals(SenmlException.Reason.TOO_LARGE, many.reason());
        assertEquals("the pack has more than 2 records, the limit", many.getMessage());
        SenmlException longName = assertThrows(SenmlException.class, () -> small.decode(
                utf8("[{\"n\":\"abcdefghijklmnopq\",\"v\":1}]"), SenmlFormat.JSON, NOW));
        assertEquals(SenmlException.Reason.MALFORMED, longName.reason());
        assertEquals("record 1: 'n' is 17 characters long, more than the limit of 16", longName.getMessage());
    }

    @Test
    void deeplyNestedUnknownFieldsAreRefusedNotRecursedInto() {
        String deep = "[{\"n\":\"a\",\"v\":1,\"x\":" + "[".repeat(40) + "]".repeat(40) + "}]";
        assertTrue(refusedJson(deep).startsWith("not valid SenML JSON"), refusedJson(deep));
    }

    @Test
    void cborThatIsNotAPackIsRefused() {
        SenmlException e = assertThrows(SenmlException.class,
                () -> decoder.decode(HexFormat.of().parseHex("a10061"), SenmlFormat.CBOR, NOW));
        assertEquals("a SenML pack must be an array of records (RFC 8428 section 4), found a map", e.getMessage());
        SenmlException truncated = assertThrows(SenmlException.class,
                () -> decoder.decode(HexFormat.of().parseHex("81a20061"), SenmlFormat.CBOR, NOW));
        assertTrue(truncated.getMessage().startsWith("not valid SenML CBOR"), truncated.getMessage());
    }
}
