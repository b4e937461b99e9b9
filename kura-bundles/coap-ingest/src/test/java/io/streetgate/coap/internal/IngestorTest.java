package io.streetgate.coap.internal;

import io.streetgate.coap.NodeKeys;
import io.streetgate.coap.internal.IngestCounters.Outcome;
import io.streetgate.coap.senml.MeasurementMapping;
import io.streetgate.coap.senml.SenmlDecoder;
import io.streetgate.coap.senml.SenmlLimits;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Who may post what, and what each refusal answers, without a network. */
class IngestorTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final List<Measurement> sunk = new ArrayList<>();
    private final List<String> changed = new ArrayList<>();
    private final IngestCounters counters = new IngestCounters();
    private final Ingestor ingestor = new Ingestor(NodeKeys.parse("""
            soil-17 psk soil-17 text:soil-17-secret
            meter-2 plain
            """, "keys"), new SenmlDecoder(SenmlLimits.DEFAULT), MeasurementMapping.standard(), sunk::add,
            new LatestReadings(changed::add), counters, Clock.fixed(NOW, ZoneOffset.UTC));

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aNodeOverDtlsPostsUnderItsOwnNameAndItsObserversAreTold() {
        Ingestor.Reply reply = ingestor.post(new Ingestor.Peer("soil-17", true), null, 110,
                utf8("[{\"bn\":\"soil-17/\",\"n\":\"temperature\",\"v\":7}]"));

        assertEquals(new Ingestor.Reply(ResponseCode.CHANGED, ""), reply);
        assertEquals(List.of(Measurement.of("soil-17", Quantity.TEMPERATURE, 7, NOW)), sunk);
        assertEquals(List.of("soil-17"), changed);
        assertEquals(1, counters.get(Outcome.ACCEPTED));
        assertEquals(1, counters.readings());
    }

    @Test
    void skippedRecordsAreSaidInThePayloadAndCounted() {
        Ingestor.Reply reply = ingestor.post(new Ingestor.Peer("soil-17", true), "soil-17", 110,
                utf8("[{\"n\":\"temperature\",\"v\":7},{\"n\":\"label\",\"vs\":\"x\"}]"));

        assertEquals(new Ingestor.Reply(ResponseCode.CHANGED, "1 readings, skipped {STRING_VALUE=1}"), reply);
        assertEquals(1, counters.skipped(MeasurementMapping.Skip.STRING_VALUE));
    }

    @Test
    void eachRefusalHasItsCodeAndCounterAndIngestsNothing() {
        Ingestor.Peer soil = new Ingestor.Peer("soil-17", true);
        byte[] good = utf8("[{\"n\":\"soil-17/temperature\",\"v\":7}]");

        assertEquals(ResponseCode.UNSUPPORTED_CONTENT_FORMAT, ingestor.post(soil, null, -1, good).code());
        assertEquals(ResponseCode.UNSUPPORTED_CONTENT_FORMAT, ingestor.post(soil, null, 50, good).code());
        assertEquals(ResponseCode.BAD_REQUEST, ingestor.post(soil, null, 110, utf8("[{")).code());
        assertEquals(ResponseCode.REQUEST_ENTITY_TOO_LARGE, ingestor.post(soil, null, 110, new byte[5000]).code());
        assertEquals(ResponseCode.FORBIDDEN, ingestor.post(soil, "meter-2", 110, good).code());
        assertEquals(ResponseCode.FORBIDDEN, ingestor.post(soil, null, 110, utf8("[{\"n\":\"meter-2/volume\",\"v\":1}]")).code());
        assertEquals(ResponseCode.FORBIDDEN, ingestor.post(new Ingestor.Peer("", true), null, 110, good).code(),
                "an identity whose node was removed owns no name");
        assertEquals(ResponseCode.UNAUTHORIZED, ingestor.post(Ingestor.Peer.plain(), null, 110, good).code());
        assertEquals(ResponseCode.UNAUTHORIZED, ingestor.post(Ingestor.Peer.plain(), "soil-17", 110, good).code());
        assertEquals(new Ingestor.Reply(ResponseCode.UNAUTHORIZED, "over plain CoAP a post must name its node: POST "
                        + "/readings/<node-id>, or names under a base name '<node-id>/'"),
                ingestor.post(Ingestor.Peer.plain(), null, 110, utf8("[{\"n\":\"temperature\",\"v\":1}]")));

        assertEquals(List.of(), sunk);
        assertEquals(2, counters.get(Outcome.UNSUPPORTED_FORMAT));
        assertEquals(1, counters.get(Outcome.MALFORMED));
        assertEquals(1, counters.get(Outcome.TOO_LARGE));
        assertEquals(3, counters.get(Outcome.FOREIGN_NAME));
        assertEquals(3, counters.get(Outcome.UNKNOWN_NODE));
        assertEquals("unknown_node: over plain CoAP a post must name its node: POST /readings/<node-id>, or names "
                + "under a base name '<node-id>/'", counters.recentRefusal(NOW, CoapIngestServer.DEGRADED_FOR));
    }

    @Test
    void aPlainNodeIsKnownByItsPathOrItsBaseName() {
        assertEquals(ResponseCode.CHANGED, ingestor.post(Ingestor.Peer.plain(), "meter-2", 110,
                utf8("[{\"n\":\"volume\",\"u\":\"m3\",\"v\":1}]")).code());
        assertEquals(ResponseCode.CHANGED, ingestor.post(Ingestor.Peer.plain(), null, 110,
                utf8("[{\"bn\":\"meter-2/\",\"n\":\"volume\",\"u\":\"m3\",\"v\":2}]")).code());
        assertEquals(List.of(Measurement.of("meter-2", Quantity.VOLUME, 1, NOW),
                Measurement.of("meter-2", Quantity.VOLUME, 2, NOW)), sunk);
    }

    @Test
    void aSinkThatCannotTakeReadingsGives503AndTheRequestIsNotCountedAsAccepted() {
        Ingestor failing = new Ingestor(NodeKeys.parse("n plain", "keys"), new SenmlDecoder(SenmlLimits.DEFAULT),
                MeasurementMapping.standard(), m -> {
                    throw new IllegalStateException("pipeline stopped");
                }, new LatestReadings(id -> { }), counters, Clock.fixed(NOW, ZoneOffset.UTC));

        Ingestor.Reply reply = failing.post(Ingestor.Peer.plain(), "n", 110, utf8("[{\"n\":\"temperature\",\"v\":1}]"));

        assertEquals(new Ingestor.Reply(ResponseCode.SERVICE_UNAVAILABLE,
                "the gateway could not take the readings: pipeline stopped"), reply);
        assertEquals(0, counters.get(Outcome.ACCEPTED));
        assertEquals(1, counters.get(Outcome.SINK_FAILED));
    }
}
