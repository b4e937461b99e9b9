package io.streetgate.site;

/**
 * The local status endpoint that `streetgate status` reads (token-protected HTTP).
 *
 * @param host the address it listens on; loopback unless configured otherwise
 * @param port its TCP port
 */
public record StatusConfig(String host, int port) {

    public static final StatusConfig DEFAULT = new StatusConfig("127.0.0.1", 8087);
}
