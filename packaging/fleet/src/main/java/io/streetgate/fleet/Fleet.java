package io.streetgate.fleet;

import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.Uplink;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated gateways of one process. Each has its own uplink threads; what they share is a small pool
 * that feeds their stores once per minute of gateway time (spread over the minute, so appends do not all
 * land at once) and starts their senders spread over the stagger interval.
 */
final class Fleet implements AutoCloseable {

    private final FleetSettings settings;
    private final TimeBase time;
    private final List<SimulatedGateway> gateways = new ArrayList<>();
    private final ScheduledExecutorService feeders;
    private final ScheduledExecutorService starter;
    private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();

    /** Opens every node's store under {@code storeDir} ({@code <node>/store.db}); nothing connects yet. */
    Fleet(FleetSettings settings, Path storeDir, TimeBase time, long seed) throws InterruptedException {
        this.settings = settings;
        this.time = time;
        // appends wait for their fsync: several threads keep several stores writing at once
        this.feeders = Executors.newScheduledThreadPool(Math.min(16, Math.max(2, settings.gateways() / 32)),
                named("fleet-feeder"));
        // apart from the feeders, so that the stagger holds even while slow appends keep them busy
        this.starter = Executors.newSingleThreadScheduledExecutor(named("fleet-starter"));
        List<Callable<SimulatedGateway>> opens = new ArrayList<>();
        for (int i = 0; i < settings.gateways(); i++) {
            String node = settings.nodeId(i);
            long nodeSeed = seed * 1_000_003L + i;
            opens.add(() -> new SimulatedGateway(node, nodeSeed, settings, storeDir.resolve(node).resolve("store.db"),
                    time));
        }
        try {
            for (Future<SimulatedGateway> f : feeders.invokeAll(opens)) {
                gateways.add(f.get());
            }
        } catch (java.util.concurrent.ExecutionException e) {
            close();
            throw new IllegalStateException("a node's store could not be opened: " + e.getCause(), e.getCause());
        }
    }

    /** Starts feeding every store now, and the senders spread over the stagger interval. */
    synchronized void start() {
        int n = gateways.size();
        long minute = time.realDelayNanos(StreetSummaries.MINUTE);
        long stagger = settings.stagger().toNanos();
        for (int i = 0; i < n; i++) {
            SimulatedGateway g = gateways.get(i);
            scheduled.add(feeders.scheduleAtFixedRate(() -> feedQuietly(g), minute * i / n, minute,
                    TimeUnit.NANOSECONDS));
            scheduled.add(starter.schedule(g::start, stagger * i / n, TimeUnit.NANOSECONDS));
        }
    }

    private static void feedQuietly(SimulatedGateway g) {
        try {
            g.feed();
        } catch (RuntimeException e) {
            // a failed feed must not cancel the node's schedule; the store reports its own faults upstream
            System.err.println("fleet: feeding " + g.node() + " failed: " + e);
        }
    }

    /** No more summaries; the senders go on until everything stored is delivered. */
    synchronized void stopFeeding() {
        scheduled.forEach(f -> f.cancel(false));
    }

    /** Waits until every store is empty and nothing is in flight; false when the time ran out. */
    boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (gateways.stream().allMatch(g -> g.waiting() == 0 && g.stats().inFlight() == 0 && g.stats().connected())) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    List<SimulatedGateway> gateways() {
        return List.copyOf(gateways);
    }

    FleetStats stats() {
        int connected = 0;
        int everConnected = 0;
        long connections = 0;
        long published = 0;
        long acknowledged = 0;
        long waiting = 0;
        long stored = 0;
        String lastError = "";
        for (SimulatedGateway g : gateways) {
            Uplink.Stats s = g.stats();
            connected += s.connected() ? 1 : 0;
            everConnected += s.connections() > 0 ? 1 : 0;
            connections += s.connections();
            published += s.published();
            acknowledged += s.acknowledged();
            waiting += s.waiting();
            stored += g.stored();
            if (!s.connected() && !s.lastError().isEmpty()) {
                lastError = g.node() + ": " + s.lastError();
            }
        }
        return new FleetStats(gateways.size(), connected, everConnected, connections, stored, published, acknowledged,
                waiting, lastError);
    }

    /** Stops feeding, says goodbye for every node (in parallel: each may wait for its broker) and closes the stores. */
    @Override
    public void close() {
        stopFeeding();
        starter.shutdownNow();
        feeders.shutdownNow();
        ExecutorService closers = Executors.newFixedThreadPool(Math.min(32, Math.max(1, gateways.size())),
                named("fleet-close"));
        gateways.forEach(g -> closers.execute(g::close));
        closers.shutdown();
        try {
            closers.awaitTermination(2, TimeUnit.MINUTES);
            feeders.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
