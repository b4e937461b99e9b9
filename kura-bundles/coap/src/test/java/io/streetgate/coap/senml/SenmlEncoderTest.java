package io.streetgate.coap.senml;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SenmlEncoderTest {

    static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    private final SenmlEncoder encoder = new SenmlEncoder();
    private final SenmlDecoder decoder = new SenmlDecoder(SenmlLimits.DEFAULT);

    @Test
    void jsonUsesTheBaseNameOnceAndAbsoluteTimes() {
        byte[] pack = encoder.encode("soil-17/", List.of(
                SenmlRecord.number("soil-17/temperature", "Cel", T, 11.5),
                SenmlRecord.number("soil-17/moisture", "%", T.plusMillis(250), 31)), SenmlFormat.JSON);

        assertEquals("[{\"bn\":\"soil-17/\",\"n\":\"temperature\",\"u\":\"Cel\",\"v\":11.5,\"t\":1795428000},"
                        + "{\"n\":\"moisture\",\"u\":\"%\",\"v\":31.0,\"t\":1.79542800025E9}]",
                new String(pack, StandardCharsets.UTF_8));
    }

    @Test
    void cborUsesIntegerLabels() {
        byte[] pack = encoder.encode("", List.of(SenmlRecord.number("n1", null, T, 1)), SenmlFormat.CBOR);

        // [{0: "n1", 2: 1.0 (a double), 6: 1795428000}]
        assertEquals("81" + "a3" + "00" + "626e31" + "02" + "fb3ff0000000000000" + "06" + "1a6b040ea0",
                HexFormat.of().formatHex(pack));
    }

    @Test
    void everyKindOfValueSurvivesARoundTripInBothRepresentations() throws Exception {
        List<SenmlRecord> records = List.of(
                SenmlRecord.number("pole/a", "Cel", T, -3.25),
                new SenmlRecord("pole/b", null, T.plusSeconds(1), new SenmlValue.Text("open"), null),
                new SenmlRecord("pole/c", null, T.plusSeconds(2), new SenmlValue.Bool(true), null),
                new SenmlRecord("pole/d", null, T.plusSeconds(3), new SenmlValue.Data(new byte[] {0, -1, 7}), null),
                new SenmlRecord("pole/e", "m3", T.plusMillis(4500), null, 12.5));
        for (SenmlFormat format : SenmlFormat.values()) {
            assertEquals(records, decoder.decode(encoder.encode("pole/", records, format), format, T), format.toString());
        }
    }
}
