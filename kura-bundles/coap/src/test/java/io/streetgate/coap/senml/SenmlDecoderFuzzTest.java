package io.streetgate.coap.senml;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever bytes a node posts, the decoder either gives records that keep every rule of RFC 8428 and of
 * {@link SenmlLimits}, or refuses the pack with a {@link SenmlException} that says why: never another exception,
 * a hang or an unbounded allocation. A pack it accepts, written again by {@link SenmlEncoder}, reads back as the
 * same records.
 *
 * <p>The regression corpus (seeds and every finding, in {@code SenmlDecoderFuzzTestInputs/<method>/}) runs in
 * the test command; {@code ./fuzz.sh senml-json 300} fuzzes (docs/security.md).
 */
class SenmlDecoderFuzzTest {

    /** The seeds' relative times and their absolute times around November 2026 are read against this. */
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final SenmlLimits LIMITS = SenmlLimits.DEFAULT;
    private static final SenmlDecoder DECODER = new SenmlDecoder(LIMITS);
    /** The same rules with room for a re-encoded pack, whose names are written whole instead of after a bn. */
    private static final SenmlDecoder READ_BACK = new SenmlDecoder(new SenmlLimits(64 * LIMITS.maxPayloadBytes(),
            LIMITS.maxRecords(), LIMITS.maxNameLength(), LIMITS.maxAge(), LIMITS.maxAhead()));
    private static final SenmlEncoder ENCODER = new SenmlEncoder();

    @FuzzTest(maxDuration = "5m")
    void json(byte[] payload) {
        acceptedWholeOrRefusedWithAReason(payload, SenmlFormat.JSON);
    }

    @FuzzTest(maxDuration = "5m")
    void cbor(byte[] payload) {
        acceptedWholeOrRefusedWithAReason(payload, SenmlFormat.CBOR);
    }

    static void acceptedWholeOrRefusedWithAReason(byte[] payload, SenmlFormat format) {
        List<SenmlRecord> records;
        try {
            records = DECODER.decode(payload, format, NOW);
        } catch (SenmlException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank(), "a refusal says why");
            return;
        }
        assertFalse(records.isEmpty(), "an accepted pack has records");
        assertTrue(records.size() <= LIMITS.maxRecords(), "at most " + LIMITS.maxRecords() + " records");
        for (SenmlRecord r : records) {
            keepsTheRules(r);
        }
        for (SenmlFormat again : SenmlFormat.values()) {
            List<SenmlRecord> readBack;
            try {
                readBack = READ_BACK.decode(ENCODER.encode("", records, again), again, NOW);
            } catch (SenmlException e) {
                throw new AssertionError("the encoder wrote " + records + " as " + again
                        + " that the decoder refuses: " + e.getMessage(), e);
            }
            assertEquals(records.size(), readBack.size());
            for (int i = 0; i < records.size(); i++) {
                sameRecord(records.get(i), readBack.get(i));
            }
        }
    }

    private static void keepsTheRules(SenmlRecord r) {
        assertTrue(r.name().length() <= LIMITS.maxNameLength(), "name within the limit: " + r.name());
        assertTrue(r.name().matches("[A-Za-z0-9][A-Za-z0-9\\-:./_]*"), "RFC 8428 section 4.5.1 name: " + r.name());
        assertTrue(r.unit() == null || r.unit().length() <= LIMITS.maxNameLength(), "unit within the limit");
        assertFalse(r.time().isBefore(NOW.minus(LIMITS.maxAge())), "not older than the window: " + r.time());
        assertFalse(r.time().isAfter(NOW.plus(LIMITS.maxAhead())), "not further ahead than the window: " + r.time());
        assertTrue(r.sum() == null || Double.isFinite(r.sum()), "a finite sum: " + r);
        if (r.value() instanceof SenmlValue.Number n) {
            assertTrue(Double.isFinite(n.value()), "a finite value: " + r);
        }
    }

    /** The encoder writes times as seconds in a double: the same instant to the microsecond the decoder keeps. */
    private static void sameRecord(SenmlRecord written, SenmlRecord read) {
        assertEquals(written.name(), read.name());
        assertEquals(written.unit(), read.unit());
        assertEquals(written.value(), read.value());
        assertEquals(written.sum(), read.sum());
        long apart = Math.abs(Duration.between(written.time(), read.time()).toNanos());
        assertTrue(apart <= 1_000, written.time() + " read back as " + read.time());
    }
}
