package io.streetgate.coap.internal;

import io.streetgate.coap.NodeKeys;
import io.streetgate.coap.internal.IngestCounters.Outcome;
import io.streetgate.coap.senml.MeasurementMapping;
import io.streetgate.coap.senml.SenmlEncoder;
import io.streetgate.coap.senml.SenmlFormat;
import io.streetgate.coap.senml.SenmlLimits;
import io.streetgate.coap.senml.SenmlRecord;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.streetgate.coap.internal.CoapClientProcess.NOTLS;
import static io.streetgate.coap.internal.CoapClientProcess.OPENSSL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CoAP ingest against libcoap's coap-client (libcoap3-bin 4.3.1) as the constrained node: SenML JSON and
 * CBOR over plain CoAP and over DTLS with pre-shared keys; wrong keys, unknown identities, broken payloads and
 * wrong content formats refused, counted, and nothing of them ingested; Observe of a node's last values.
 */
class CoapClientPeerTest {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    static final String KEYS = """
            # node-id  kind  identity      key
            soil-17    psk   soil-17       text:soil-17-secret
            pump-3     psk   pump3@street  hex:00112233445566778899aabbccddeeff
            meter-2    plain
            """;

    @TempDir
    Path dir;
    private final CollectingSink sink = new CollectingSink();
    private CoapIngestServer server;
    private String plain;
    private String secure;

    @BeforeEach
    void start() throws Exception {
        server = CoapIngestServer.start(new CoapIngestServer.Settings(InetAddress.getLoopbackAddress(), true, 0, true, 0,
                NodeKeys.parse(KEYS, "keys"), null, SenmlLimits.DEFAULT, NodeLimits.DEFAULT, MeasurementMapping.standard(), List.of()),
                sink, Clock.systemUTC());
        plain = "coap://127.0.0.1:" + server.plainAddress().getPort();
        secure = "coaps://127.0.0.1:" + server.secureAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Path file(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    Path json(String pack) throws Exception {
        return file("pack.json", pack.getBytes(StandardCharsets.UTF_8));
    }

    static boolean has(List<Measurement> received, String source, Quantity quantity, double value) {
        return received.stream().anyMatch(m -> m.sourceId().equals(source) && m.quantity() == quantity
                && m.value() == value);
    }

    @Test
    void senmlJsonOverPlainCoapFromAPlainNodeIsIngested() throws Exception {
        Path pack = json("[{\"bn\":\"meter-2/\",\"n\":\"temperature\",\"u\":\"Cel\",\"v\":12.5},"
                + "{\"n\":\"humidity\",\"u\":\"%RH\",\"v\":71}]");

        CoapClientProcess.Result r = postPlain("110", pack, plain + "/readings");

        assertEquals(0, r.exit(), r.all());
        sink.await("meter-2's two readings", l -> has(l, "meter-2", Quantity.TEMPERATURE, 12.5)
                && has(l, "meter-2", Quantity.HUMIDITY, 71), DEADLINE);
        assertEquals(1, server.counters().get(Outcome.ACCEPTED));
    }

    @Test
    void senmlCborOverPlainCoapToTheNodesPathIsIngested() throws Exception {
        byte[] cbor = new SenmlEncoder().encode("", List.of(SenmlRecord.number("pressure", "Pa", Instant.now(),
                101_200)), SenmlFormat.CBOR);

        CoapClientProcess.Result r = CoapClientProcess.run(dir, NOTLS, "-m", "post", "-t", "112", "-f",
                file("pack.cbor", cbor).toString(), "-B", "10", plain + "/readings/meter-2");

        assertEquals(0, r.exit(), r.all());
        sink.await("meter-2's pressure", l -> has(l, "meter-2", Quantity.PRESSURE, 101_200), DEADLINE);
    }

    @Test
    void senmlJsonOverDtlsWithTheNodesPreSharedKeyIsIngested() throws Exception {
        Path pack = json("[{\"bn\":\"soil-17/\",\"n\":\"temperature\",\"u\":\"Cel\",\"v\":9.25,\"t\":-30}]");

        CoapClientProcess.Result r = postAsSoil17("110", pack, secure + "/readings");

        assertEquals(0, r.exit(), r.all());
        List<Measurement> got = sink.await("soil-17's temperature", l -> has(l, "soil-17", Quantity.TEMPERATURE, 9.25),
                DEADLINE);
        assertTrue(got.get(0).timestamp().isBefore(Instant.now().minusSeconds(29)), "t -30 is 30 s ago: " + got);
    }

    @Test
    void senmlCborOverDtlsWithAKeyGivenInHexIsIngested() throws Exception {
        byte[] cbor = new SenmlEncoder().encode("pump-3/", List.of(
                SenmlRecord.number("pump-3/current", "A", Instant.now(), 3.5),
                SenmlRecord.number("pump-3/voltage", "V", Instant.now(), 231)), SenmlFormat.CBOR);
        // the key file may give a key in hex; coap-client takes the same bytes as text (it reads -k as a C
        // string, so a key for it cannot hold a zero byte)
        server.close();
        server = CoapIngestServer.start(new CoapIngestServer.Settings(InetAddress.getLoopbackAddress(), true, 0, false,
                0, NodeKeys.parse("pump-3 psk pump3@street hex:" + java.util.HexFormat.of().formatHex(
                        "pump-3 key 2026".getBytes(StandardCharsets.US_ASCII)), "keys"), null, SenmlLimits.DEFAULT, NodeLimits.DEFAULT,
                MeasurementMapping.standard(), List.of()), sink, Clock.systemUTC());

        CoapClientProcess.Result r = CoapClientProcess.run(dir, OPENSSL, "-m", "post", "-t", "112", "-f",
                file("pack.cbor", cbor).toString(), "-u", "pump3@street", "-k", "pump-3 key 2026", "-B", "10",
                "coaps://127.0.0.1:" + server.secureAddress().getPort() + "/readings/pump-3");

        assertEquals(0, r.exit(), r.all());
        sink.await("pump-3's current and voltage", l -> has(l, "pump-3", Quantity.CURRENT, 3.5)
                && has(l, "pump-3", Quantity.VOLTAGE, 231), DEADLINE);
    }

    @Test
    void aWrongKeyFailsTheHandshakeIsCountedAndNothingIsIngested() throws Exception {
        Path pack = json("[{\"bn\":\"soil-17/\",\"n\":\"temperature\",\"v\":1}]");

        CoapClientProcess.Result r = CoapClientProcess.run(dir, OPENSSL, "-m", "post", "-t", "110", "-f",
                pack.toString(), "-u", "soil-17", "-k", "not-the-key", "-B", "5", secure + "/readings");

        assertTrue(r.all().isEmpty() || !r.all().contains("2.04"), r.all());
        awaitCount(Outcome.HANDSHAKE_WRONG_KEY, 1);
        assertEquals(List.of(), sink.received());
        assertEquals(0, server.counters().get(Outcome.ACCEPTED));
        assertEquals("degraded", server.health().state().name().toLowerCase());
    }

    @Test
    void anUnknownIdentityFailsTheHandshakeIsCountedAndNothingIsIngested() throws Exception {
        Path pack = json("[{\"bn\":\"soil-17/\",\"n\":\"temperature\",\"v\":1}]");

        CoapClientProcess.run(dir, OPENSSL, "-m", "post", "-t", "110", "-f", pack.toString(), "-u", "stranger",
                "-k", "soil-17-secret", "-B", "5", secure + "/readings");

        awaitCount(Outcome.HANDSHAKE_UNKNOWN_IDENTITY, 1);
        assertEquals(List.of(), sink.received());
    }

    @Test
    void aMalformedPayloadGets400WithTheReason() throws Exception {
        Path pack = json("[{\"bn\":\"soil-17/\",\"n\":\"temperature\",\"v\":\"warm\"}]");

        CoapClientProcess.Result r = postAsSoil17("110", pack, secure + "/readings");

        assertTrue(r.all().contains("4.00"), r.all());
        assertTrue(r.all().contains("record 1: 'v' must be a number, found a string"), r.all());
        assertEquals(1, server.counters().get(Outcome.MALFORMED));
        assertEquals(List.of(), sink.received());
    }

    @Test
    void anotherContentFormatGets415() throws Exception {
        Path pack = json("{\"temperature\":1}");

        CoapClientProcess.Result r = postAsSoil17("50", pack, secure + "/readings");

        assertTrue(r.all().contains("4.15"), r.all());
        assertTrue(r.all().contains("use 110 (application/senml+json) or 112"), r.all());
        assertEquals(1, server.counters().get(Outcome.UNSUPPORTED_FORMAT));
    }

    @Test
    void aPayloadAboveTheLimitGets413() throws Exception {
        StringBuilder big = new StringBuilder("[{\"bn\":\"soil-17/\",\"n\":\"temperature\",\"v\":1}");
        while (big.length() < SenmlLimits.DEFAULT.maxPayloadBytes() + 100) {
            big.append(",{\"n\":\"temperature\",\"v\":1}");
        }
        Path pack = json(big.append("]").toString());

        CoapClientProcess.Result r = postAsSoil17("110", pack, secure + "/readings");

        assertTrue(r.all().contains("4.13"), r.all());
        assertEquals(1, server.counters().get(Outcome.TOO_LARGE));
        assertEquals(List.of(), sink.received());
    }

    @Test
    void overPlainCoapAnUnprovisionedNodeGets401() throws Exception {
        Path pack = json("[{\"bn\":\"soil-17/\",\"n\":\"temperature\",\"v\":1}]");

        CoapClientProcess.Result r = postPlain("110", pack, plain + "/readings");

        assertTrue(r.all().contains("4.01"), r.all());
        assertTrue(r.all().contains("node 'soil-17' may not post over plain CoAP"), r.all());
        assertEquals(1, server.counters().get(Outcome.UNKNOWN_NODE));
        assertEquals(List.of(), sink.received());
    }

    @Test
    void aNodePostingUnderAnotherNodesNameGets403() throws Exception {
        Path pack = json("[{\"bn\":\"pump-3/\",\"n\":\"current\",\"v\":1}]");

        CoapClientProcess.Result r = postAsSoil17("110", pack, secure + "/readings");
        CoapClientProcess.Result r2 = postAsSoil17("110", pack, secure + "/readings/pump-3");

        assertTrue(r.all().contains("4.03"), r.all());
        assertTrue(r.all().contains("node soil-17 may only post names under 'soil-17/', not 'pump-3/current'"), r.all());
        assertTrue(r2.all().contains("4.03"), r2.all());
        assertEquals(2, server.counters().get(Outcome.FOREIGN_NAME));
        assertEquals(List.of(), sink.received());
    }

    @Test
    void aNodeObservesItsLastValuesAndSeesEachNewPost() throws Exception {
        try (CoapClientProcess observer = CoapClientProcess.start(dir, binary(OPENSSL), List.of("-s", "60", "-u",
                "soil-17", "-k", "soil-17-secret", "-B", "60", "-w", secure + "/readings/soil-17"))) {
            observer.awaitOutput("the empty list of values", o -> o.contains("[]"), DEADLINE);

            Path pack = json("[{\"bn\":\"soil-17/\",\"n\":\"temperature\",\"u\":\"Cel\",\"v\":14.75}]");
            CoapClientProcess.Result r = postAsSoil17("110", pack, secure + "/readings/soil-17");
            assertEquals(0, r.exit(), r.all());

            String seen = observer.awaitOutput("the notification with 14.75", o -> o.contains("\"v\":14.75"), DEADLINE);
            assertTrue(seen.contains("{\"bn\":\"soil-17/\",\"n\":\"temperature\",\"u\":\"Cel\",\"v\":14.75"), seen);
        }
    }

    @Test
    void overPlainCoapAnyoneOnTheTrustedLinkMayObserveANode() throws Exception {
        try (CoapClientProcess observer = CoapClientProcess.start(dir, binary(NOTLS), List.of("-s", "60", "-B", "60",
                "-w", plain + "/readings/meter-2"))) {
            observer.awaitOutput("the empty list of values", o -> o.contains("[]"), DEADLINE);
            CoapClientProcess.run(dir, NOTLS, "-m", "post", "-t", "110", "-f",
                    json("[{\"n\":\"meter-2/volume\",\"u\":\"m3\",\"v\":3.5}]").toString(), "-B", "10", plain + "/readings");
            observer.awaitOutput("the notification with the volume", o -> o.contains("\"v\":3.5"), DEADLINE);
        }
    }

    CoapClientProcess.Result postAsSoil17(String contentFormat, Path pack, String uri) throws Exception {
        return CoapClientProcess.run(dir, OPENSSL, "-m", "post", "-t", contentFormat, "-f", pack.toString(),
                "-u", "soil-17", "-k", "soil-17-secret", "-B", "10", uri);
    }

    CoapClientProcess.Result postPlain(String contentFormat, Path pack, String uri) throws Exception {
        return CoapClientProcess.run(dir, NOTLS, "-m", "post", "-t", contentFormat, "-f", pack.toString(), "-B", "10",
                uri);
    }

    static String binary(String path) {
        return CoapClientProcess.binary(path);
    }

    void awaitCount(Outcome outcome, long n) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (server.counters().get(outcome) < n) {
            if (System.nanoTime() > end) {
                throw new AssertionError("waited for " + n + " " + outcome + "; counters " + server.details());
            }
            Thread.sleep(20);
        }
    }
}
