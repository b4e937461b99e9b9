package io.streetgate.uplink;

import io.streetgate.uplink.link.Backoff;
import io.streetgate.uplink.link.LinkException;
import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.link.MqttTransport;
import io.streetgate.uplink.link.PahoConnector;
import io.streetgate.uplink.link.Will;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

/**
 * A plain MQTT client for a caller outside this bundle that talks to the gateways' broker as ops do
 * ({@code streetgate ota campaign run}): connected the way the uplink connects (Paho, the same TLS and
 * credential rules, {@link Broker}), publishing and subscribing with QoS 1, storing nothing. It keeps the
 * broker's session for {@link Broker#sessionExpiry()}, so that what arrives on its subscriptions while it is
 * away waits for it. One connection at a time; {@link #connect} again after it was lost.
 */
public final class BrokerClient implements AutoCloseable {

    /** What arrives on the subscriptions. Called on the MQTT client's thread: hand off, never block. */
    @FunctionalInterface
    public interface Listener {
        void heard(String topic, byte[] payload);
    }

    /** Why a connection attempt failed, in words an operator can act on, and when to try again. */
    public static final class ConnectFailed extends Exception {
        private final boolean needsOperator;
        private final Duration retryIn;

        ConnectFailed(LinkException cause, Duration retryIn) {
            super(cause.getMessage(), cause);
            this.needsOperator = cause.needsOperator();
            this.retryIn = retryIn;
        }

        /** Whether trying again without a change of configuration is unlikely to help (credentials, TLS). */
        public boolean needsOperator() {
            return needsOperator;
        }

        /** The uplink's back-off with jitter: how long to wait before the next attempt. */
        public Duration retryIn() {
            return retryIn;
        }
    }

    /** One attempt may take this long; a publication may wait this long for the broker's PUBACK. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final LinkSettings settings;
    private final Backoff backoff;
    private volatile MqttTransport transport;

    /** @param random the back-off's jitter */
    public BrokerClient(Broker broker, RandomGenerator random) {
        Objects.requireNonNull(broker, "broker");
        this.settings = new LinkSettings(broker.url(), LinkSettings.Protocol.of(broker.protocol()), broker.clientId(),
                broker.username(), broker.password(), broker.tls(), broker.keepAlive(), false, broker.sessionExpiry(),
                TIMEOUT);
        this.backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1), random);
    }

    /**
     * Connects (closing the previous connection, if any).
     *
     * @param willTopic where the broker publishes an empty message if this client vanishes without a goodbye
     * @throws ConnectFailed naming why, and when to try again
     */
    public void connect(String willTopic, Listener listener) throws ConnectFailed {
        close();
        try {
            transport = new PahoConnector(settings, 10).connect(new Will(willTopic, new byte[0], 0, false),
                    (topic, payload, expiry) -> listener.heard(topic, payload), lost -> { }); // isConnected() sees it
            backoff.connected(System.nanoTime());
        } catch (LinkException e) {
            backoff.lost(System.nanoTime());
            throw new ConnectFailed(e, backoff.next());
        }
    }

    public boolean isConnected() {
        MqttTransport t = transport;
        return t != null && t.isConnected();
    }

    /** Subscribes with QoS 1: what is published there while this client is away waits in its session. */
    public void subscribe(String filter) throws IOException {
        try {
            connected().subscribe(filter, 1);
        } catch (LinkException e) {
            throw new IOException("subscribing to " + filter + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Publishes with QoS 1 and returns once the broker has it.
     *
     * @param retained whether the broker keeps it for those who subscribe later
     * @throws IOException when the broker refuses it (naming its reason code) or does not answer in time
     */
    public void publish(String topic, byte[] payload, boolean retained) throws IOException {
        try {
            int reason = connected().publish(topic, payload, 1, retained).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            // MQTT 5.0 section 3.4.2.1: 0x80 and above is a refusal
            if (reason >= 0x80) {
                throw new IOException("the broker refused the publication on " + topic + " (reason 0x"
                        + Integer.toHexString(reason) + "); may this user publish there?");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("publishing on " + topic + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing on " + topic, e);
        }
    }

    private MqttTransport connected() throws IOException {
        MqttTransport t = transport;
        if (t == null) {
            throw new IOException("not connected to " + settings.broker());
        }
        return t;
    }

    /** Says goodbye to the broker (it discards the will); the session stays for its expiry. */
    @Override
    public void close() {
        MqttTransport t = transport;
        transport = null;
        if (t != null) {
            t.close();
        }
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
