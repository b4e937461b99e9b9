package io.streetgate.sim.coap;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SenmlWriterTest {

    static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    static final List<SenmlWriter.Reading> READINGS = List.of(new SenmlWriter.Reading("moisture", "%", 31.25),
            new SenmlWriter.Reading("battery", "V", 3.59998));

    @Test
    void jsonHasTheBaseNameAndTimeInTheFirstRecordAndSixDigitValues() {
        assertEquals("[{\"bn\":\"soil-17/\",\"bt\":1795428000,\"n\":\"moisture\",\"u\":\"%\",\"v\":31.25},"
                        + "{\"n\":\"battery\",\"u\":\"V\",\"v\":3.59998}]",
                new String(SenmlWriter.write(SenmlWriter.Encoding.JSON, "soil-17/", T, READINGS), StandardCharsets.UTF_8));
        assertEquals("[{\"bn\":\"n/\",\"bt\":1795428000.250,\"n\":\"level\",\"u\":\"m\",\"v\":123457}]",
                new String(SenmlWriter.write(SenmlWriter.Encoding.JSON, "n/", T.plusMillis(250),
                        List.of(new SenmlWriter.Reading("level", "m", 123456.7))), StandardCharsets.UTF_8));
    }

    @Test
    void cborUsesTheIntegerLabelsOfRfc8428Section6() {
        byte[] pack = SenmlWriter.write(SenmlWriter.Encoding.CBOR, "n/", T,
                List.of(new SenmlWriter.Reading("level", "m", 1.5)));

        // [{-2: "n/", -3: 1795428000.0, 0: "level", 1: "m", 2: 1.5}]
        assertEquals("81" + "a5" + "21" + "626e2f" + "22" + "fb41dac103a8000000" + "00" + "656c6576656c"
                + "01" + "616d" + "02" + "fb3ff8000000000000", HexFormat.of().formatHex(pack));
    }
}
