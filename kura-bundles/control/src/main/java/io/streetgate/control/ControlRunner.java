package io.streetgate.control;

import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.gateway.api.LoopGuard;
import io.streetgate.driver.time.TimeBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The control loop's thread ({@code sg-control}): makes the loop on it, steps it at its period of gateway
 * time, and runs other work (commands) between steps. Each step is a pass under a {@link LoopGuard}: nothing
 * it throws can cancel the periodic task (which {@code scheduleAtFixedRate} does silently on the first
 * uncaught throwable, leaving the lamps and HVAC frozen at their last level). A pass that fails before its step
 * decided the actuators puts them in their fail-safe state; every pass is the heartbeat {@code loop/control}
 * that the systemd watchdog watches. Plain Java: {@link ControlComponent} wires it, tests run it with a street
 * that fails.
 */
final class ControlRunner implements AutoCloseable {

    static final String LOOP = "control";
    private static final Logger LOG = LoggerFactory.getLogger(ControlRunner.class);

    private final TimeBase time;
    private final ScheduledExecutorService thread;
    private final LoopGuard guard;
    private final ControlLoop loop;

    /**
     * Makes the loop on the control thread (its drivers are opened there) and starts stepping it.
     *
     * @throws IllegalStateException when the loop cannot be made within 30 s
     */
    ControlRunner(TimeBase time, HealthRegistry health, Duration period, Callable<ControlLoop> make) {
        this(time, health, period, make, controlThread());
    }

    /**
     * As above, on {@code thread} (which it shuts down when closed): a test that steps gateway time runs the steps
     * in time order with the sampling and the pipeline (the repeatable hour of docs/simulation.md).
     */
    ControlRunner(TimeBase time, HealthRegistry health, Duration period, Callable<ControlLoop> make,
                  ScheduledExecutorService thread) {
        this.time = time;
        this.thread = thread;
        long nanos = time.realDelayNanos(period);
        this.guard = new LoopGuard(LOOP, LoopGuard.stuckAfter(nanos), "the actuators go to their fail-safe state "
                + "unless the step had decided them", health, time, LOG);
        try {
            this.loop = call(make, 30);
        } catch (ExecutionException e) {
            thread.shutdownNow();
            throw new IllegalStateException("control could not start: " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            thread.shutdownNow();
            throw new IllegalStateException("control could not start: " + e, e);
        }
        thread.scheduleAtFixedRate(this::pass, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** The thread {@code sg-control}. */
    static ScheduledExecutorService controlThread() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sg-control");
            t.setDaemon(true);
            return t;
        });
    }

    ControlLoop loop() {
        return loop;
    }

    /** Passes so far (failed ones too): what the watchdog sees move. */
    long passes() {
        return guard.passes();
    }

    long failedPasses() {
        return guard.failedPasses();
    }

    private void pass() {
        long decidedBefore = loop.decided();
        guard.run(() -> loop.step(time.now()), failure -> {
            if (loop.decided() == decidedBefore) {
                loop.failedBeforeDeciding(failure);
            }
        });
    }

    /** Runs {@code task} on the control thread, between steps, and waits for it at most {@code seconds}. */
    <T> T call(Callable<T> task, long seconds) throws ExecutionException, InterruptedException, TimeoutException {
        Future<T> f = thread.submit(task);
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(false);
            throw e;
        }
    }

    /** Closes the actuators on the control thread, stops it, and takes {@code loop/control} out of the status. */
    @Override
    public void close() {
        try {
            thread.submit(loop::close).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("Closing the actuators", e);
        }
        thread.shutdownNow();
        guard.close();
    }
}
