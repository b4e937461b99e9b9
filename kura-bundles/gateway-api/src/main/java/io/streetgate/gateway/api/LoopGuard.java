package io.streetgate.gateway.api;

import io.streetgate.analytics.privacy.PrivacyGate;
import io.streetgate.driver.Health;
import io.streetgate.driver.time.TimeBase;
import org.slf4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Keeps a loop of the gateway (the control loop, the uplink's sender) from dying silently. It runs each pass
 * of the loop and catches whatever the pass throws, an {@link Error} too: a thread or a scheduled task that
 * lets one through ends without a word ({@code scheduleAtFixedRate} cancels the task), and the lamps or the
 * uplink freeze. A failure is counted, logged through a {@link ThrottledLog}, and the loop's recovery runs
 * (guarded as well); then the loop goes on.
 * <p>
 * Every pass, failed or not, is a heartbeat, reported as the part {@code loop/<name>} (at most once a second,
 * and whenever the pass's outcome changes): {@value #PASSES}, {@code failed_passes}, {@code last_pass} (gateway
 * time), the last failure, and {@value #STUCK_AFTER_MS}, how long without a pass means the loop is stuck. The
 * systemd watchdog stops feeding systemd when a loop's passes stop moving for longer than that, so a loop that
 * blocks ends in a restart. Used from the loop's own thread; the counts are read from any.
 */
public final class LoopGuard implements AutoCloseable {

    /** The parts the loops report their heartbeats as. */
    public static final String PART_PREFIX = "loop/";
    /** Detail: the passes so far, failed ones included. */
    public static final String PASSES = "passes";
    /** Detail: how long (real time, ms) without a pass means the loop is stuck. */
    public static final String STUCK_AFTER_MS = "stuck_after_ms";
    /**
     * The shortest stuck bound: longer than any pass that is only slow (a connection attempt times out after
     * 30 s, an actuator write after a few seconds), short enough that a blocked loop is restarted within minutes.
     */
    public static final Duration MINIMUM_STUCK_AFTER = Duration.ofMinutes(2);
    static final Duration REPORT_EVERY = Duration.ofSeconds(1);

    private final String loop;
    private final String part;
    private final long stuckAfterMs;
    private final String recovery;
    private final HealthRegistry health;
    private final TimeBase time;
    private final LongSupplier nanoTime;
    private final ThrottledLog log;
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private Instant lastPass;
    private Instant since;
    private String lastFailure = "";
    private Instant lastFailureAt;
    private boolean lastPassFailed;
    private boolean reported;
    private boolean reportedFailed;
    private long reportedNanos;

    /**
     * @param loop       its name in the status ({@code loop/<loop>}) and the log
     * @param stuckAfter how long without a pass means it is stuck: {@link #MINIMUM_STUCK_AFTER}, or
     *                   {@link #stuckAfter(long)} for a loop with a period
     * @param recovery   what its recovery does, for the log and the status (e.g. "the actuators go to their
     *                   fail-safe state")
     */
    public LoopGuard(String loop, Duration stuckAfter, String recovery, HealthRegistry health, TimeBase time,
                     Logger log) {
        this(loop, stuckAfter, recovery, health, time, new ThrottledLog(log), System::nanoTime);
    }

    LoopGuard(String loop, Duration stuckAfter, String recovery, HealthRegistry health, TimeBase time,
              ThrottledLog log, LongSupplier nanoTime) {
        this.loop = loop;
        this.part = PART_PREFIX + loop;
        this.stuckAfterMs = stuckAfter.toMillis();
        this.recovery = recovery;
        this.health = health;
        this.time = time;
        this.log = log;
        this.nanoTime = nanoTime;
    }

    /** The stuck bound of a loop that passes once per {@code realPeriodNanos}: three periods, at least the minimum. */
    public static Duration stuckAfter(long realPeriodNanos) {
        Duration three = Duration.ofNanos(realPeriodNanos).multipliedBy(3);
        return three.compareTo(MINIMUM_STUCK_AFTER) > 0 ? three : MINIMUM_STUCK_AFTER;
    }

    /**
     * Runs one pass. Whatever it throws is caught, counted and logged, and {@code recover} runs with it (what
     * that throws is caught and logged too); then the heartbeat is reported.
     *
     * @return whether the pass completed without throwing
     */
    public boolean run(Runnable pass, Consumer<Throwable> recover) {
        Throwable failure = null;
        try {
            pass.run();
        } catch (Throwable t) {
            failure = t;
        }
        if (failure == null) {
            log.recovered("The " + loop + " loop's passes complete");
        } else {
            failed.incrementAndGet();
            log.failed("The " + loop + " loop: a pass failed; " + recovery + ", and the loop goes on", failure);
            try {
                recover.accept(failure);
            } catch (Throwable t) {
                log.failed("The " + loop + " loop: the recovery from a failed pass failed too", t);
            }
        }
        beat(failure);
        return failure == null;
    }

    /** Passes so far, failed ones included. */
    public long passes() {
        return passes.get();
    }

    /** Passes that threw. */
    public long failedPasses() {
        return failed.get();
    }

    private void beat(Throwable failure) {
        try {
            passes.incrementAndGet();
            Instant now = now();
            lastPass = now;
            boolean failing = failure != null;
            if (since == null || failing != lastPassFailed) {
                since = now;
            }
            lastPassFailed = failing;
            if (failing) {
                // a status line and an upstream state field: bounded, and without a peer's address
                lastFailure = PrivacyGate.withoutAddresses(failure.toString());
                lastFailureAt = now;
            }
            long nanos = nanoTime.getAsLong();
            if (!reported || failing != reportedFailed || nanos - reportedNanos >= REPORT_EVERY.toNanos()) {
                report();
                reported = true;
                reportedFailed = failing;
                reportedNanos = nanos;
            }
        } catch (Throwable t) {
            log.failed("The " + loop + " loop: its heartbeat could not be reported", t);
        }
    }

    /** Gateway time; the last pass's time if the clock itself fails. */
    private Instant now() {
        try {
            return time.now();
        } catch (RuntimeException | Error e) {
            return lastPass == null ? Instant.EPOCH : lastPass;
        }
    }

    private void report() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(PASSES, passes.get());
        d.put("failed_passes", failed.get());
        d.put("last_pass", lastPass.toString());
        d.put(STUCK_AFTER_MS, stuckAfterMs);
        if (lastFailureAt != null) {
            d.put("last_failure", lastFailure);
            d.put("last_failure_at", lastFailureAt.toString());
        }
        // what the status table shows for a part whose health has no reason to give
        d.put("last", Map.of("pass", lastPass.toString()));
        health.report(part, lastPassFailed ? Health.faulty("its last pass failed (" + lastFailure + "); " + recovery,
                since) : Health.ok(since), d);
    }

    /** The loop ended: its part leaves the status. */
    @Override
    public void close() {
        health.remove(part);
    }
}
