package io.streetgate.uplink.link;

import io.streetgate.site.UplinkConfig;
import io.streetgate.uplink.testing.Mosquitto;
import io.streetgate.uplink.testing.Subscriber;
import io.streetgate.uplink.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connections to a real mosquitto 2 with TLS and a password file, as the uplink makes them. */
class PahoConnectorTest {

    static final String USER = "pole-0042";
    static final String PASSWORD = "s3cret-Pole";
    static final Will WILL = new Will("streetgate/pole-0042/state", "{\"online\":false}".getBytes(), 1, true);

    @TempDir
    static Path dir;
    static TestPki pki;
    static Mosquitto broker;
    static Mosquitto wrongHost;
    static Mosquitto certificateOnly;

    @BeforeAll
    static void brokers() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        broker = Mosquitto.start(dir.resolve("broker"), pki, pki.serverCert, pki.serverKey,
                Map.of(USER, PASSWORD, "test", "test"), false);
        wrongHost = Mosquitto.start(dir.resolve("wrong-host"), pki, pki.wrongHostCert, pki.wrongHostKey,
                Map.of(USER, PASSWORD), false);
        certificateOnly = Mosquitto.start(dir.resolve("client-cert"), pki, pki.serverCert, pki.serverKey, Map.of(),
                true);
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
        wrongHost.close();
        certificateOnly.close();
    }

    static LinkSettings settings(LinkSettings.Protocol protocol, Mosquitto at, Path ca, String user, String password) {
        return LinkSettings.builder(URI.create(at.url()), "t-" + System.nanoTime()).protocol(protocol)
                .login(user, password == null ? null : password.toCharArray()).tls(Tls.socketFactory(ca, null, null))
                .keepAlive(Duration.ofSeconds(30)).cleanStart(true).sessionExpiry(Duration.ZERO)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static MqttTransport connect(LinkSettings s) throws LinkException {
        return new PahoConnector(s, 20).connect(WILL, (t, p, expiry) -> { }, e -> { });
    }

    @ParameterizedTest
    @EnumSource(LinkSettings.Protocol.class)
    void withTheCityCaAndThePasswordItConnectsOverTlsAndTheBrokerAcknowledgesEachMessage(
            LinkSettings.Protocol protocol) throws Exception {
        try (Subscriber sub = new Subscriber(broker.url(), Tls.socketFactory(pki.caCert, null, null), "test", "test",
                "sub-" + protocol, false, "streetgate/#");
             MqttTransport t = connect(settings(protocol, broker, pki.caCert, USER, PASSWORD))) {
            assertTrue(t.isConnected());
            assertEquals(20, t.receiveMaximum(), "mosquitto's max_inflight_messages (MQTT 5) or Paho's own limit");
            int code = t.publish("streetgate/pole-0042/summary/env-1/temperature", "{}".getBytes(), 1, false)
                    .get(10, TimeUnit.SECONDS);
            assertEquals(0, code, "PUBACK: success");
            sub.awaitOne("the message", r -> r.topic().endsWith("env-1/temperature"), Duration.ofSeconds(10));
        }
    }

    @ParameterizedTest
    @EnumSource(LinkSettings.Protocol.class)
    void aWrongPasswordIsRefusedAndTheReasonSaysWhatToCheckWithoutThePassword(LinkSettings.Protocol protocol) {
        LinkException e = assertThrows(LinkException.class,
                () -> connect(settings(protocol, broker, pki.caCert, USER, "wrong-password")));
        // mosquitto 2 answers "not authorized" rather than "bad user name or password"
        assertTrue(e.kind() == LinkException.Kind.NOT_AUTHORIZED || e.kind() == LinkException.Kind.BAD_CREDENTIALS,
                e.getMessage());
        assertTrue(e.getMessage().contains("refused the login"), e.getMessage());
        assertTrue(e.getMessage().contains("password file"), e.getMessage());
        assertTrue(e.getMessage().contains(USER), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-password"), "never the password: " + e.getMessage());
        assertTrue(e.needsOperator());
    }

    @Test
    void aBrokerWhoseCertificateAnotherCaSignedIsRefused() {
        LinkException e = assertThrows(LinkException.class,
                () -> connect(settings(LinkSettings.Protocol.MQTT_5, broker, pki.otherCaCert, USER, PASSWORD)));
        assertEquals(LinkException.Kind.UNTRUSTED_CERTIFICATE, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("not signed by a trusted CA"), e.getMessage());
    }

    @Test
    void aCertificateThatNamesAnotherHostIsRefusedEvenFromTheRightCa() {
        LinkException e = assertThrows(LinkException.class,
                () -> connect(settings(LinkSettings.Protocol.MQTT_5, wrongHost, pki.caCert, USER, PASSWORD)));
        assertEquals(LinkException.Kind.WRONG_HOST_IN_CERTIFICATE, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("does not name host localhost"), e.getMessage());
    }

    @Test
    void aClientCertificateLogsInWhereTheBrokerAsksForOne() throws Exception {
        LinkSettings s = LinkSettings.builder(URI.create(certificateOnly.url()), "cert-client")
                .tls(Tls.socketFactory(pki.caCert, pki.clientCert, pki.clientKey)).keepAlive(Duration.ofSeconds(30))
                .cleanStart(true).sessionExpiry(Duration.ZERO).connectTimeout(Duration.ofSeconds(5)).build();
        try (MqttTransport t = connect(s)) {
            int code = t.publish("streetgate/pole-0042/x", new byte[] {1}, 1, false).get(10, TimeUnit.SECONDS);
            assertTrue(code < 0x80, "accepted (0x10: nobody subscribed): " + code);
        }
        LinkSettings without = LinkSettings.builder(URI.create(certificateOnly.url()), "no-cert")
                .tls(Tls.socketFactory(pki.caCert, null, null)).keepAlive(Duration.ofSeconds(30)).cleanStart(true)
                .sessionExpiry(Duration.ZERO).connectTimeout(Duration.ofSeconds(5)).build();
        assertThrows(LinkException.class, () -> connect(without), "no certificate, no connection");
    }

    @Test
    void aBrokerThatIsDownIsUnreachableWhichRetryingCanFix() throws Exception {
        int closedPort = new java.net.ServerSocket(0).getLocalPort(); // closed again at once
        LinkSettings s = LinkSettings.builder(URI.create("ssl://localhost:" + closedPort), "x")
                .login(USER, PASSWORD.toCharArray()).tls(Tls.socketFactory(pki.caCert, null, null))
                .keepAlive(Duration.ofSeconds(30)).cleanStart(true).sessionExpiry(Duration.ZERO)
                .connectTimeout(Duration.ofSeconds(2)).build();
        LinkException e = assertThrows(LinkException.class, () -> connect(s));
        assertEquals(LinkException.Kind.UNREACHABLE, e.kind(), e.getMessage());
        assertFalse(e.needsOperator());
    }

    @ParameterizedTest
    @EnumSource(LinkSettings.Protocol.class)
    void whenTheConnectionBreaksWithoutADisconnectTheBrokerPublishesTheWill(LinkSettings.Protocol protocol)
            throws Exception {
        try (Subscriber sub = new Subscriber(broker.url(), Tls.socketFactory(pki.caCert, null, null), "test", "test",
                "will-" + protocol, false, "streetgate/pole-0042/state")) {
            MqttTransport t = connect(settings(protocol, broker, pki.caCert, USER, PASSWORD));
            t.abort();
            Subscriber.Received will;
            try {
                will = sub.awaitOne("the will", r -> r.text().contains("\"online\":false"), Duration.ofSeconds(10));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nbroker log:\n" + broker.log(), e);
            }
            assertEquals("{\"online\":false}", new String(will.payload(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void plainTcpNeedsItsOwnSchemeAndSslNeedsATlsSetup() {
        IllegalArgumentException noTls = assertThrows(IllegalArgumentException.class,
                () -> LinkSettings.builder(URI.create("ssl://localhost:8883"), "x").build());
        assertTrue(noTls.getMessage().contains("no TLS setup"), noTls.getMessage());
        IllegalArgumentException ws = assertThrows(IllegalArgumentException.class,
                () -> LinkSettings.builder(URI.create("ws://localhost:80"), "x").build());
        assertTrue(ws.getMessage().contains("ws://localhost:80"), ws.getMessage());
        assertFalse(LinkSettings.builder(URI.create("tcp://localhost:1883"), "x")
                .protocol(LinkSettings.Protocol.MQTT_3_1_1).login("u", "pw".toCharArray()).build()
                .toString().contains("pw"), "the password never shows");
    }

    @Test
    void theBuilderStartsFromTheSiteFilesDefaultsAndToBuilderChangesOneSetting() {
        LinkSettings plain = LinkSettings.builder(URI.create("tcp://localhost:1883"), "pole-0042").build();
        UplinkConfig site = UplinkConfig.builder("tcp://localhost:1883").build();
        assertEquals(new LinkSettings(URI.create("tcp://localhost:1883"), LinkSettings.Protocol.of(site.protocol()),
                "pole-0042", null, null, null, site.keepAlive(), false, site.sessionExpiry(),
                LinkSettings.DEFAULT_CONNECT_TIMEOUT), plain);
        LinkSettings clean = plain.toBuilder().cleanStart(true).build();
        assertTrue(clean.cleanStart());
        assertEquals(plain, clean.toBuilder().cleanStart(false).build(), "every other setting carried over");
    }
}
