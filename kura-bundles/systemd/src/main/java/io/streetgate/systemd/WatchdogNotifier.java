package io.streetgate.systemd;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Talks to systemd for the gateway (messages from sd_notify(3)): {@code READY=1} once, when the core is first
 * alive; then {@code WATCHDOG=1} every feed interval while it stays alive, and nothing while it is not, so that
 * systemd restarts a stuck gateway after {@code WatchdogSec=}; {@code STATUS=} whenever the summary changes;
 * {@code STOPPING=1} or {@code RELOADING=1} when it stops. One thread, checking every feed interval (every
 * second until ready).
 */
public final class WatchdogNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WatchdogNotifier.class);
    static final Duration UNTIL_READY_PERIOD = Duration.ofSeconds(1);
    /** Without a watchdog, the status line is still kept current at this pace. */
    static final Duration STATUS_ONLY_PERIOD = Duration.ofSeconds(15);
    /**
     * How long systemd's watchdog waits while the launcher restarts the framework on a new OTA bundle set: no
     * component runs to feed it then, and a slow board (or an emulated one) takes longer than the unit's 30 s to
     * bring the new set up. The OTA agent's default {@code health-timeout}: a set not healthy by then is rolled back
     * anyway, and a restart that hangs is still ended by the watchdog, later.
     */
    static final Duration RESTART_ALLOWANCE = Duration.ofMinutes(5);

    private final NotifySender sender;
    private final HealthSource health;
    private final CoreLiveness liveness;
    private final Optional<Duration> feedInterval;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService thread;
    private final AtomicLong checks = new AtomicLong();
    private volatile boolean ready;
    private String lastStatus = "";
    private boolean lastSendFailed;

    public WatchdogNotifier(NotifySender sender, HealthSource health, CoreLiveness liveness,
                            Optional<Duration> feedInterval, LongSupplier nanoTime) {
        this.sender = sender;
        this.health = health;
        this.liveness = liveness;
        this.feedInterval = feedInterval;
        this.nanoTime = nanoTime;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sg-systemd-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        thread.execute(this::check);
    }

    /** How many checks ran; lets tests wait for checks instead of time. */
    public long checks() {
        return checks.get();
    }

    public boolean ready() {
        return ready;
    }

    private void check() {
        try {
            CoreVerdict verdict = liveness.judge(health.snapshot(), nanoTime.getAsLong());
            StringBuilder message = new StringBuilder();
            boolean becomesReady = verdict.alive() && !ready;
            if (becomesReady) {
                message.append("READY=1\n");
                ready = true;
            } else if (verdict.alive() && feedInterval.isPresent()) {
                message.append("WATCHDOG=1\n");
            }
            String status = ready ? verdict.summary() : "starting (" + verdict.summary() + ")";
            if (!status.equals(lastStatus)) {
                message.append("STATUS=").append(status).append('\n');
                lastStatus = status;
                if (ready && !verdict.alive()) {
                    LOG.error("The gateway's core is {}; systemd's watchdog is no longer fed", verdict.summary());
                }
            }
            if (becomesReady && feedInterval.isPresent()) {
                // the unit's own timeout again, after a framework restart lengthened it (close)
                message.append("WATCHDOG_USEC=").append(feedInterval.get().multipliedBy(2).toNanos() / 1000).append('\n');
            }
            if (message.length() > 0) {
                send(message.toString());
            }
        } catch (RuntimeException e) {
            LOG.error("Watchdog check failed", e);
        } finally {
            checks.incrementAndGet();
            if (!thread.isShutdown()) {
                thread.schedule(this::check, nextDelay().toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    private Duration nextDelay() {
        if (!ready) {
            return feedInterval.filter(i -> i.compareTo(UNTIL_READY_PERIOD) < 0).orElse(UNTIL_READY_PERIOD);
        }
        return feedInterval.orElse(STATUS_ONLY_PERIOD);
    }

    private void send(String message) {
        try {
            sender.send(message);
            lastSendFailed = false;
        } catch (IOException e) {
            // logged once per run of failures: a missing socket would otherwise log every period
            if (!lastSendFailed) {
                LOG.warn("Cannot notify systemd: {}", e.getMessage());
            }
            lastSendFailed = true;
        }
    }

    /**
     * Stops checking and tells systemd why: {@code STOPPING=1} when the JVM is shutting down (systemctl stop,
     * SIGTERM); {@code RELOADING=1} when only the framework stops, e.g. when the launcher restarts it on a new
     * OTA bundle set: {@code STOPPING=1} would make systemd time the stop out and kill the gateway, whereas after
     * {@code RELOADING=1} the next instance's {@code READY=1} returns the unit to running. systemd's watchdog keeps
     * running while the unit reloads, and nothing feeds it until the next instance is up, so the restart also sets
     * the watchdog's timeout to {@link #RESTART_ALLOWANCE} ({@code WATCHDOG_USEC=}, sd_notify(3), systemd 236 and
     * later); the next instance's {@code READY=1} sets it back.
     */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (jvmShuttingDown()) {
            send("STOPPING=1\nSTATUS=stopping\n");
        } else {
            // MONOTONIC_USEC lets systemd order the reload (sd_notify(3)); HotSpot's nanoTime is CLOCK_MONOTONIC
            send("RELOADING=1\nMONOTONIC_USEC=" + nanoTime.getAsLong() / 1000 + "\nSTATUS=restarting the framework\n"
                    + feedInterval.map(i -> "WATCHDOG_USEC=" + RESTART_ALLOWANCE.toNanos() / 1000 + "\n").orElse(""));
        }
    }

    /** The JDK refuses new shutdown hooks once shutdown has begun: the one way to ask. */
    static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
