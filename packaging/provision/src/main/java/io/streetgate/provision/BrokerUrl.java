package io.streetgate.provision;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * The city broker's address. TLS ({@code mqtts://}, {@code ssl://}) unless the technician explicitly accepts plain
 * TCP, because the node's password and every reading would otherwise cross the network readable by anyone.
 *
 * @param url    as given, e.g. {@code ssl://mqtt.city.example:8883}
 * @param secure whether it uses TLS
 */
record BrokerUrl(String url, boolean secure) {
    private static final Set<String> TLS = Set.of("mqtts", "ssl");
    private static final Set<String> PLAIN = Set.of("tcp", "mqtt");

    static BrokerUrl parse(String text, boolean insecureAllowed) throws Refused {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw Refused.usage("--broker '" + text + "' is not a URL; use ssl://host:8883");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || (!TLS.contains(scheme) && !PLAIN.contains(scheme))) {
            throw Refused.usage("--broker '" + text + "' is not an MQTT broker URL; use ssl://host:8883 or "
                    + "mqtts://host:8883");
        }
        if (uri.getUserInfo() != null || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
                || uri.getQuery() != null) {
            throw Refused.usage("--broker '" + uri.getScheme() + "://" + uri.getHost() + "...' may name only host and "
                    + "port (no user, password or path: they are recorded in provisioned.json)");
        }
        boolean secure = TLS.contains(scheme);
        if (!secure && !insecureAllowed) {
            String port = uri.getPort() < 0 || uri.getPort() == 1883 ? "8883" : String.valueOf(uri.getPort());
            throw Refused.usage("--broker '" + text + "' is plain TCP: the password and every message would cross the "
                    + "network unencrypted. Use ssl://" + uri.getHost() + ":" + port
                    + ", or add --insecure-broker to accept that");
        }
        return new BrokerUrl(text, secure);
    }
}
