package io.streetgate.systemd;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What systemd tells a {@code Type=notify} service through its environment (sd_notify(3),
 * sd_watchdog_enabled(3)): where to send notifications and, when {@code WatchdogSec=} is set, how often the
 * watchdog must be fed.
 *
 * @param notifySocket     {@code NOTIFY_SOCKET}
 * @param watchdogInterval {@code WATCHDOG_USEC}, when set and meant for this process (a {@code WATCHDOG_PID}
 *                         naming another process, e.g. a parent shell, means it is not)
 */
public record SystemdEnvironment(String notifySocket, Optional<Duration> watchdogInterval) {

    /** Empty when the process was not started by systemd as a notify service. */
    public static Optional<SystemdEnvironment> of(Map<String, String> env, long pid) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SystemdEnvironment(socket, watchdog(env, pid)));
    }

    private static Optional<Duration> watchdog(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec == null || forPid != null && !forPid.equals(Long.toString(pid))) {
            return Optional.empty();
        }
        try {
            long micros = Long.parseLong(usec.trim());
            return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1000)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** How often to feed the watchdog: half its timeout, as sd_watchdog_enabled(3) recommends. */
    public Optional<Duration> feedInterval() {
        return watchdogInterval.map(d -> d.dividedBy(2));
    }
}
