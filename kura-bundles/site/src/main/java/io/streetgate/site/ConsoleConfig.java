package io.streetgate.site;

import java.time.Duration;

/**
 * The technician's web console (HTTPS with the node's own certificate; docs/console.md).
 *
 * @param enabled     whether it runs
 * @param host        the address it listens on; loopback unless a service interface is named
 * @param port        its TCP port
 * @param sessionIdle how long a session lasts without a request before its user must log in again
 */
public record ConsoleConfig(boolean enabled, String host, int port, Duration sessionIdle) {

    public static final ConsoleConfig DEFAULT = new ConsoleConfig(true, "127.0.0.1", 8443, Duration.ofMinutes(15));
    /** The shortest and longest idle time a session may be given. */
    public static final Duration MIN_SESSION_IDLE = Duration.ofMinutes(1);
    public static final Duration MAX_SESSION_IDLE = Duration.ofHours(12);
}
