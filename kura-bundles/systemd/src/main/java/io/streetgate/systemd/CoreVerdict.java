package io.streetgate.systemd;

/**
 * Whether the gateway's core is alive, with a one-line summary for systemd's {@code STATUS=}
 * (shown by {@code systemctl status streetgate}).
 */
public record CoreVerdict(boolean alive, String summary) {
}
