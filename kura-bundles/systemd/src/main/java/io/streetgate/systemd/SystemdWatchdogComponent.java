package io.streetgate.systemd;

import io.streetgate.gateway.api.HealthRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Connects the gateway's health to systemd when the gateway runs as a {@code Type=notify} service. Without
 * {@code NOTIFY_SOCKET} (a terminal, the tests, Kura) it stays idle: no thread, no native code loaded. It is
 * active in either case rather than disabled, so that the status and the runtime tests, which expect every
 * component up, need no exception for it.
 */
@Component(immediate = true)
public class SystemdWatchdogComponent {

    private static final Logger LOG = LoggerFactory.getLogger(SystemdWatchdogComponent.class);

    private final WatchdogNotifier notifier;

    @Activate
    public SystemdWatchdogComponent(@Reference HealthRegistry health) {
        notifier = SystemdEnvironment.of(System.getenv(), ProcessHandle.current().pid())
                .flatMap(systemd -> notifier(systemd, health)).orElse(null);
        if (notifier != null) {
            notifier.start();
        }
    }

    private static Optional<WatchdogNotifier> notifier(SystemdEnvironment systemd, HealthRegistry health) {
        try {
            NotifySender sender = new UnixDatagramSender(NotifyAddress.parse(systemd.notifySocket()));
            LOG.info("Notifying systemd at {}{}", systemd.notifySocket(), systemd.feedInterval()
                    .map(i -> ", feeding its watchdog every " + i.toMillis() + " ms while the core is alive")
                    .orElse(""));
            return Optional.of(new WatchdogNotifier(sender, health::snapshot,
                    new CoreLiveness(CoreLiveness.DEFAULT_MINIMUM_STALL_WINDOW, System.nanoTime()),
                    systemd.feedInterval(), System::nanoTime));
        } catch (IllegalArgumentException | LinkageError e) {
            // an address we cannot use, or JNA's native part missing: systemd will time the start out and say so
            LOG.error("Cannot notify systemd at {}: {}", systemd.notifySocket(), e.toString());
            return Optional.empty();
        }
    }

    @Deactivate
    void deactivate() {
        if (notifier != null) {
            notifier.close();
        }
    }
}
