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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may post what, and what each refusal answers, without a network. */
class IngestorTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final List<Measurement> sunk = new ArrayList<>();
    private final List<String> changed = new ArrayList<>();
    private final IngestCounters counters = new IngestCounters();
    private final Ingestor ingestor = new Ingestor(NodeKeys.parse("""
            soil-17 psk soil-17 text:soil-17-secret
            meter-2 plain
            """, "keys"), NodeLimits.DEFAULT, new SenmlDecoder(SenmlLimits.DEFAULT), MeasurementMapping.standard(), sunk::add,
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
        Ingestor failing = new Ingestor(NodeKeys.parse("n plain", "keys"), NodeLimits.DEFAULT, new SenmlDecoder(SenmlLimits.DEFAULT),
                MeasurementMapping.standard(), m -> {
                    throw new IllegalStateException("pipeline stopped");
                }, new LatestReadings(id -> { }), counters, Clock.fixed(NOW, ZoneOffset.UTC));

        Ingestor.Reply reply = failing.post(Ingestor.Peer.plain(), "n", 110, utf8("[{\"n\":\"temperature\",\"v\":1}]"));

        assertEquals(new Ingestor.Reply(ResponseCode.SERVICE_UNAVAILABLE,
                "the gateway could not take the readings: pipeline stopped"), reply);
        assertEquals(0, counters.get(Outcome.ACCEPTED));
        assertEquals(1, counters.get(Outcome.SINK_FAILED));
    }

    @Test
    void aTimeNoInstantCanHoldIsAnswered400NamingTheFieldAndCounted() {
        Ingestor.Reply reply = ingestor.post(new Ingestor.Peer("soil-17", true), null, 110,
                utf8("[{\"n\":\"temperature\",\"v\":7,\"t\":1e300}]"));

        assertEquals(ResponseCode.BAD_REQUEST, reply.code());
        assertTrue(reply.diagnostic().startsWith("record 1 ('temperature'): 't' = 1.0E300 s is outside the accepted "
                + "window"), reply.diagnostic());
        assertEquals(1, counters.get(Outcome.MALFORMED));
        assertEquals(List.of(), sunk);
    }

    @Test
    void aNodeBeyondItsBurstIsAnswered429WithWhenToTryAgainAndOtherNodesStillPost() {
        MutableClock clock = new MutableClock(NOW);
        Ingestor limited = new Ingestor(NodeKeys.parse("a plain\nb plain", "keys"),
                new NodeLimits(0.5, 3, 64, Duration.ofHours(1)), new SenmlDecoder(SenmlLimits.DEFAULT),
                MeasurementMapping.standard(), sunk::add, new LatestReadings(id -> { }), counters, clock);
        byte[] pack = utf8("[{\"n\":\"temperature\",\"v\":7}]");

        List<ResponseCode> codes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            codes.add(limited.post(Ingestor.Peer.plain(), "a", 110, pack).code());
        }
        Ingestor.Reply refused = limited.post(Ingestor.Peer.plain(), "a", 110, pack);

        assertEquals(List.of(ResponseCode.CHANGED, ResponseCode.CHANGED, ResponseCode.CHANGED,
                ResponseCode.TOO_MANY_REQUESTS, ResponseCode.TOO_MANY_REQUESTS), codes);
        assertEquals(new Ingestor.Reply(ResponseCode.TOO_MANY_REQUESTS, "node a sent more than 3 requests at once or "
                + "more than 0.5 a second (site file coap.limits.rate and burst); try again in 2 s", 2), refused);
        assertEquals(ResponseCode.CHANGED, limited.post(Ingestor.Peer.plain(), "b", 110, pack).code(),
                "another node has its own bucket");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(ResponseCode.CHANGED, limited.post(Ingestor.Peer.plain(), "a", 110, pack).code(),
                "two seconds at 0.5 a second give one token back");
        assertEquals(ResponseCode.TOO_MANY_REQUESTS, limited.post(Ingestor.Peer.plain(), "a", 110, pack).code());
        assertEquals(4, counters.get(Outcome.RATE_LIMITED));
        assertEquals(5, sunk.size());
    }

    @Test
    void aPackThatWouldTakeANodeAboveItsSeriesCapIsRefusedWholeUntilIdleSeriesFreeTheirPlaces() {
        MutableClock clock = new MutableClock(NOW);
        Ingestor capped = new Ingestor(NodeKeys.parse("a plain", "keys"), new NodeLimits(1000, 1000, 3,
                Duration.ofHours(2)), new SenmlDecoder(SenmlLimits.DEFAULT), MeasurementMapping.standard(), sunk::add,
                new LatestReadings(id -> { }), counters, clock);

        assertEquals(ResponseCode.CHANGED, capped.post(Ingestor.Peer.plain(), "a", 110,
                utf8("[{\"n\":\"a/1/temperature\",\"v\":1},{\"n\":\"a/2/temperature\",\"v\":2}]")).code());
        Ingestor.Reply refused = capped.post(Ingestor.Peer.plain(), "a", 110,
                utf8("[{\"n\":\"a/1/temperature\",\"v\":1},{\"n\":\"a/3/temperature\",\"v\":3},"
                        + "{\"n\":\"a/4/temperature\",\"v\":4}]"));
        clock.advance(Duration.ofMinutes(90));
        assertEquals(ResponseCode.CHANGED, capped.post(Ingestor.Peer.plain(), "a", 110,
                utf8("[{\"n\":\"a/2/temperature\",\"v\":2},{\"n\":\"a/3/temperature\",\"v\":3}]")).code(),
                "known series and one new within the cap of 3");
        clock.advance(Duration.ofMinutes(60));
        assertEquals(ResponseCode.CHANGED, capped.post(Ingestor.Peer.plain(), "a", 110,
                utf8("[{\"n\":\"a/4/temperature\",\"v\":4}]")).code(), "a/1 was idle for 2.5 h and freed its place");

        assertEquals(new Ingestor.Reply(ResponseCode.FORBIDDEN, "node a holds 2 series; this pack's new ones would "
                + "take it above its cap of 3 series (site file coap.limits.max-series); a series it stops posting "
                + "frees its place after 2 h"), refused);
        assertEquals(1, counters.get(Outcome.SERIES_CAP));
        assertEquals(5, sunk.size(), "the refused pack was ingested in no part");
    }

    @Test
    void aUrnNamedNodeOwnsItsNamesAndNoOtherUrnNodes() {
        Ingestor urns = new Ingestor(NodeKeys.parse("""
                urn:dev:ow:10e2073a01080063  psk  ow-63  text:one-wire-63-key
                urn:dev:ow:10e2073a01080064  psk  ow-64  text:one-wire-64-key
                urn:dev:mac:0024befffe804ff1 plain
                """, "keys"), NodeLimits.DEFAULT, new SenmlDecoder(SenmlLimits.DEFAULT), MeasurementMapping.standard(),
                sunk::add, new LatestReadings(id -> { }), counters, Clock.fixed(NOW, ZoneOffset.UTC));
        Ingestor.Peer ow63 = new Ingestor.Peer("urn:dev:ow:10e2073a01080063", true);

        // RFC 8428 section 5.1.1's own pack, posted by its node
        assertEquals(ResponseCode.CHANGED, urns.post(ow63, null, 110,
                utf8("[{\"n\":\"urn:dev:ow:10e2073a01080063\",\"u\":\"Cel\",\"v\":23.1}]")).code());
        assertEquals(new Ingestor.Reply(ResponseCode.FORBIDDEN, "node urn:dev:ow:10e2073a01080063 may only post names "
                        + "under 'urn:dev:ow:10e2073a01080063/', not 'urn:dev:ow:10e2073a01080064'"),
                urns.post(ow63, null, 110, utf8("[{\"n\":\"urn:dev:ow:10e2073a01080064\",\"u\":\"Cel\",\"v\":1}]")));
        assertEquals(ResponseCode.FORBIDDEN, urns.post(ow63, "urn:dev:ow:10e2073a01080064", 110,
                utf8("[{\"n\":\"temperature\",\"v\":1}]")).code());
        // over plain CoAP the node is the one its names start with, not every node whose id starts 'urn'
        assertEquals(ResponseCode.CHANGED, urns.post(Ingestor.Peer.plain(), null, 110,
                utf8("[{\"bn\":\"urn:dev:mac:0024befffe804ff1/\",\"n\":\"temperature\",\"v\":4}]")).code());
        assertEquals(ResponseCode.UNAUTHORIZED, urns.post(Ingestor.Peer.plain(), null, 110,
                utf8("[{\"bn\":\"urn:dev:ow:10e2073a01080063/\",\"n\":\"temperature\",\"v\":4}]")).code(),
                "a DTLS node cannot be posted for over plain CoAP");

        assertEquals(List.of(Measurement.of("urn:dev:ow:10e2073a01080063", Quantity.TEMPERATURE, 23.1, NOW),
                Measurement.of("urn:dev:mac:0024befffe804ff1", Quantity.TEMPERATURE, 4, NOW)), sunk);
    }

    /** The gateway's clock, moved by the test. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
