package io.streetgate.coap.internal;

import io.streetgate.coap.NodeKeys;
import io.streetgate.coap.internal.IngestCounters.Outcome;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Observes resources of nodes that run a CoAP server (RFC 7641) and ingests every notification, confirmable
 * or not, like a POST from that node. Californium re-registers by itself when a notification's Max-Age runs
 * out without a new one (the node lost the relation, say after a reboot); when a registration fails, this
 * registers again after a back-off that doubles from {@link #FIRST_RETRY} to {@link #LAST_RETRY}. A resource
 * that is not observable is read every {@link #POLL_EVERY}.
 */
final class NodeObserver {

    static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    static final Duration LAST_RETRY = Duration.ofMinutes(5);
    /** How often a node whose resource is not observable is read instead. */
    static final Duration POLL_EVERY = Duration.ofMinutes(1);
    private static final Pattern ENTRY = Pattern.compile("([A-Za-z0-9][A-Za-z0-9_.:\\-]*)=(coaps?://.+)");

    /**
     * A node resource to observe.
     *
     * @param nodeId the provisioned node its notifications belong to
     * @param uri    {@code coap://host:port/path} or {@code coaps://...} (DTLS with the node's pre-shared key)
     */
    record Target(String nodeId, URI uri) {
        /** From a configuration entry {@code node-id=coap://host:port/path}. */
        static Target parse(String entry) {
            var m = ENTRY.matcher(entry.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("observed node '" + entry + "' is not 'node-id=coap://host:port/path'"
                        + " or 'node-id=coaps://host:port/path'");
            }
            URI uri = URI.create(m.group(2));
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("observed node '" + entry + "' has no host");
            }
            return new Target(m.group(1), uri);
        }

        boolean secure() {
            return CoAP.COAP_SECURE_URI_SCHEME.equals(uri.getScheme());
        }

        InetSocketAddress address() {
            int port = uri.getPort() > 0 ? uri.getPort()
                    : secure() ? CoAP.DEFAULT_COAP_SECURE_PORT : CoAP.DEFAULT_COAP_PORT;
            return new InetSocketAddress(uri.getHost(), port);
        }
    }

    private final List<Observation> observations = new ArrayList<>();
    private final ScheduledThreadPoolExecutor main;
    private final ScheduledThreadPoolExecutor timer;
    private final Ingestor ingestor;
    private final IngestCounters counters;
    private final Clock clock;
    private final CoapEndpoint plain;
    private final CoapEndpoint secure;
    private volatile boolean stopped;

    NodeObserver(List<Target> targets, NodeKeys keys, InetAddress bind, Configuration config,
                 ScheduledThreadPoolExecutor main, ScheduledThreadPoolExecutor timer, Ingestor ingestor,
                 IngestCounters counters, Clock clock) {
        this.main = main;
        this.timer = timer;
        this.ingestor = ingestor;
        this.counters = counters;
        this.clock = clock;
        AdvancedMultiPskStore psk = new AdvancedMultiPskStore();
        boolean anyPlain = false;
        boolean anySecure = false;
        for (Target target : targets) {
            if (!keys.isKnown(target.nodeId())) {
                throw new IllegalArgumentException("observed node '" + target.nodeId() + "' is not in the key file");
            }
            if (target.secure()) {
                NodeKeys.Psk key = keys.credentials(NodeKeys.Psk.class).stream()
                        .filter(p -> p.nodeId().equals(target.nodeId())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("observed node '" + target.nodeId()
                                + "' is reached over coaps:// but has no psk line in the key file"));
                psk.addKnownPeer(target.address(), key.identity(), key.key());
                anySecure = true;
            } else {
                anyPlain = true;
            }
            observations.add(new Observation(target));
        }
        plain = anyPlain ? new CoapEndpoint.Builder().setConfiguration(config)
                .setConnector(new UDPConnector(new InetSocketAddress(bind, 0), config)).build() : null;
        secure = anySecure ? new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(
                DtlsConnectorConfig.builder(config).set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                        .setAddress(new InetSocketAddress(bind, 0)).setAdvancedPskStore(psk)
                        .setLoggingTag("coap-ingest-observer").build())).build() : null;
        for (CoapEndpoint endpoint : new CoapEndpoint[] {plain, secure}) {
            if (endpoint != null) {
                endpoint.setExecutors(main, timer);
            }
        }
    }

    void start() throws IOException {
        for (CoapEndpoint endpoint : new CoapEndpoint[] {plain, secure}) {
            if (endpoint != null) {
                endpoint.start();
            }
        }
        observations.forEach(Observation::register);
    }

    void stop() {
        stopped = true;
        observations.forEach(Observation::cancel);
        for (CoapEndpoint endpoint : new CoapEndpoint[] {plain, secure}) {
            if (endpoint != null) {
                endpoint.destroy();
            }
        }
    }

    /** Each observed node's state for the status report. */
    Map<String, String> states() {
        Map<String, String> states = new LinkedHashMap<>();
        observations.forEach(o -> states.put(o.target.nodeId(), o.state));
        return states;
    }

    /** One observed resource: its relation, or the retry that will make one. */
    private final class Observation implements CoapHandler {
        final Target target;
        final CoapClient client;
        volatile CoapObserveRelation relation;
        volatile ScheduledFuture<?> retry;
        volatile String state = "starting";
        Duration backoff = FIRST_RETRY;

        Observation(Target target) {
            this.target = target;
            this.client = new CoapClient(target.uri());
        }

        synchronized void register() {
            if (stopped) {
                return;
            }
            client.setEndpoint(target.secure() ? secure : plain);
            client.setExecutors(main, timer, true);
            state = "registering";
            relation = client.observe(this);
        }

        @Override
        public void onLoad(CoapResponse response) {
            if (!response.isSuccess()) {
                failed(target.uri() + " answered " + response.getCode() + " " + response.getResponseText());
                return;
            }
            counters.count(Outcome.NOTIFICATION, clock.instant(), "");
            boolean observable = response.getOptions().hasObserve();
            String ok = observable ? "observing" : "not observable; read every " + POLL_EVERY.toSeconds() + " s";
            synchronized (this) {
                backoff = FIRST_RETRY;
                state = ok;
                if (!observable) {
                    // the node does not support Observe: read it again once a minute
                    schedule(POLL_EVERY);
                }
            }
            Ingestor.Reply reply = ingestor.post(new Ingestor.Peer(target.nodeId(), true), target.nodeId(),
                    response.getOptions().getContentFormat(), response.getPayload());
            if (reply.code() != CoAP.ResponseCode.CHANGED) {
                state = ok + "; last notification refused: " + reply.diagnostic();
            }
        }

        @Override
        public void onError() {
            failed("no answer from " + target.uri());
        }

        private synchronized void failed(String reason) {
            if (stopped) {
                return;
            }
            counters.count(Outcome.OBSERVE_FAILED, clock.instant(), target.nodeId() + ": " + reason);
            CoapObserveRelation r = relation;
            if (r != null) {
                r.proactiveCancel();
            }
            state = reason + "; retrying in " + backoff.toSeconds() + " s";
            schedule(backoff);
            backoff = backoff.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : backoff.multipliedBy(2);
        }

        private void schedule(Duration delay) {
            ScheduledFuture<?> previous = retry;
            if (previous != null) {
                previous.cancel(false);
            }
            retry = timer.schedule(this::register, delay.toMillis(), TimeUnit.MILLISECONDS);
        }

        synchronized void cancel() {
            ScheduledFuture<?> r = retry;
            if (r != null) {
                r.cancel(false);
            }
            CoapObserveRelation rel = relation;
            if (rel != null) {
                rel.reactiveCancel();
            }
            client.shutdown();
        }
    }
}
