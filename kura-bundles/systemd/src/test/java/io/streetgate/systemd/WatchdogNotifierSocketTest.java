package io.streetgate.systemd;

import io.streetgate.driver.Health;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.api.LoopGuard;
import io.streetgate.driver.time.TimeBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
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
        assertTrue(NotifyListener.available(), NotifyListener.MISSING);
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
            assertTrue(first.endsWith("|WATCHDOG_USEC=100000"), "ready sets the unit's own timeout again: " + first);
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
            List<String> reloading = systemd.until("RELOADING=1");
            String restart = reloading.get(reloading.size() - 1);
            assertEquals("RELOADING=1", restart.split("\\|")[0],
                    "the JVM is not shutting down, so only the framework would be stopping");
            assertTrue(restart.endsWith("|WATCHDOG_USEC=300000000"),
                    "the watchdog waits out the restart of the framework (5 minutes): " + restart);
        }
    }

    @Test
    void readyOnAPathSocketWithoutWatchdog(@TempDir Path dir) throws Exception {
        assertTrue(NotifyListener.available(), NotifyListener.MISSING);
        String socket = dir.resolve("notify").toString();
        try (NotifyListener systemd = new NotifyListener(socket);
             WatchdogNotifier notifier = new WatchdogNotifier(new UnixDatagramSender(NotifyAddress.parse(socket)),
                     this::healthy, new CoreLiveness(Duration.ofMinutes(10), System.nanoTime()), Optional.empty(),
                     System::nanoTime)) {
            notifier.start();
            String ready = systemd.next();
            assertTrue(ready.startsWith("READY=1|"), ready);
            assertFalse(ready.contains("WATCHDOG_USEC"), "no watchdog, no timeout to set: " + ready);
        }
    }

    /**
     * A loop of the gateway (the control loop, the uplink's sender) blocks: its heartbeat, reported by the
     * {@link LoopGuard} it runs under, stops moving, and past the loop's stuck bound the notifier sends no more
     * {@code WATCHDOG=1}, so systemd restarts the gateway. The loop here is a real thread under a real guard,
     * blocked on a latch; the bound is 300 ms so that the test is quick (the gateway's loops use 2 minutes).
     */
    @Test
    void aBlockedLoopStopsTheWatchdogAndItsReturnFeedsItAgain() throws Exception {
        assertTrue(NotifyListener.available(), NotifyListener.MISSING);
        String socket = "@streetgate-test-" + UUID.randomUUID();
        Registry registry = new Registry();
        LoopGuard guard = new LoopGuard("control", Duration.ofMillis(300), "the actuators go to their fail-safe state",
                registry, TimeBase.system(), LoggerFactory.getLogger(WatchdogNotifierSocketTest.class));
        AtomicReference<CountDownLatch> block = new AtomicReference<>(new CountDownLatch(0));
        AtomicBoolean stop = new AtomicBoolean();
        Thread control = new Thread(() -> {
            while (!stop.get()) {
                guard.run(() -> {
                    try {
                        block.get().await();
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        stop.set(true);
                    }
                }, e -> { });
            }
        }, "control");
        control.setDaemon(true);
        control.start();
        HealthSource health = () -> {
            List<ComponentStatus> parts = new java.util.ArrayList<>(healthy());
            parts.addAll(registry.snapshot());
            return parts;
        };
        try (NotifyListener systemd = new NotifyListener(socket);
             WatchdogNotifier notifier = new WatchdogNotifier(new UnixDatagramSender(NotifyAddress.parse(socket)),
                     health, new CoreLiveness(Duration.ofMinutes(10), System.nanoTime()),
                     Optional.of(Duration.ofMillis(50)), System::nanoTime)) {
            notifier.start();
            assertTrue(systemd.next().startsWith("READY=1|STATUS=running: pipeline up"));
            assertTrue(systemd.until("WATCHDOG=1").size() >= 1);

            CountDownLatch stuck = new CountDownLatch(1);
            block.set(stuck);
            List<String> untilStuck = systemd.until("not alive: the control loop has made no pass");
            String last = untilStuck.get(untilStuck.size() - 1);
            assertFalse(last.contains("WATCHDOG=1"), untilStuck.toString());
            assertTrue(last.contains("(stuck after 0.3 s; last pass "), last);
            long checksWhenStuck = notifier.checks();
            while (notifier.checks() < checksWhenStuck + 5) {
                Thread.sleep(10);
            }
            new UnixDatagramSender(NotifyAddress.parse(socket)).send("MARKER=1");
            assertEquals(List.of("MARKER=1"), systemd.until("MARKER=1"), "no WATCHDOG=1 while the loop is stuck");

            stuck.countDown();
            List<String> back = systemd.until("WATCHDOG=1");
            assertTrue(back.get(back.size() - 1).contains("STATUS=running"), back.toString());
        } finally {
            stop.set(true);
            block.get().countDown();
            control.join(10_000);
        }
    }

    /** The gateway's health registry, as a map. */
    static final class Registry implements HealthRegistry {
        private final Map<String, ComponentStatus> parts = new ConcurrentHashMap<>();

        @Override
        public void report(String name, Health health, Map<String, Object> details) {
            parts.put(name, new ComponentStatus(name, health, details));
        }

        @Override
        public void reportAll(List<ComponentStatus> statuses) {
            statuses.forEach(s -> parts.put(s.name(), s));
        }

        @Override
        public void remove(String name) {
            parts.remove(name);
        }

        @Override
        public List<ComponentStatus> snapshot() {
            return List.copyOf(parts.values());
        }
    }
}
