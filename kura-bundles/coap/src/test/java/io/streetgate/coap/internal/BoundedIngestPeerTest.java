package io.streetgate.coap.internal;

import io.streetgate.analytics.pipeline.AnalyticsConfig;
import io.streetgate.analytics.pipeline.AnalyticsPipeline;
import io.streetgate.analytics.quality.QualityConfig;
import io.streetgate.analytics.quality.QuantityRules;
import io.streetgate.analytics.window.WindowConfig;
import io.streetgate.coap.NodeKeys;
import io.streetgate.coap.internal.IngestCounters.Outcome;
import io.streetgate.coap.senml.MeasurementMapping;
import io.streetgate.coap.senml.SenmlLimits;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.QualityFlag;
import io.streetgate.driver.Quantity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.streetgate.coap.internal.CoapClientProcess.OPENSSL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One provisioned node that misbehaves, played by libcoap's coap-client over DTLS, against the ingest and the
 * analytics behind it: its flood is held to its bucket while another node's readings keep arriving, its
 * 10,000 names stop at its series cap with the state held bounded, and a time no clock can hold or a value no
 * quantity can have is answered 4.00. The gateway's clock stands still, so no token comes back during a test: the counts are exact.
 */
class BoundedIngestPeerTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final String KEYS = """
            soil-17                       psk  soil-17  text:soil-17-secret
            urn:dev:ow:10e2073a01080063   psk  ow-63    text:one-wire-63-key
            """;

    @TempDir
    Path dir;
    /** The site's quality checks: a kiln's thermometer reaches 600 °C, and below -40 °C is not expected here. */
    static final QualityConfig SITE = new QualityConfig(
            Map.of("temperature", QuantityRules.builder().range(-40, 600).build()), QuantityRules.NONE);
    private final AnalyticsPipeline analytics = AnalyticsPipeline.of(AnalyticsConfig.builder().quality(SITE)
            .window(WindowConfig.tumbling(Duration.ofMinutes(1), Duration.ofSeconds(5))).build());
    private final CollectingSink received = new CollectingSink();
    private CoapIngestServer server;

    /** The gateway's own path: every reading through the analytics (the site's ranges), then kept. */
    private void sink(Measurement m) {
        Measurement checked;
        synchronized (analytics) {
            checked = analytics.accept(m, NOW);
        }
        received.accept(checked);
    }

    private String start(NodeLimits limits) throws Exception {
        server = CoapIngestServer.start(new CoapIngestServer.Settings(InetAddress.getLoopbackAddress(), true, 0, false,
                0, NodeKeys.parse(KEYS, "keys"), null, SenmlLimits.DEFAULT, limits,
                MeasurementMapping.standard().withRanges(SITE::acceptable), List.of()), this::sink, Clock.fixed(NOW, ZoneOffset.UTC));
        return "coaps://127.0.0.1:" + server.secureAddress().getPort() + "/readings";
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    Path pack(String name, String json) throws Exception {
        return Files.writeString(dir.resolve(name), json, StandardCharsets.UTF_8);
    }

    static List<String> post(String identity, String key, Path pack, String uri) {
        return List.of("-m", "post", "-t", "110", "-f", pack.toString(), "-u", identity, "-k", key, "-B", "30", uri);
    }

    @Test
    void aFloodingNodeIsHeldToItsBucketWhileAnotherNodesReadingsKeepArriving() throws Exception {
        String uri = start(new NodeLimits(1, 5, 64, Duration.ofHours(48)));
        Path soil = pack("soil.json", "[{\"bn\":\"soil-17/\",\"n\":\"temperature\",\"u\":\"Cel\",\"v\":11.5}]");
        Path ow = pack("ow.json", "[{\"n\":\"urn:dev:ow:10e2073a01080063\",\"u\":\"Cel\",\"v\":23.1}]");

        // twenty posts of soil-17 at once, and four of the one-wire node among them
        List<CoapClientProcess> flood = new ArrayList<>();
        List<CoapClientProcess> other = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                flood.add(CoapClientProcess.start(dir, OPENSSL, post("soil-17", "soil-17-secret", soil, uri)));
                if (i % 5 == 0) {
                    other.add(CoapClientProcess.start(dir, OPENSSL, post("ow-63", "one-wire-63-key", ow,
                            uri + "/urn:dev:ow:10e2073a01080063")));
                }
            }
            int tooMany = 0;
            for (CoapClientProcess p : flood) {
                tooMany += p.awaitEnd(Duration.ofSeconds(60)).contains("4.29") ? 1 : 0;
            }
            for (CoapClientProcess p : other) {
                String out = p.awaitEnd(Duration.ofSeconds(60));
                assertTrue(!out.matches("(?s).*\\b4\\.\\d\\d\\b.*"), "the one-wire node is not held back: " + out);
            }

            assertEquals(15, tooMany, "a burst of 5, and no token back while the clock stands");
        } finally {
            flood.forEach(CoapClientProcess::close);
            other.forEach(CoapClientProcess::close);
        }
        assertEquals(15, server.counters().get(Outcome.RATE_LIMITED));
        List<Measurement> got = received.received();
        assertEquals(5, got.stream().filter(m -> m.sourceId().equals("soil-17")).count());
        assertEquals(4, got.stream().filter(m -> m.sourceId().equals("urn:dev:ow:10e2073a01080063")).count());
        assertEquals(15L, server.details().get("rate_limited"));
        assertTrue(server.health().reason().contains("rate_limited: node soil-17 sent more than 5 requests"),
                server.health().reason());
    }

    @Test
    void aNodePostingTenThousandNamesIsRefusedBeyondItsCapAndTheStateHeldStaysBounded() throws Exception {
        String uri = start(new NodeLimits(1, 1000, 250, Duration.ofHours(48)));
        List<String> answers = new ArrayList<>();
        for (int pack = 0; pack < 100; pack++) {
            StringBuilder json = new StringBuilder("[");
            for (int i = 0; i < 100; i++) {
                json.append(i == 0 ? "{\"bn\":\"soil-17/\"," : ",{").append("\"n\":\"s")
                        .append(String.format("%05d", pack * 100 + i)).append("/temperature\",\"v\":12}");
            }
            Path file = pack("names.json", json.append("]").toString());
            answers.add(CoapClientProcess.run(dir, OPENSSL, post("soil-17", "soil-17-secret", file, uri)
                    .toArray(String[]::new)).all());
        }

        assertTrue(answers.get(0).isEmpty() && answers.get(1).isEmpty(), answers.get(0) + answers.get(1));
        assertTrue(answers.get(2).contains("4.03"), answers.get(2));
        assertTrue(answers.get(2).contains("node soil-17 holds 200 series; this pack's new ones would take it above "
                + "its cap of 250 series (site file coap.limits.max-series)"), answers.get(2));
        assertEquals(98, answers.stream().filter(a -> a.contains("4.03")).count());
        assertEquals(98, server.counters().get(Outcome.SERIES_CAP));
        // what is held for the node: 200 series in the ingest's cap and in the analytics, not 10,000
        assertEquals(200, server.seriesHeld("soil-17"));
        synchronized (analytics) {
            assertEquals(200, analytics.seriesHeld());
        }
        assertEquals(200, received.received().size());
        // the gateway runs on: a known series of the node and another node still post
        Path known = pack("known.json", "[{\"bn\":\"soil-17/\",\"n\":\"s00007/temperature\",\"v\":13}]");
        assertEquals(0, CoapClientProcess.run(dir, OPENSSL, post("soil-17", "soil-17-secret", known, uri)
                .toArray(String[]::new)).exit());
        Path ow = pack("ow.json", "[{\"n\":\"urn:dev:ow:10e2073a01080063\",\"u\":\"Cel\",\"v\":23.1}]");
        assertTrue(CoapClientProcess.run(dir, OPENSSL, post("ow-63", "one-wire-63-key", ow, uri)
                .toArray(String[]::new)).all().isEmpty());
        received.await("the known series and the one-wire node", l -> l.size() == 202, Duration.ofSeconds(30));
    }

    @Test
    void aTimeOf1e300IsAnswered400NamingTheFieldAndCounted() throws Exception {
        String uri = start(NodeLimits.DEFAULT);
        Path far = pack("far.json", "[{\"bn\":\"soil-17/\",\"n\":\"temperature\",\"v\":11.5,\"t\":1e300}]");
        Path past = pack("past.json", "[{\"bn\":\"soil-17/\",\"n\":\"temperature\",\"v\":11.5,\"t\":-1e300}]");

        String r1 = CoapClientProcess.run(dir, OPENSSL, post("soil-17", "soil-17-secret", far, uri)
                .toArray(String[]::new)).all();
        String r2 = CoapClientProcess.run(dir, OPENSSL, post("soil-17", "soil-17-secret", past, uri)
                .toArray(String[]::new)).all();

        assertTrue(r1.contains("4.00") && r1.contains("record 1 ('soil-17/temperature'): 't' = 1.0E300 s is outside "
                + "the accepted window"), r1);
        assertTrue(r2.contains("4.00") && r2.contains("'t' = -1.0E300 s"), r2);
        assertEquals(2, server.counters().get(Outcome.MALFORMED));
        assertEquals(List.of(), received.received());
    }

    @Test
    void aValueNoTemperatureCanHaveIsAnswered400NamingTheFieldAndTheSitesOwnWiderRangeIsTaken() throws Exception {
        String uri = start(NodeLimits.DEFAULT);
        Path huge = pack("huge.json", "[{\"bn\":\"soil-17/\",\"n\":\"temperature\",\"u\":\"Cel\",\"v\":1e300}]");
        Path kiln = pack("kiln.json", "[{\"bn\":\"soil-17/\",\"n\":\"temperature\",\"u\":\"Cel\",\"v\":550}]");
        Path cold = pack("cold.json", "[{\"bn\":\"soil-17/\",\"n\":\"temperature\",\"u\":\"Cel\",\"v\":-60}]");

        String r1 = CoapClientProcess.run(dir, OPENSSL, post("soil-17", "soil-17-secret", huge, uri)
                .toArray(String[]::new)).all();
        assertTrue(r1.contains("4.00") && r1.contains("record 1 ('soil-17/temperature'): 'v' = 1.0E300 Cel is outside "
                + "-90..600, what a temperature can be"), r1);
        assertTrue(r1.contains("analytics.quality.temperature.range"), "the answer says how a site widens it: " + r1);
        assertEquals(1, server.counters().get(Outcome.MALFORMED));

        CoapClientProcess.Result r2 = CoapClientProcess.run(dir, OPENSSL, post("soil-17", "soil-17-secret", kiln, uri)
                .toArray(String[]::new));
        CoapClientProcess.Result r3 = CoapClientProcess.run(dir, OPENSSL, post("soil-17", "soil-17-secret", cold, uri)
                .toArray(String[]::new));
        assertEquals(0, r2.exit(), r2.all());
        assertEquals(0, r3.exit(), r3.all());
        List<Measurement> got = received.await("550 and -60 °C", l -> l.size() == 2, Duration.ofSeconds(30));
        assertEquals(550.0, got.get(0).value());
        assertTrue(!got.get(0).quality().has(QualityFlag.OUT_OF_RANGE), "within the site's own range: " + got);
        assertEquals(-60.0, got.get(1).value());
        assertTrue(got.get(1).quality().has(QualityFlag.OUT_OF_RANGE),
                "taken, since a temperature can be -60 °C, and flagged below the site's -40: " + got);
        assertEquals(1, server.counters().get(Outcome.MALFORMED), "nothing else refused");
    }
}
