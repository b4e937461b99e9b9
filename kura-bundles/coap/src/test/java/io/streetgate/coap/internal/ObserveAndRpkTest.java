package io.streetgate.coap.internal;

import io.streetgate.coap.NodeKeys;
import io.streetgate.coap.internal.IngestCounters.Outcome;
import io.streetgate.coap.senml.MeasurementMapping;
import io.streetgate.coap.senml.SenmlLimits;
import io.streetgate.driver.Quantity;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway as an Observe client of nodes that run a CoAP server (libcoap's coap-server, and a Californium
 * node that restarts), a node with a raw public key, and how few threads all of it takes.
 */
class ObserveAndRpkTest {

    static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private final CollectingSink sink = new CollectingSink();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    CoapIngestServer gateway(String keys, KeyPair rpk, List<NodeObserver.Target> observed) throws Exception {
        CoapIngestServer server = CoapIngestServer.start(new CoapIngestServer.Settings(InetAddress.getLoopbackAddress(),
                true, 0, false, 0, NodeKeys.parse(keys, "keys"), rpk, SenmlLimits.DEFAULT, NodeLimits.DEFAULT, MeasurementMapping.standard(),
                observed), sink, Clock.systemUTC());
        open.add(server);
        return server;
    }

    static boolean hasTemperature(List<io.streetgate.driver.Measurement> l, String source, double v) {
        return l.stream().anyMatch(m -> m.sourceId().equals(source) && m.quantity() == Quantity.TEMPERATURE
                && m.value() == v);
    }

    @Test
    void theGatewayObservesALibcoapNodeAndIngestsEachNotification() throws Exception {
        int port = freeUdpPort();
        // libcoap's example server (libcoap3-bin) with dynamic resources: a PUT creates an observable resource
        Process node = new ProcessBuilder(CoapClientProcess.binary("/usr/bin/coap-server-notls"), "-A", "127.0.0.1",
                "-p", Integer.toString(port), "-d", "4").redirectErrorStream(true)
                .redirectOutput(dir.resolve("coap-server.log").toFile()).start();
        open.add(() -> {
            node.destroy();
            node.waitFor(5, TimeUnit.SECONDS);
        });
        String uri = "coap://127.0.0.1:" + port + "/soil";
        put(uri, "[{\"bn\":\"soil-9/\",\"n\":\"temperature\",\"u\":\"Cel\",\"v\":5.5}]");

        CoapIngestServer gateway = gateway("soil-9 plain", null, List.of(NodeObserver.Target.parse("soil-9=" + uri)));

        sink.await("the first value", l -> hasTemperature(l, "soil-9", 5.5), DEADLINE);
        put(uri, "[{\"bn\":\"soil-9/\",\"n\":\"temperature\",\"u\":\"Cel\",\"v\":6.25}]");
        sink.await("the notification after the node's value changed", l -> hasTemperature(l, "soil-9", 6.25), DEADLINE);
        assertTrue(gateway.counters().get(Outcome.NOTIFICATION) >= 2);
        assertEquals("observing", ((java.util.Map<?, ?>) gateway.details().get("observed")).get("soil-9"));
    }

    /** Sets the node's value with coap-client (the PUT creates the resource on the first call). */
    void put(String uri, String pack) throws Exception {
        Path file = Files.writeString(dir.resolve("put.json"), pack);
        // the server may still be starting: retry until it answers
        long end = System.nanoTime() + DEADLINE.toNanos();
        CoapClientProcess.Result r;
        do {
            r = CoapClientProcess.run(dir, CoapClientProcess.NOTLS, "-m", "put", "-t", "110", "-f", file.toString(),
                    "-B", "3", uri);
        } while (r.exit() != 0 && System.nanoTime() < end);
        assertEquals(0, r.exit(), r.all());
    }

    /** A node running Californium with one observable SenML resource that sends NON notifications. */
    static final class CaliforniumNode implements AutoCloseable {
        final CoapServer server;
        final Resource resource;

        CaliforniumNode(int port, double value) throws Exception {
            this(port, value, true);
        }

        CaliforniumNode(int port, double value, boolean observable) throws Exception {
            this(port, value, observable, null, null);
        }

        /** With a PSK identity and key, the node's server speaks DTLS (coaps). */
        CaliforniumNode(int port, double value, boolean observable, String identity, String key) throws Exception {
            Configuration config = CoapIngestServer.configuration(SenmlLimits.DEFAULT);
            server = new CoapServer(config);
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            if (identity == null) {
                server.addEndpoint(new CoapEndpoint.Builder().setConfiguration(config)
                        .setConnector(new UDPConnector(address, config)).build());
            } else {
                AdvancedMultiPskStore keys = new AdvancedMultiPskStore();
                keys.setKey(identity, key.getBytes(StandardCharsets.US_ASCII));
                server.addEndpoint(new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(
                        DtlsConnectorConfig.builder(config).set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
                                .setAddress(address).setAdvancedPskStore(keys).build())).build());
            }
            resource = new Resource(value);
            resource.setObservable(observable);
            server.add(resource);
            server.start();
        }

        @Override
        public void close() {
            server.destroy();
        }

        static final class Resource extends CoapResource {
            volatile double value;

            Resource(double value) {
                super("temperature");
                this.value = value;
                setObservable(true);
                setObserveType(CoAP.Type.NON);
            }

            void set(double v) {
                value = v;
                changed();
            }

            @Override
            public void handleGET(CoapExchange exchange) {
                // a short Max-Age: the observer re-registers soon after notifications stop (RFC 7641 section 3.3.1)
                exchange.setMaxAge(2);
                exchange.respond(ResponseCode.CONTENT, ("[{\"n\":\"lamp-5/temperature\",\"u\":\"Cel\",\"v\":" + value
                        + "}]").getBytes(StandardCharsets.UTF_8), 110);
            }
        }
    }

    @Test
    void afterTheNodeRestartsAndForgetsTheRelationTheGatewayRegistersAgain() throws Exception {
        int port = freeUdpPort();
        CaliforniumNode node = new CaliforniumNode(port, 20);
        CoapIngestServer gateway = gateway("lamp-5 plain", null,
                List.of(new NodeObserver.Target("lamp-5", URI.create("coap://127.0.0.1:" + port + "/temperature"))));
        sink.await("the first value", l -> hasTemperature(l, "lamp-5", 20), DEADLINE);
        node.resource.set(21);
        sink.await("a NON notification", l -> hasTemperature(l, "lamp-5", 21), DEADLINE);

        node.close();
        CaliforniumNode restarted = new CaliforniumNode(port, 22);
        open.add(restarted);

        sink.await("the value after the gateway registered again", l -> hasTemperature(l, "lamp-5", 22), DEADLINE);
        restarted.resource.set(23);
        sink.await("notifications on the new relation", l -> hasTemperature(l, "lamp-5", 23), DEADLINE);
        assertTrue(gateway.counters().get(Outcome.NOTIFICATION) >= 4);
    }

    @Test
    void aNodeServingOverDtlsIsObservedWithItsPreSharedKey() throws Exception {
        int port = freeUdpPort();
        CaliforniumNode node = new CaliforniumNode(port, 12, true, "lamp-5", "lamp-5-secret");
        open.add(node);
        CoapIngestServer gateway = gateway("lamp-5 psk lamp-5 text:lamp-5-secret", null,
                List.of(NodeObserver.Target.parse("lamp-5=coaps://127.0.0.1:" + port + "/temperature")));

        sink.await("the first value over DTLS", l -> hasTemperature(l, "lamp-5", 12), DEADLINE);
        node.resource.set(13);
        sink.await("a notification over DTLS", l -> hasTemperature(l, "lamp-5", 13), DEADLINE);
        assertEquals("observing", ((java.util.Map<?, ?>) gateway.details().get("observed")).get("lamp-5"));
    }

    @Test
    void aNodeWhoseResourceIsNotObservableIsReadAndThenReadAgainAMinuteLater() throws Exception {
        int port = freeUdpPort();
        open.add(new CaliforniumNode(port, 18.5, false));
        CoapIngestServer gateway = gateway("lamp-5 plain", null,
                List.of(new NodeObserver.Target("lamp-5", URI.create("coap://127.0.0.1:" + port + "/temperature"))));

        sink.await("the value read once", l -> hasTemperature(l, "lamp-5", 18.5), DEADLINE);
        assertEquals("not observable; read every 60 s", ((java.util.Map<?, ?>) gateway.details().get("observed"))
                .get("lamp-5"));
    }

    @Test
    void aNodeWithATrustedRawPublicKeyPostsAndAnUntrustedOneIsRefused() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair gatewayKey = ec.generateKeyPair();
        KeyPair nodeKey = ec.generateKeyPair();
        KeyPair strangerKey = ec.generateKeyPair();
        CoapIngestServer gateway = gateway("lamp-9 rpk " + Base64.getEncoder().encodeToString(
                nodeKey.getPublic().getEncoded()), gatewayKey, List.of());
        String uri = "coaps://127.0.0.1:" + gateway.secureAddress().getPort() + "/readings";

        CoapResponse accepted = rpkPost(uri, nodeKey, gatewayKey, "[{\"n\":\"lamp-9/temperature\",\"v\":17}]");
        assertEquals(ResponseCode.CHANGED, accepted.getCode(), accepted.getResponseText());
        sink.await("lamp-9's temperature", l -> hasTemperature(l, "lamp-9", 17), DEADLINE);

        java.io.IOException refused = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> rpkPost(uri, strangerKey, gatewayKey, "[{\"n\":\"lamp-9/temperature\",\"v\":99}]"));
        assertTrue(refused.getMessage().contains("BAD_CERTIFICATE"), refused.getMessage());
        // the alert is sent before the gateway's listener hears of the failure: wait for the count
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (gateway.counters().get(Outcome.HANDSHAKE_UNKNOWN_IDENTITY) == 0 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertEquals(1, gateway.counters().get(Outcome.HANDSHAKE_UNKNOWN_IDENTITY), gateway.details().toString());
        assertTrue(sink.received().stream().noneMatch(m -> m.value() == 99));
    }

    static CoapResponse rpkPost(String uri, KeyPair key, KeyPair trusted, String pack) throws Exception {
        Configuration config = CoapIngestServer.configuration(SenmlLimits.DEFAULT);
        DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                .set(DtlsConfig.DTLS_CERTIFICATE_TYPES, List.of(CertificateType.RAW_PUBLIC_KEY))
                .setCertificateIdentityProvider(new SingleCertificateProvider(key.getPrivate(), key.getPublic()))
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                        .setTrustedRPKs(new RawPublicKeyIdentity(trusted.getPublic())).build())
                .build());
        CoapClient client = new CoapClient(uri);
        client.setEndpoint(new CoapEndpoint.Builder().setConfiguration(config).setConnector(connector).build());
        client.setTimeout(10_000L);
        try {
            return client.post(pack, 110);
        } finally {
            client.shutdown();
            client.getEndpoint().destroy();
        }
    }

    @Test
    void bothEndpointsAndAnObservationTakeAFewThreads() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        int port = freeUdpPort();
        CaliforniumNode node = new CaliforniumNode(port, 1);
        open.add(node);
        Set<Thread> withNode = Thread.getAllStackTraces().keySet();
        CoapIngestServer server = CoapIngestServer.start(new CoapIngestServer.Settings(InetAddress.getLoopbackAddress(),
                true, 0, true, 0, NodeKeys.parse("n1 psk n1 text:12345678\nlamp-5 plain", "keys"), null,
                SenmlLimits.DEFAULT, NodeLimits.DEFAULT, MeasurementMapping.standard(),
                List.of(new NodeObserver.Target("lamp-5", URI.create("coap://127.0.0.1:" + port + "/temperature")))),
                sink, Clock.systemUTC());
        open.add(server);
        sink.await("the observed value", l -> hasTemperature(l, "lamp-5", 1), DEADLINE);

        List<String> added = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t) && !withNode.contains(t)) {
                added.add(t.getName());
            }
        }
        // protocol + timer, UDP receiver + sender for plain and for the observing client, DTLS receiver,
        // connector and timer
        System.out.println("threads added by the ingest (both endpoints, one observation): " + added.size() + " "
                + added);
        assertTrue(added.size() <= 12, added.size() + " threads: " + added);
    }
}
