package io.streetgate.coap.internal;

import io.streetgate.coap.NodeKeys;
import io.streetgate.coap.senml.MeasurementMapping;
import io.streetgate.coap.senml.SenmlDecoder;
import io.streetgate.coap.senml.SenmlLimits;
import io.streetgate.driver.Health;
import io.streetgate.gateway.api.MeasurementSink;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.util.NamedThreadFactory;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's CoAP side on Californium and Scandium: a DTLS 1.2 endpoint (per-node pre-shared keys, raw
 * public keys as an option) and, only where switched on, a plain CoAP endpoint for nodes on a trusted link;
 * the readings resources; and the observations of nodes that run a CoAP server themselves.
 *
 * <p>Small on a Pi: one protocol thread and one timer thread shared by every endpoint and the observing
 * client, one receiver and one sender thread per UDP socket, one receiver and one crypto thread for DTLS
 * (Californium sizes its pools by the number of cores otherwise).
 */
public final class CoapIngestServer implements AutoCloseable {

    /** How long a refusal keeps the ingest "degraded" in the health report. */
    static final Duration DEGRADED_FOR = Duration.ofMinutes(10);

    /**
     * What the server does.
     *
     * @param bindAddress where both endpoints listen (loopback unless configured otherwise)
     * @param dtls        whether the DTLS endpoint runs
     * @param dtlsPort    its UDP port (0: any free port)
     * @param plain       whether the plain CoAP endpoint runs
     * @param plainPort   its UDP port (0: any free port)
     * @param keys        the provisioned nodes
     * @param serverRpk   the gateway's own key pair for raw-public-key handshakes; null when no node uses RPK
     * @param limits      what a payload may be at most
     * @param nodeLimits  what one node may cost: requests per second, series held at once
     * @param mapping     how records become measurements
     * @param observed    node resources the gateway observes
     */
    public record Settings(InetAddress bindAddress, boolean dtls, int dtlsPort, boolean plain, int plainPort,
                           NodeKeys keys, KeyPair serverRpk, SenmlLimits limits, NodeLimits nodeLimits,
                           MeasurementMapping mapping, List<NodeObserver.Target> observed) {
        public Settings {
            Objects.requireNonNull(bindAddress, "bindAddress");
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(nodeLimits, "nodeLimits");
            Objects.requireNonNull(mapping, "mapping");
            observed = List.copyOf(observed == null ? List.of() : observed);
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final IngestCounters counters = new IngestCounters();
    private final ScheduledThreadPoolExecutor main;
    private final ScheduledThreadPoolExecutor timer;
    private final CoapServer server;
    private final ReadingsResource readings;
    private final Ingestor ingestor;
    private final CoapEndpoint plainEndpoint;
    private final CoapEndpoint dtlsEndpoint;
    private final NodeObserver observer;

    private CoapIngestServer(Settings settings, MeasurementSink sink, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        Configuration config = configuration(settings.limits());
        main = executor("coap-ingest");
        timer = executor("coap-ingest-timer");
        LatestReadingsHolder holder = new LatestReadingsHolder();
        LatestReadings latest = new LatestReadings(holder::changed);
        ingestor = new Ingestor(settings.keys(), settings.nodeLimits(), new SenmlDecoder(settings.limits()),
                settings.mapping(), sink, latest, counters, clock);
        readings = new ReadingsResource(ingestor, latest);
        holder.resource = readings;
        server = new CoapServer(config);
        server.setExecutors(main, timer, true);
        server.add(readings);
        plainEndpoint = settings.plain() ? plainEndpoint(settings, config) : null;
        dtlsEndpoint = settings.dtls() ? dtlsEndpoint(settings, config) : null;
        if (plainEndpoint != null) {
            server.addEndpoint(plainEndpoint);
        }
        if (dtlsEndpoint != null) {
            server.addEndpoint(dtlsEndpoint);
        }
        observer = settings.observed().isEmpty() ? null
                : new NodeObserver(settings.observed(), settings.keys(), settings.bindAddress(), config, main, timer,
                ingestor, counters, clock);
    }

    /** Binds the endpoints and starts observing. */
    public static CoapIngestServer start(Settings settings, MeasurementSink sink, Clock clock) throws IOException {
        CoapIngestServer s = new CoapIngestServer(settings, sink, clock);
        try {
            if (s.plainEndpoint != null || s.dtlsEndpoint != null) {
                s.server.start();
                for (Endpoint endpoint : s.server.getEndpoints()) {
                    if (!endpoint.isStarted()) {
                        throw new IOException("cannot listen on " + endpoint.getUri());
                    }
                }
            }
            if (s.observer != null) {
                s.observer.start();
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        return s;
    }

    static Configuration configuration(SenmlLimits limits) {
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS,
                UdpConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        // block-wise bodies up to four times the SenML limit reach the ingest, which refuses and counts what
        // is above the limit; Californium refuses larger transfers itself
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 4 * limits.maxPayloadBytes());
        config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 2_000);
        config.set(CoapConfig.MAX_ACTIVE_PEERS, 2_000);
        return config;
    }

    private static ScheduledThreadPoolExecutor executor(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory(name + "#"));
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private static CoapEndpoint plainEndpoint(Settings settings, Configuration config) {
        UDPConnector connector = new UDPConnector(new InetSocketAddress(settings.bindAddress(), settings.plainPort()),
                config);
        return new CoapEndpoint.Builder().setConnector(connector).setConfiguration(config).build();
    }

    private CoapEndpoint dtlsEndpoint(Settings settings, Configuration config) {
        HandshakeWatch handshakes = new HandshakeWatch(counters, clock);
        DtlsConnectorConfig.Builder builder = DtlsConnectorConfig.builder(config)
                .set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY)
                .setAddress(new InetSocketAddress(settings.bindAddress(), settings.dtlsPort()))
                .setLoggingTag("coap-ingest")
                .setSessionListener(handshakes)
                .setConnectionListener(handshakes);
        AdvancedMultiPskStore psk = new AdvancedMultiPskStore();
        for (NodeKeys.Psk p : settings.keys().credentials(NodeKeys.Psk.class)) {
            psk.setKey(p.identity(), p.key());
        }
        builder.setAdvancedPskStore(psk);
        List<NodeKeys.Rpk> rpks = settings.keys().credentials(NodeKeys.Rpk.class);
        if (!rpks.isEmpty()) {
            if (settings.serverRpk() == null) {
                throw new IllegalArgumentException("nodes with raw public keys need the gateway's own key pair");
            }
            List<RawPublicKeyIdentity> trusted = new ArrayList<>();
            rpks.forEach(r -> trusted.add(new RawPublicKeyIdentity(r.publicKey())));
            builder.setCertificateIdentityProvider(new SingleCertificateProvider(settings.serverRpk().getPrivate(),
                            settings.serverRpk().getPublic()))
                    .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                            .setTrustedRPKs(trusted.toArray(new RawPublicKeyIdentity[0])).build())
                    .set(DtlsConfig.DTLS_CERTIFICATE_TYPES, List.of(CertificateType.RAW_PUBLIC_KEY))
                    .set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.NEEDED);
        }
        DTLSConnector connector = new DTLSConnector(builder.build());
        connector.setAlertHandler(handshakes);
        return new CoapEndpoint.Builder().setConnector(connector).setConfiguration(config).build();
    }

    /** Lets the latest values reach the resource that is created after them. */
    private static final class LatestReadingsHolder {
        volatile ReadingsResource resource;

        void changed(String nodeId) {
            ReadingsResource r = resource;
            if (r != null) {
                r.changed(nodeId);
            }
        }
    }

    /** Where plain CoAP listens; null when it is off. */
    public InetSocketAddress plainAddress() {
        return plainEndpoint == null ? null : plainEndpoint.getAddress();
    }

    /** Where DTLS listens; null when it is off. */
    public InetSocketAddress secureAddress() {
        return dtlsEndpoint == null ? null : dtlsEndpoint.getAddress();
    }

    IngestCounters counters() {
        return counters;
    }

    /** Series the nodes hold now, for tests of the cap. */
    int seriesHeld(String nodeId) {
        return ingestor.budgets().seriesOf(nodeId, clock.instant());
    }

    /** Degraded while a refusal happened in the last {@link #DEGRADED_FOR}; the counters as details. */
    public Health health() {
        Instant now = clock.instant();
        String refusal = counters.recentRefusal(now, DEGRADED_FOR);
        return refusal == null ? Health.ok(now) : Health.degraded("last refusal " + refusal, now);
    }

    public Map<String, Object> details() {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        if (dtlsEndpoint != null) {
            details.put("dtls", dtlsEndpoint.getUri().toString());
        }
        if (plainEndpoint != null) {
            details.put("plain", plainEndpoint.getUri().toString());
        }
        details.put("nodes", settings.keys().nodes().size());
        details.put("series_held", ingestor.budgets().series(clock.instant()));
        details.putAll(counters.details());
        if (observer != null) {
            details.put("observed", observer.states());
        }
        return details;
    }

    @Override
    public void close() {
        if (observer != null) {
            observer.stop();
        }
        server.destroy();
        main.shutdownNow();
        timer.shutdownNow();
        try {
            main.awaitTermination(2, TimeUnit.SECONDS);
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
