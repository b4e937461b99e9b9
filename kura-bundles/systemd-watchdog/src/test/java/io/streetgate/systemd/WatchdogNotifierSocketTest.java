package io.streetgate.systemd;

import io.streetgate.gateway.api.ComponentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.streetgate.systemd.Parts.okSensor;
import static io.streetgate.systemd.Parts.pipeline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notifier against a real unix datagram socket: the messages systemd would read, over JNA and libc. Only
 * arrival within a generous deadline is asserted, never timing; "no WATCHDOG=1 while unhealthy" is checked
 * over counted checks, with a marker datagram (datagrams on one unix socket arrive in order).
 */
class WatchdogNotifierSocketTest {

    private final AtomicReference<List<ComponentStatus>> parts = new AtomicReference<>(List.of());
    private final AtomicLong readings = new AtomicLong();

    private List<ComponentStatus> healthy() {
        long n = readings.incrementAndGet();
        return List.of(pipeline(n), okSensor("env-1", n));
    }

    @Test
    void readyThenWatchdogOnAnAbstractSocketAndNoWatchdogWhileTheCoreIsDown() throws Exception {
        assertTrue(NotifyListener.available(), "needs " + NotifyListener.PYTHON + " (apt-get install python3)");
        String socket = "@streetgate-test-" + UUID.randomUUID();
        try (NotifyListener systemd = new NotifyListener(socket)) {
            UnixDatagramSender sender = new UnixDatagramSender(NotifyAddress.parse(socket));
            HealthSource health = () -> parts.get().isEmpty() ? healthy() : parts.get();
            WatchdogNotifier notifier = new WatchdogNotifier(sender, health,
                    new CoreLiveness(Duration.ofMinutes(10), System.nanoTime()), Optional.of(Duration.ofMillis(50)),
                    System::nanoTime);
            notifier.start();

            String first = systemd.next();
            assertTrue(first.startsWith("READY=1|STATUS=running: pipeline up"), first);
            assertTrue(systemd.until("WATCHDOG=1").size() >= 1);

            // the pipeline component goes away: the core is down
            parts.set(List.of(okSensor("env-1", 1)));
            List<String> untilDown = systemd.until("STATUS=not alive: the pipeline is not running; 1/1 sensors ok");
            assertFalse(untilDown.get(untilDown.size() - 1).contains("WATCHDOG=1"), untilDown.toString());
            long checksWhenDown = notifier.checks();
            while (notifier.checks() < checksWhenDown + 5) {
                Thread.sleep(10);
            }
            sender.send("MARKER=1");
            List<String> whileDown = systemd.until("MARKER=1");
            assertEquals(List.of("MARKER=1"), whileDown, "nothing is sent while the core stays down");

            parts.set(List.of());
            List<String> back = systemd.until("WATCHDOG=1");
            assertTrue(back.get(back.size() - 1).contains("STATUS=running"), back.toString());

            notifier.close();
            assertEquals("RELOADING=1", systemd.until("RELOADING=1").get(0).split("\\|")[0],
                    "the JVM is not shutting down, so only the framework would be stopping");
        }
    }

    @Test
    void readyOnAPathSocketWithoutWatchdog(@TempDir Path dir) throws Exception {
        assertTrue(NotifyListener.available(), "needs " + NotifyListener.PYTHON + " (apt-get install python3)");
        String socket = dir.resolve("notify").toString();
        try (NotifyListener systemd = new NotifyListener(socket);
             WatchdogNotifier notifier = new WatchdogNotifier(new UnixDatagramSender(NotifyAddress.parse(socket)),
                     this::healthy, new CoreLiveness(Duration.ofMinutes(10), System.nanoTime()), Optional.empty(),
                     System::nanoTime)) {
            notifier.start();
            assertTrue(systemd.next().startsWith("READY=1|"));
        }
    }
}
