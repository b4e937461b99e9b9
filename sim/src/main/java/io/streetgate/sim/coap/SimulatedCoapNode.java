package io.streetgate.sim.coap;

import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A battery node that wakes at a period, reads its channels and its battery, and posts them to the gateway as
 * one SenML pack ({@code POST <gateway>/readings/<node-id>}, confirmable) over DTLS with its pre-shared key, or
 * over plain CoAP. Its own UDP socket (one receiver thread); protocol work runs on an executor shared by all the
 * nodes of a simulation, so thousands of nodes need only as many extra threads as sockets.
 */
public final class SimulatedCoapNode implements AutoCloseable {

    /** A fresh lithium primary cell (3.6 V, e.g. Li-SOCl2) and what one wake-up and post takes from it. */
    static final double BATTERY_FULL_VOLTS = 3.6;
    static final double VOLTS_PER_POST = 0.00002;

    /** What the node saw of its posts. */
    public record Stats(long sent, long accepted, long refused, long lost, double batteryVolts) {
    }

    private final String nodeId;
    private final String identity;
    private final byte[] key;
    private final SenmlWriter.Encoding encoding;
    private final List<NodeChannel> channels;
    private final Clock clock;
    private final InetAddress bind;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private volatile CoapEndpoint endpoint;
    private volatile CoapClient client;
    private volatile ScheduledFuture<?> schedule;

    private SimulatedCoapNode(Builder b) {
        nodeId = b.nodeId;
        identity = b.identity;
        key = b.key;
        encoding = b.encoding;
        channels = List.copyOf(b.channels);
        clock = b.clock;
        bind = b.bind;
    }

    public static Builder builder(String nodeId) {
        return new Builder(nodeId);
    }

    public String nodeId() {
        return nodeId;
    }

    /** The battery's voltage now: it falls a little with every post. */
    public double batteryVolts() {
        return BATTERY_FULL_VOLTS - VOLTS_PER_POST * sent.get();
    }

    /**
     * Opens the node's socket towards the gateway.
     *
     * @param gateway  {@code coaps://host:port} (or {@code coap://} for a plain node)
     * @param executor shared by the nodes of a simulation for protocol work and timers
     */
    public SimulatedCoapNode connect(URI gateway, ScheduledThreadPoolExecutor executor) throws IOException {
        Configuration config = configuration();
        Connector connector;
        if (identity != null) {
            DTLSConnector dtls = new DTLSConnector(DtlsConnectorConfig.builder(config)
                    .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                    .setAddress(new InetSocketAddress(bind, 0))
                    .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key))
                    .setLoggingTag(nodeId).build());
            dtls.setExecutor(executor);
            connector = dtls;
        } else {
            connector = new UDPConnector(new InetSocketAddress(bind, 0), config);
        }
        endpoint = new CoapEndpoint.Builder().setConfiguration(config).setConnector(connector).build();
        endpoint.setExecutors(executor, executor);
        endpoint.start();
        client = new CoapClient(gateway.resolve("/readings/" + nodeId));
        client.setEndpoint(endpoint);
        client.setExecutors(executor, executor, true);
        return this;
    }

    /** One receiver and one sender thread per plain socket, nothing more. */
    static Configuration configuration() {
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
        config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        return config;
    }

    /** Posts at a period (real time), the first after {@code firstAfter} (spread nodes so they do not all wake at once). */
    public void startPosting(ScheduledExecutorService executor, Duration firstAfter, Duration period) {
        schedule = executor.scheduleAtFixedRate(this::post, firstAfter.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Takes the readings now and posts them; completes with the response code ("2.04") or "lost". */
    public CompletableFuture<String> post() {
        CoapClient c = Objects.requireNonNull(client, "connect the node first");
        var now = clock.instant();
        List<SenmlWriter.Reading> readings = new ArrayList<>();
        for (NodeChannel channel : channels) {
            readings.add(new SenmlWriter.Reading(channel.name(), channel.unit(), channel.value().apply(now)));
        }
        readings.add(new SenmlWriter.Reading("battery", "V", batteryVolts()));
        byte[] pack = SenmlWriter.write(encoding, nodeId + "/", now, readings);
        sent.incrementAndGet();
        CompletableFuture<String> result = new CompletableFuture<>();
        c.post(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                (response.isSuccess() ? accepted : refused).incrementAndGet();
                result.complete(response.getCode().text + (response.getResponseText().isEmpty() ? ""
                        : " " + response.getResponseText()));
            }

            @Override
            public void onError() {
                lost.incrementAndGet();
                result.complete("lost");
            }
        }, pack, encoding.contentFormat);
        return result;
    }

    public Stats stats() {
        return new Stats(sent.get(), accepted.get(), refused.get(), lost.get(), batteryVolts());
    }

    @Override
    public void close() {
        ScheduledFuture<?> s = schedule;
        if (s != null) {
            s.cancel(false);
        }
        CoapClient c = client;
        if (c != null) {
            c.shutdown();
        }
        CoapEndpoint e = endpoint;
        if (e != null) {
            e.destroy();
        }
    }

    /** How a node is built. */
    public static final class Builder {
        private final String nodeId;
        private String identity;
        private byte[] key;
        private SenmlWriter.Encoding encoding = SenmlWriter.Encoding.CBOR;
        private final List<NodeChannel> channels = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private InetAddress bind = InetAddress.getLoopbackAddress();

        private Builder(String nodeId) {
            this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        }

        /** DTLS with this pre-shared key; without it the node uses plain CoAP. */
        public Builder psk(String identity, byte[] key) {
            this.identity = Objects.requireNonNull(identity, "identity");
            this.key = key.clone();
            return this;
        }

        public Builder encoding(SenmlWriter.Encoding encoding) {
            this.encoding = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        public Builder channel(NodeChannel channel) {
            channels.add(Objects.requireNonNull(channel, "channel"));
            return this;
        }

        /** The clock the node timestamps its readings with (the gateway's time in a simulation). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The local address the node's socket binds to (loopback unless told). */
        public Builder bind(InetAddress bind) {
            this.bind = Objects.requireNonNull(bind, "bind");
            return this;
        }

        public SimulatedCoapNode build() {
            return new SimulatedCoapNode(this);
        }
    }
}
