package io.streetgate.uplink.link;

import io.streetgate.site.UplinkConfig;

import javax.net.ssl.SSLSocketFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the broker.
 *
 * @param broker        {@code ssl://host:port} (TLS) or {@code tcp://host:port} (only when configured so)
 * @param protocol      MQTT 5 or 3.1.1
 * @param clientId      the MQTT client id
 * @param username      null for none
 * @param password      null for none; never logged
 * @param tls           the socket factory that verifies the broker (and presents our certificate); null for
 *                      plain TCP
 * @param keepAlive     MQTT keep-alive
 * @param cleanStart    start without the broker's stored session (Sparkplug requires it)
 * @param sessionExpiry how long the broker keeps the session after a disconnect (MQTT 5; 3.1.1: clean
 *                      session off keeps it until the broker drops it)
 * @param connectTimeout how long one attempt may take
 * @see #builder(URI, String) the settings by name, with the site file's defaults
 */
public record LinkSettings(URI broker, Protocol protocol, String clientId, String username, char[] password,
                           SSLSocketFactory tls, Duration keepAlive, boolean cleanStart, Duration sessionExpiry,
                           Duration connectTimeout) {

    /** How long one connection attempt may take unless set otherwise. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /** The MQTT version spoken. */
    public enum Protocol {
        MQTT_5("5"), MQTT_3_1_1("3.1.1");

        private final String label;

        Protocol(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Protocol of(String label) {
            for (Protocol p : values()) {
                if (p.label.equals(label.trim())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("protocol '" + label + "' is not 5 or 3.1.1");
        }
    }

    public LinkSettings {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(sessionExpiry, "sessionExpiry");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        String scheme = broker.getScheme();
        if (!"ssl".equals(scheme) && !"tcp".equals(scheme)) {
            throw new IllegalArgumentException("broker " + broker + ": use ssl://host:8883 (or tcp://host:1883 with "
                    + "plain TCP explicitly allowed)");
        }
        if ("ssl".equals(scheme) && tls == null) {
            throw new IllegalArgumentException("broker " + broker + " is ssl:// but no TLS setup was given");
        }
    }

    /**
     * The link a payload format needs: Sparkplug B starts clean and keeps no session (its births restate
     * everything after a reconnect), the other formats keep theirs for {@code sessionExpiry}; one attempt may take
     * 30 s.
     */
    public static LinkSettings forFormat(URI broker, Protocol protocol, String clientId, String username,
                                         char[] password, SSLSocketFactory tls, Duration keepAlive, boolean sparkplug,
                                         Duration sessionExpiry) {
        return new LinkSettings(broker, protocol, clientId, username, password, tls, keepAlive, sparkplug,
                sparkplug ? Duration.ZERO : sessionExpiry, DEFAULT_CONNECT_TIMEOUT);
    }

    public boolean isTls() {
        return "ssl".equals(broker.getScheme());
    }

    /** For logs: everything but the password. */
    @Override
    public String toString() {
        return "MQTT " + protocol.label() + " " + broker + " as " + clientId
                + (username == null ? "" : " (user " + username + ")") + (isTls() ? ", TLS" : ", PLAIN TCP");
    }

    /**
     * A link to this broker as this client, with the rest at the site file's uplink defaults (protocol, keep-alive
     * and session expiry of {@link UplinkConfig#builder}), no login, no TLS, the session kept, and
     * {@link #DEFAULT_CONNECT_TIMEOUT}.
     */
    public static Builder builder(URI broker, String clientId) {
        return new Builder(broker, clientId);
    }

    /** A builder holding these settings, to change some of them by name. */
    public Builder toBuilder() {
        return new Builder(broker, clientId).protocol(protocol).login(username, password).tls(tls).keepAlive(keepAlive)
                .cleanStart(cleanStart).sessionExpiry(sessionExpiry).connectTimeout(connectTimeout);
    }

    /** The settings by name; {@link #build()} checks them as the record does. */
    public static final class Builder {
        private final URI broker;
        private final String clientId;
        private Protocol protocol;
        private String username;
        private char[] password;
        private SSLSocketFactory tls;
        private Duration keepAlive;
        private boolean cleanStart;
        private Duration sessionExpiry;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

        private Builder(URI broker, String clientId) {
            this.broker = broker;
            this.clientId = clientId;
            UplinkConfig site = UplinkConfig.builder(String.valueOf(broker)).build();
            this.protocol = Protocol.of(site.protocol());
            this.keepAlive = site.keepAlive();
            this.sessionExpiry = site.sessionExpiry();
        }

        public Builder protocol(Protocol protocol) {
            this.protocol = protocol;
            return this;
        }

        /** A password login; both null for none. The password is used as given, not copied. */
        public Builder login(String username, char[] password) {
            this.username = username;
            this.password = password;
            return this;
        }

        /** The socket factory that verifies the broker; needed for {@code ssl://}. */
        public Builder tls(SSLSocketFactory tls) {
            this.tls = tls;
            return this;
        }

        public Builder keepAlive(Duration interval) {
            this.keepAlive = interval;
            return this;
        }

        /** Start without the broker's stored session. */
        public Builder cleanStart(boolean clean) {
            this.cleanStart = clean;
            return this;
        }

        public Builder sessionExpiry(Duration expiry) {
            this.sessionExpiry = expiry;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** @throws IllegalArgumentException naming the broker when its scheme or TLS setup is wrong */
        public LinkSettings build() {
            return new LinkSettings(broker, protocol, clientId, username, password, tls, keepAlive, cleanStart,
                    sessionExpiry, connectTimeout);
        }
    }
}
