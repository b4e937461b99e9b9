package io.streetgate.distribution.hour;

import io.streetgate.sim.ManualClock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on a {@link ManualClock} instead of threads: {@link #runUntil} runs the due tasks in the calling
 * thread in gateway-time order (tasks due at the same instant in the order they were scheduled), moving the clock
 * to each task's instant first, so the street's own events (PIR edges) run in between as the clock passes them.
 * Delays are gateway time in nanoseconds, as {@code TimeBase.of(clock).realDelayNanos} gives them. A task that
 * throws fails the run at once rather than dying silently as it would on a thread pool.
 */
final class SteppedScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final ManualClock clock;
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private long scheduled;
    private boolean shutdown;

    SteppedScheduler(ManualClock clock) {
        this.clock = clock;
    }

    /** Runs every task due until {@code end}, then leaves the clock at {@code end}. */
    void runUntil(Instant end) {
        long endNanos = nanos(end);
        while (!queue.isEmpty() && queue.peek().due <= endNanos) {
            Task<?> task = queue.poll();
            if (task.due > now()) {
                // a task may have moved the clock past later tasks (a driver waiting for a chip): those run late,
                // as they would behind a busy bus thread
                clock.advanceTo(instant(task.due));
            }
            task.runOnce();
        }
        clock.advanceTo(end);
    }

    private long now() {
        return nanos(clock.instant());
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private <V> Task<V> add(Callable<V> body, long delayNanos, long period) {
        if (shutdown) {
            throw new RejectedExecutionException("the stepped scheduler is shut down");
        }
        Task<V> task = new Task<>(body, now() + Math.max(0, delayNanos), period);
        queue.add(task);
        return task;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(Executors.callable(command), unit.toNanos(delay), 0);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(callable, unit.toNanos(delay), 0);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return add(Executors.callable(command), unit.toNanos(initialDelay), unit.toNanos(period));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return add(Executors.callable(command), unit.toNanos(initialDelay), -unit.toNanos(delay));
    }

    /** Runs at once in the calling thread (what is submitted, a driver's close, needs no time to pass). */
    @Override
    public void execute(Runnable command) {
        command.run();
    }

    @Override
    public void shutdown() {
        shutdown = true;
        queue.clear();
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        return new ArrayList<>();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }

    /** One scheduled task; {@code period} above 0 at a fixed rate, below 0 with a fixed delay, 0 once. */
    private final class Task<V> implements ScheduledFuture<V> {
        private final Callable<V> body;
        private final long period;
        private long due;
        private long order;
        private boolean cancelled;
        private boolean done;
        private V result;

        Task(Callable<V> body, long due, long period) {
            this.body = body;
            this.due = due;
            this.period = period;
            this.order = scheduled++;
        }

        void runOnce() {
            try {
                V value = body.call();
                if (period == 0) {
                    result = value;
                    done = true;
                    return;
                }
            } catch (Exception e) {
                done = true;
                throw new AssertionError("a task of the simulated hour failed at " + clock.instant() + ": " + e, e);
            }
            if (!cancelled && !shutdown) {
                due = period > 0 ? due + period : now() - period;
                order = scheduled++;
                queue.add(this);
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - now(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Task<?> o = (Task<?>) other;
            int byDue = Long.compare(due, o.due);
            return byDue != 0 ? byDue : Long.compare(order, o.order);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done) {
                return false;
            }
            cancelled = true;
            done = true;
            queue.remove(this);
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done;
        }

        /** Never blocks: there is no other thread to wait for. */
        @Override
        public V get() {
            if (!done || cancelled) {
                throw new IllegalStateException("the task has not run (the stepped scheduler runs only in runUntil)");
            }
            return result;
        }

        @Override
        public V get(long timeout, TimeUnit unit) {
            return get();
        }
    }
}
