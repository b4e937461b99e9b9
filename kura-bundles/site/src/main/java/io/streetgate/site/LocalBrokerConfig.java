package io.streetgate.site;

/**
 * The MQTT broker the gateway runs for on-box consumers.
 *
 * @param enabled whether it runs
 * @param host    the address it listens on; loopback unless configured otherwise
 * @param port    its TCP port
 */
public record LocalBrokerConfig(boolean enabled, String host, int port) {

    public static final LocalBrokerConfig DEFAULT = new LocalBrokerConfig(true, "127.0.0.1", 1883);
}
