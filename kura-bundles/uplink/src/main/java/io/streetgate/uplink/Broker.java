package io.streetgate.uplink;

import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.link.OwnerOnlyFiles;
import io.streetgate.uplink.link.Tls;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How an uplink reaches its broker.
 *
 * @param url           {@code ssl://host:port} (TLS) or {@code tcp://host:port}
 * @param protocol      MQTT {@code 5} or {@code 3.1.1}
 * @param clientId      the MQTT client id
 * @param username      null for none
 * @param password      null for none; never logged
 * @param tls           verifies the broker (and presents our certificate), see {@link #tls}; null for plain TCP
 * @param keepAlive     MQTT keep-alive
 * @param sessionExpiry how long the broker keeps the session after a disconnect (not for Sparkplug, which
 *                      starts clean every time)
 */
public record Broker(URI url, String protocol, String clientId, String username, char[] password,
                     SSLSocketFactory tls, Duration keepAlive, Duration sessionExpiry) {

    public Broker {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(sessionExpiry, "sessionExpiry");
        LinkSettings.Protocol.of(protocol); // refuses anything but 5 and 3.1.1, naming the value
    }

    /**
     * The TLS setup the uplink's own connection uses, made once and shared by as many brokers as wanted.
     *
     * @param caFile     PEM CA certificate(s) the broker's certificate must chain to; null for the JVM's CAs
     * @param clientCert PEM certificate chain to present, or null
     * @param clientKey  PEM PKCS#8 key of {@code clientCert}, or null
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static SSLSocketFactory tls(Path caFile, Path clientCert, Path clientKey) {
        return Tls.socketFactory(caFile, clientCert, clientKey);
    }

    /**
     * The password on the first line of {@code file}, read as the uplink reads its own: the file is made
     * owner-only first (saying so, never what it holds).
     *
     * @throws IOException naming the file when it is missing, empty or cannot be read
     */
    public static char[] password(Path file) throws IOException {
        return OwnerOnlyFiles.password(file);
    }

    /** Makes a secret file (a client key) owner-only, as the uplink does with its own, before it is read. */
    public static void ownerOnly(Path file, String what) throws IOException {
        OwnerOnlyFiles.tighten(file, what);
    }

    /** For logs: everything but the password. */
    @Override
    public String toString() {
        return "MQTT " + protocol + " " + url + " as " + clientId + (username == null ? "" : " (user " + username + ")");
    }
}
