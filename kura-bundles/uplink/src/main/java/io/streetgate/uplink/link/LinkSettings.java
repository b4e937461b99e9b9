package io.streetgate.uplink.link;

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
 */
public record LinkSettings(URI broker, Protocol protocol, String clientId, String username, char[] password,
                           SSLSocketFactory tls, Duration keepAlive, boolean cleanStart, Duration sessionExpiry,
                           Duration connectTimeout) {

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
                sparkplug ? Duration.ZERO : sessionExpiry, Duration.ofSeconds(30));
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
}
