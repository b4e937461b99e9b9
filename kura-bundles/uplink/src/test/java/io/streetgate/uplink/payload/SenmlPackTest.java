package io.streetgate.uplink.payload;

import io.streetgate.uplink.testing.Messages;
import io.streetgate.uplink.testing.SenmlRecords;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Summaries as SenML CBOR records: base fields once per series, values kept to their resolution, exactly. */
class SenmlPackTest {

    static final Instant END = Instant.parse("2026-06-21T19:31:00Z");

    @Test
    void aValueIsADecimalFractionAtItsQuantitysResolutionOrAnIntegerWhenWhole() {
        assertEquals(new BigDecimal("18.43"), Resolutions.round(18.434, Resolutions.of("temperature")));
        assertEquals(new BigDecimal("416"), Resolutions.round(415.6, Resolutions.of("co2")));
        assertEquals(new BigDecimal("101325.3"), Resolutions.round(101_325.26, Resolutions.of("pressure")));
        assertEquals(new BigDecimal("0.333333"), Resolutions.round(1 / 3.0, Resolutions.of("soil_moisture")),
                "without a stated resolution: 6 significant digits");

        SenmlPack pack = new SenmlPack("pole-0042");
        pack.add(Messages.summary("env-1", "temperature", END, 18.434), "env-1", "temperature");
        String hex = HexFormat.of().formatHex(pack.finish());
        // RFC 8949 section 3.4.4: tag 4 (c4), an array of two (82): exponent -2 (21), mantissa 1843 (19 0733)
        assertTrue(hex.contains("c48221190733"), "18.43 as 4([-2, 1843]) in " + hex);
    }

    @Test
    void aSeriesIsNamedOnceAndEachSummarySetsItsBaseTime() throws Exception {
        SenmlPack pack = new SenmlPack("pole-0042");
        pack.add(Messages.summary("env-1", "temperature", END, 18.4), "env-1", "temperature");
        pack.add(Messages.summary("env-1", "humidity", END, 61.2), "env-1", "humidity");
        pack.add(Messages.summary("env-1", "temperature", END.plusSeconds(60), 18.5), "env-1", "temperature");
        byte[] cbor = pack.finish();
        List<SenmlRecords.Record> records = SenmlRecords.read(cbor, false);
        assertEquals(15, records.size());
        // the series stand together: both temperature summaries first, then the humidity one; a summary's
        // records follow its fields: span (from start), count, min, mean, max
        assertEquals("pole-0042/env-1/temperature/min", records.get(7).name());
        assertEquals(END.getEpochSecond() + 60, (long) records.get(7).time());
        assertEquals("Cel", records.get(7).unit());
        assertEquals("pole-0042/env-1/humidity/span", records.get(10).name());
        assertEquals("s", records.get(10).unit());
        assertEquals(60, ((Number) records.get(10).value()).intValue());
        assertEquals("count", records.get(11).unit());
        String text = new String(cbor, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(1, text.split("pole-0042/env-1/temperature/", -1).length - 1, "the base name goes once");
        assertTrue(pack.isEmpty(), "finishing empties it");
    }

    @Test
    void theLastSummaryCanBeTakenOutAgain() throws Exception {
        SenmlPack pack = new SenmlPack("pole-0042");
        pack.add(Messages.summary("env-1", "temperature", END, 18.4), "env-1", "temperature");
        int before = pack.size();
        int added = pack.add(Messages.summary("co2-1", "co2", END, 415.6), "co2-1", "co2");
        assertEquals(before + added, pack.size());
        pack.removeLast();
        assertEquals(before, pack.size());
        List<SenmlRecords.Record> records = SenmlRecords.read(pack.finish(), false);
        assertEquals(5, records.size());
        assertTrue(records.stream().allMatch(r -> r.name().startsWith("pole-0042/env-1/temperature/")));
    }
}
