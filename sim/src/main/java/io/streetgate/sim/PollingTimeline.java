package io.streetgate.sim;

import io.streetgate.sim.bus.Timeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Events on any clock (the wall clock, an accelerated gateway clock): one daemon thread watches the clock
 * and runs each event once its instant has passed. It sleeps for the estimated real time to the next event
 * (learning how fast the clock runs), between 1 ms and 100 ms.
 */
final class PollingTimeline implements Timeline, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PollingTimeline.class.getName());

    private final Clock clock;
    private final EventQueue queue = new EventQueue();
    private Thread thread;
    private volatile boolean closed;

    PollingTimeline(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public void at(Instant when, Runnable action) {
        synchronized (queue) {
            if (closed) {
                return;
            }
            queue.add(when, action);
            if (thread == null) {
                thread = new Thread(this::run, "streetgate-sim-timeline");
                thread.setDaemon(true);
                thread.start();
            }
            queue.notifyAll();
        }
    }

    private void run() {
        double speed = 1;
        long lastReal = System.nanoTime();
        Instant lastGateway = clock.instant();
        while (!closed) {
            Instant now = clock.instant();
            long real = System.nanoTime();
            if (real - lastReal > 50_000_000L) { // learn the clock's speed over at least 50 ms
                double observed = Duration.between(lastGateway, now).toNanos() / (double) (real - lastReal);
                speed = Math.max(1, observed);
                lastReal = real;
                lastGateway = now;
            }
            EventQueue.Event due;
            synchronized (queue) {
                due = queue.takeDue(now);
                if (due == null) {
                    Instant nextAt = queue.nextAt();
                    long waitMillis = nextAt == null ? 100
                            : (long) Math.max(1, Math.min(100, Duration.between(now, nextAt).toNanos() / speed / 1e6));
                    try {
                        queue.wait(waitMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            if (due != null) {
                try {
                    due.action().run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "simulated event failed", e);
                }
            }
        }
    }

    @Override
    public void close() {
        Thread running;
        synchronized (queue) {
            closed = true;
            queue.clear();
            queue.notifyAll();
            running = thread;
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
