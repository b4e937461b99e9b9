package io.streetgate.gateway.api.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A listener without TLS (the local MQTT broker, the status endpoint) carries passwords and tokens in clear
 * text, so it binds to loopback only: off the box, anyone on the street's network could read them. The address
 * is resolved once here and that address is bound, so a name cannot resolve to loopback when checked and to
 * another address when bound.
 */
public final class PlainListener {

    private PlainListener() {
    }

    /**
     * The loopback address to bind for {@code host}.
     *
     * @param key     the site-file key that set the host, named in the error ({@code status.host})
     * @param host    the configured host (a name or an address literal)
     * @param port    the configured port, for the tunnel the error suggests
     * @param service what listens, for the error ("the status endpoint")
     * @throws IllegalArgumentException naming the key, the value and the fix when the host is not loopback
     */
    public static InetAddress loopbackAddress(String key, String host, int port, String service) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(key + " is '" + host + "', which does not resolve to an address: set "
                    + key + " to 127.0.0.1 (or ::1)");
        }
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException(key + " is '" + host + "' (" + address.getHostAddress()
                    + "), which is not a loopback address, and " + service + " has no TLS: it would send passwords"
                    + " and tokens in clear text to the network. Set " + key + " to 127.0.0.1 (or ::1), and reach it"
                    + " from another machine through SSH: ssh -L " + port + ":127.0.0.1:" + port + " <gateway>");
        }
        return address;
    }
}
